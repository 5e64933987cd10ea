"""Reading every time expression of a text, with TimeML's types and values.

`read_times(text, reference)` runs the table of timeline.temporal.patterns over the text, keeps
the longest of overlapping matches, and normalises each against the reference date (the
report's publication date): a weekday or a month alone is the nearest one before the reference,
or after it where the clause speaks of the future ("will", "is scheduled to", "plans to", ...).
Offsets are in characters of the text as given, so `text[start:end]` is the expression.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from timeline.temporal import lexicon
from timeline.temporal.context import Context, words
from timeline.temporal.lengths import unit_of
from timeline.temporal.normalisers import NORMALISERS, calendar_date, from_narrative_time
from timeline.temporal.patterns import TABLE, Row
from timeline.temporal.reported_quarter import QUARTER_VALUE, ReportedQuarter
from timeline.temporal.tense import SENTENCE_END, clause_tense
from timeline.temporal.values import in_calendar

TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True)
class TimeExpression:
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION or SET
    value: str  # TimeML's value: 2024-05-16, 2024-W20, P3D, PRESENT_REF, ...
    rule: str  # the row of the pattern table that read it
    mod: str = ""  # TimeML's mod: START, END, MID, APPROX, MORE_THAN, ...

    def as_json(self) -> dict[str, object]:
        found: dict[str, object] = {"start": self.start, "end": self.end, "text": self.text, "type": self.type, "value": self.value,
                                    "rule": self.rule}
        if self.mod:
            found["mod"] = self.mod
        return found


CHUNK = 20_000  # characters read at a time: a paragraph, or a run of sentences


def read_times(text: str, reference: date) -> list[TimeExpression]:
    """Every time expression of the text, in order, none overlapping another."""
    return list(iter_times(text, reference))


def iter_times(text: str, reference: date) -> Iterator[TimeExpression]:
    """read_times, an expression at a time as the text is read: a paragraph (or some 20,000
    characters, cut at a sentence's end) at a time, so that time and memory grow with the text,
    not faster, and the first expressions come before the last paragraph is read."""
    found = (expression for start, end in _chunks(text) for expression in _read_chunk(text, start, end, reference)
             if not _a_title(expression, text))
    for expression in _next_to_a_day(_anchored(found, text, reference), text):
        if in_calendar(expression.value):
            yield expression


# Date arithmetic past the calendar's ends (Python's years 1 to 9999): a count no report means as
# a date ("3,000,000 days ago"), or a reference at either end. Such a reading is not made.
_PAST_THE_CALENDAR = (OverflowError, ValueError)


# Words of time written in lower case in running text: capitalised after the first word of an
# expression ("This Week"), or alone where no sentence begins ("VOA Today"), they name a programme
# or a publication.
_COMMON_TIME_WORDS = frozenset({"week", "weekend", "month", "year", "day", "morning", "afternoon", "evening", "night",
                                "today", "tonight", "tomorrow", "yesterday", "now", "quarter", "decade", "century"})
_SENTENCE_OPENERS = ".!?\"'`“‘(:;-\n"


def _a_title(expression: TimeExpression, text: str) -> bool:
    """Whether the expression is part of a name in title case rather than a time: "ABC's This Week
    With David Brinkley", "This is VOA Today"."""
    said = expression.text.split()
    if expression.rule == "holiday":
        return False  # "Thanksgiving Day", "New Year's Day": names of days
    if any(word[0].isupper() and word.lower() in _COMMON_TIME_WORDS for word in said[1:]):
        titled = True
    elif len(said) == 1 and said[0][0].isupper() and said[0].lower() in _COMMON_TIME_WORDS:
        before = text[: expression.start].rstrip()
        titled = bool(before) and before[-1] not in _SENTENCE_OPENERS
    else:
        titled = False
    return titled and not _in_a_headline(text, expression.start)  # a headline capitalises every word


def _in_a_headline(text: str, position: int) -> bool:
    """Whether the line holding text[position] is a headline: no sentence's end closes it and most
    of its words are capitalised ("Sixteen Nominations Sent to the Senate Today")."""
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    line_words = [word for word in line.split() if word[0].isalpha()]
    return (not line.endswith((".", "!", "?", '"', "'", "”"))
            and sum(word[0].isupper() for word in line_words) * 2 > len(line_words))


def _chunks(text: str) -> Iterator[tuple[int, int]]:
    """Where to cut the text, as it is read: at blank lines, and within a long paragraph at the
    first sentence end (or white space) after CHUNK characters. No time expression spans a cut."""
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if end < len(text):
            paragraph = text.find("\n\n", start, end)
            if paragraph >= 0:
                end = paragraph + 2
            else:
                sentence = SENTENCE_END.search(text, end)
                space = text.find(" ", end)
                end = sentence.end() if sentence and sentence.end() - end < 2000 else (space + 1 if space >= 0 else len(text))
        yield start, end
        start = end


def _read_chunk(text: str, chunk_start: int, chunk_end: int, reference: date) -> list[TimeExpression]:
    candidates: list[tuple[int, int, Row, re.Match[str]]] = []
    for table_row in TABLE:
        for match in table_row.pattern.finditer(text, chunk_start, chunk_end):
            if match.end() > match.start():
                candidates.append((match.start(), match.end(), table_row, match))
    # The longest reading wins where two overlap; then the earlier; then the earlier row.
    candidates.sort(key=lambda item: (-(item[1] - item[0]), item[0]))
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    found: list[TimeExpression] = []
    for start, end, table_row, match in candidates:
        place = bisect.bisect_left(taken_starts, start)
        if place < len(taken_starts) and taken_starts[place] < end or place > 0 and taken_ends[place - 1] > start:
            continue  # overlaps a longer reading already taken
        try:
            read = _range(match, text, reference) if table_row.kind == "range" else _expression(table_row, match, text, reference)
        except _PAST_THE_CALENDAR:
            continue
        if not read:
            continue
        found.extend(read)
        taken_starts.insert(place, start)
        taken_ends.insert(place, end)
    return sorted(found, key=lambda expression: expression.start)


def _expression(table_row: Row, match: re.Match[str], text: str, reference: date) -> list[TimeExpression]:
    """The expression a row of the table matched, read; none where the row's reading declines it."""
    normalised = _normalise(table_row, match, text, reference)
    if normalised is None:
        return []
    kind, value, mod = normalised
    return [TimeExpression(match.start(), match.end(), match.group(), kind, value, table_row.name, mod)]


def _range(match: re.Match[str], text: str, reference: date) -> list[TimeExpression]:
    """The two ends of a range, each an expression of its own as TimeML writes them: "Jan. 4"
    and "6" of "Jan. 4 to 6", with what the second leaves out taken from the first."""
    groups = {name: value for name, value in match.groupdict().items() if value is not None}
    context = Context(reference, clause_tense(text, match.start(), match.end()) == "future")
    if "year2" in groups:
        first_year = int(groups["year"])
        second = int(groups["year2"])
        if second < 100:
            if second <= first_year % 100:
                return []  # "2019-12" is a month; a span of years into the next century writes its end whole
            second += first_year // 100 * 100
        if second <= first_year or second - first_year > 200:
            return []  # "2024-2019", "1910-2900": no span of years
        return [
            TimeExpression(match.start("year"), match.end("year"), groups["year"], "DATE", f"{first_year:04d}", "year-range"),
            TimeExpression(match.start("year2"), match.end("year2"), groups["year2"], "DATE", f"{second:04d}", "year-range"),
        ]
    year = {"year": groups["year"]} if "year" in groups else {}
    first = calendar_date({"month": groups["month"], "day": groups["day"], **year}, match.group(), context, "")
    last = calendar_date({"month": groups["month"], "day": groups["day2"], **year}, match.group(), context, "")
    if first is None or last is None or last[1] <= first[1]:
        return []
    if match.start("day") < match.start("month"):  # "10 to 12 March 2024": the month and year are the second's
        first_span, last_span = (match.start("day"), match.end("day")), (match.start("day2"), match.end())
    else:  # "Jan. 4 to 6, 2024": the first has the month, and the year where it follows the first day
        first_end = match.end("year") if "year" in groups and match.start("year") < match.start("day2") else match.end("day")
        first_span, last_span = (match.start(), first_end), (match.start("day2"), match.end("day2"))
    return [
        TimeExpression(first_span[0], first_span[1], text[first_span[0] : first_span[1]], "DATE", first[1], "day-range"),
        TimeExpression(last_span[0], last_span[1], text[last_span[0] : last_span[1]], "DATE", last[1], "day-range"),
    ]


def _anchored(found: Iterable[TimeExpression], text: str, reference: date) -> Iterator[TimeExpression]:
    """Expressions read against the text rather than the reference date: "the following year",
    "the previous Friday", "that year", "the next day" and "two weeks later" count from the last
    date the text named, as a narrative moves on from it; the periods of business news from the
    quarter the report is about (timeline.temporal.reported_quarter). Each is given out once the
    next is read (a quarter's value can hang on the date that follows: "the quarter ended July 31")."""
    reported = ReportedQuarter(reference)
    narrative_time: str | None = None  # the last date the text named
    expressions = iter(found)
    expression = next(expressions, None)
    while expression is not None:
        following = next(expressions, None)
        try:
            expression, narrative_time = _anchor(expression, following, text, reported, narrative_time)
        except _PAST_THE_CALENDAR:
            pass  # kept as read against the reference
        yield expression
        expression = following


def _anchor(expression: TimeExpression, following: TimeExpression | None, text: str, reported: ReportedQuarter,
            narrative_time: str | None) -> tuple[TimeExpression, str | None]:
    """One expression of _anchored read against the text (`following`: the expression after it,
    if any), and the last date the text names after it."""
    said = words(expression.text)
    if narrative_time and (said.startswith(("the following ", "the previous ", "that ", "the same ")) or expression.rule == "narrative-day"):
        value = from_narrative_time(said, narrative_time)
        if value is None and expression.rule == "narrative-day":
            value = narrative_time  # "in 1990 he left; the next day ...": a day of that year, which one untold
        if value:
            expression = replace(expression, value=value)
    elif narrative_time and said.endswith((" of the same year", " of that year")):
        expression = replace(expression, value=narrative_time[:4] + expression.value[4:])  # "July of the same year"
    elif narrative_time and expression.rule == "offset" and said.endswith((" later", " earlier")) and not reported.current:
        value = _offset_from(expression.text, narrative_time) or narrative_time  # too coarse to count from: its time
        expression = replace(expression, value=value)
    if expression.type == "DATE" and re.fullmatch(r"\d{4}(-\d\d){0,2}", expression.value):
        narrative_time = expression.value
    if QUARTER_VALUE.fullmatch(expression.value):
        after = (following.start, following.value) if following else None
        expression = replace(expression, value=reported.quarter(expression.text, expression.rule, expression.value,
                                                                 expression.start, expression.end, text, after))
    else:
        expression = replace(expression, value=reported.year_before(expression.rule, expression.value, expression.start, text))
    return expression, narrative_time


# "the day before last Tuesday", "the day after Christmas": one day from a day the text names.
_DAY_BEFORE_OR_AFTER = re.compile(r"(?<![\w-])(?:the\s+)?day\s+(before|after)\s+$", re.IGNORECASE)


def _next_to_a_day(found: Iterable[TimeExpression], text: str) -> Iterator[TimeExpression]:
    """A day named by the day before or after another ("the day before last Tuesday") is one
    expression, a day from the one it names."""
    for expression in found:
        before = _DAY_BEFORE_OR_AFTER.search(text, max(0, expression.start - 20), expression.start)
        if before and expression.type == "DATE" and re.fullmatch(r"\d{4}-\d\d-\d\d", expression.value):
            try:
                day = date.fromisoformat(expression.value) + timedelta(days=-1 if before.group(1).lower() == "before" else 1)
            except _PAST_THE_CALENDAR:
                yield expression
                continue
            expression = replace(expression, start=before.start(), text=text[before.start() : expression.end],
                                 value=day.isoformat(), rule="day-before-after")
        yield expression


_OFFSET = next(table_row for table_row in TABLE if table_row.name == "offset")
# The units an anchor of each precision (a year, a month, a day) can be moved by.
_UNITS_FROM = {1: {("Y", False), ("E", False), ("C", False)}, 2: {("M", False), ("Q", False), ("Y", False), ("E", False), ("C", False)}}


def _offset_from(expression_text: str, anchor: str) -> str | None:
    """"Two weeks later", "a day earlier" counted from the last date the text named, where that
    date is as precise as the unit: a narrative moves on from the day it told of."""
    match = _OFFSET.pattern.fullmatch(expression_text)
    parts = anchor.split("-")
    if match is None:
        return None
    unit = unit_of(match.group("unit"))
    if len(parts) < 3 and unit not in _UNITS_FROM[len(parts)]:
        return None
    day = date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    groups = {name: value for name, value in match.groupdict().items() if value is not None}
    normalised = NORMALISERS["offset"](groups, match.group(), Context(day, False), "")
    return normalised[1] if normalised else None


def _normalise(table_row: Row, match: re.Match[str], text: str, reference: date) -> tuple[str, str, str] | None:
    tense = clause_tense(text, match.start(), match.end())
    after_amount = bool(_AMOUNT_BEFORE.search(text, max(0, match.start() - 40), match.start()))
    context = Context(reference, tense == "future", tense == "past", after_amount)
    groups = {name: value for name, value in match.groupdict().items() if value is not None}
    mod = lexicon.MODIFIERS.get(words(groups.get("mod", "")), "")
    return NORMALISERS[table_row.kind](groups, match.group(), context, mod)


# A number, with at most two words (no preposition) after it, right before an expression:
# "358,000 a month", "700 seats a week"; not "in 1990 within a year", nor across a sentence's end
# ("... three thousand. But a minute and a half later").
_AMOUNT_BEFORE = re.compile(r"(?:\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion))"
                            r"(?:[\w,%]|\.(?=\d))*\s+(?:(?!(?:in|within|for|over|after|before|during|of|than|by|to|from|at|on|about)\s)[A-Za-z]+\s+){0,2}$",
                            re.IGNORECASE)
