"""The date of each proposed event: the time expressions of a report as the reader of time
expressions reads them (timeline.temporal), as spans of the calendar; which of them is an
event's (its clause's, never the reporting's, not one that modifies another noun); and what
news writing adds (ranges, "a five-day tour", the present tense of a schedule)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from timeline.extraction.event_words import EventWord, verb_lemmas
from timeline.extraction.records import Proposal, shown
from timeline.extraction.text_units import Span, Word
from timeline.model.dates import ImpreciseDate

_REPORTING = re.compile(r"\b(?:said|says|told(?: \w+){0,2}|added|announced|reported|stated|confirmed|wrote|noted)\s*(?:on|late|early)?\s*$",
                        re.IGNORECASE)
_REPORTING_AFTER = re.compile(r"^\s*,?\s*(?:\w+\s+){0,2}(?:said|says|told|announced|reported)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Dated:
    expression: str
    start: int
    explanation: str
    begin: str
    end: str = ""
    rule: str = ""
    since: bool = False  # "since 2012": the start of what continues

    @property
    def shown(self) -> str:
        return shown(self.begin, self.end, self.since)


@dataclass(frozen=True)
class CalendarTime:
    start: int
    end: int
    dated: Dated


def calendar_times(text: str, reference: date | None) -> list[CalendarTime]:
    """The time expressions of the text that name a span of the calendar, as the reader of
    time expressions reads them against the report's date."""
    if reference is None:
        return []
    from timeline.temporal import read_times
    from timeline.temporal.values import span

    found = []
    for expression in read_times(text, reference):
        value = expression.value.split("T")[0] if expression.type == "TIME" else expression.value  # a time of day: its day
        dates = span(value) if expression.type in ("DATE", "TIME") else None
        if dates is None:
            continue
        begin, end = dates
        since = text[max(0, expression.start - 8) : expression.start].rstrip().lower().endswith("since")
        explanation = (f"{expression.text!r} read as {expression.value} against the source's date, {reference.isoformat()}"
                       f"{_how(expression.rule, expression.value, reference)} (timeline dates, rule {expression.rule})")
        found.append(CalendarTime(expression.start, expression.end,
                                   Dated(expression.text, expression.start, explanation, begin, end or "", expression.rule, since)))
    return _ranges(text, found)


_RANGE_OPENING = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"^\s*(?:and|to|until|till|through|-|–)\s*$", re.IGNORECASE)


def _ranges(text: str, times: list[CalendarTime]) -> list[CalendarTime]:
    """"between 2008 and 2011", "from 4 to 6 January": one span from the first to the last,
    as news states the period a figure or an event covers."""
    joined: list[CalendarTime] = []
    index = 0
    while index < len(times):
        first = times[index]
        if index + 1 < len(times):
            second = times[index + 1]
            between = text[first.end : second.start]
            opening = text[max(0, first.start - 10) : first.start]
            if _RANGE_JOIN.match(between) and (_RANGE_OPENING.search(opening) or between.strip() in "-–"):
                dated = first.dated
                span_text = text[first.start : second.end]
                joined.append(CalendarTime(first.start, second.end, Dated(
                    span_text, first.start, f"{span_text!r}: from {dated.explanation}; to {second.dated.explanation}",
                    dated.begin, second.dated.end or second.dated.begin, "range")))
                index += 2
                continue
        joined.append(first)
        index += 1
    return joined


def date_for(text: str, word: Word, clause: Span, times: Sequence[CalendarTime], after: date | None) -> Dated | None:
    """The date of an event word: the nearest time expression of its clause, else of its
    sentence; never one that dates the reporting ("said on Wednesday", "Tuesday said"), and for
    an event still to come (`after` the report's date) never a date wholly before it."""
    best: tuple[int, CalendarTime] | None = None
    for time in times:
        if reporting_date(text, time.start, time.end) or (_modifies_a_noun(text, time) and not word.start > time.end):
            continue
        if after is not None and ImpreciseDate.parse(time.dated.end or time.dated.begin).latest < after:
            continue
        distance = min(abs(time.start - word.end), abs(word.start - time.end))
        if not clause.start <= time.start < clause.end:
            distance += 10_000  # another clause's date serves only where its own has none
        if best is None or distance < best[0]:
            best = (distance, time)
    return best[1].dated if best else None


def scheduled(dated: Dated, word: Word, reference: date | None) -> Dated:
    """"Arafat meets Albright Monday": a weekday with a verb in the present tense is the coming
    one, the present of a schedule, as news headlines and leads write plans."""
    if (reference is None or dated.rule != "weekday" or len(dated.begin) != 10 or not _present_tense(word.text)
            or re.match(r"(?:last|past|this past|on)\b", dated.expression, re.IGNORECASE)):
        return dated
    day = date.fromisoformat(dated.begin)
    if day >= reference:
        return dated
    later = day + timedelta(days=7)
    return Dated(dated.expression, dated.start,
                 f"{dated.explanation}; the verb is in the present tense, so the coming {later.strftime('%A')}",
                 later.isoformat(), "", dated.rule)


def _present_tense(word: str) -> bool:
    """"meets", "meet": a verb of the lexicon in its base form or its third person singular."""
    lower = word.lower()
    return not lower.endswith(("ed", "ing")) and any(lower in (lemma, lemma + "s", lemma + "es") for lemma in verb_lemmas(lower))


_LASTING = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|\d+)[- ]day\b[^,;]*$", re.IGNORECASE)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def lasting(proposal: Proposal, before: str) -> None:
    """"a five-day tour ... today": an event that begins on a day and lasts N days ends N - 1
    days later."""
    found = _LASTING.search(before)
    if found is None or len(proposal.begin) != 10 or proposal.end_date:
        return
    days = int(found.group(1)) if found.group(1).isdigit() else _NUMBERS[found.group(1).lower()]
    proposal.end_date = (date.fromisoformat(proposal.begin) + timedelta(days=days - 1)).isoformat()
    proposal.reasons.append(f"{found.group(0).split()[0]!r}: it lasts {days} days")


def nearest(time: CalendarTime, word: Word, events: Sequence[EventWord], clause_words: Sequence[Word]) -> bool:
    def distance(other: Word) -> int:
        return min(abs(time.start - other.end), abs(other.start - time.end))

    return all(distance(word) <= distance(clause_words[event.first]) for event in events)


def _modifies_a_noun(text: str, time: CalendarTime) -> bool:
    """"the 2008 Board elections", "the 2016 decision", "this year's election": a bare year
    before a noun, or a possessive time, dates that noun (the event word after it), not the
    clause's other events."""
    if re.match(r"['’]s?\s+[A-Za-z]", text[time.end : time.end + 4]) or text[time.end - 2 : time.end] in ("'s", "’s"):
        return True
    return bool(re.fullmatch(r"\d{4}", text[time.start : time.end]) and re.match(r"\s+[A-Za-z]", text[time.end : time.end + 2])
                and re.search(r"\b(?:the|a|an|its|their|his|her)\s+$", text[max(0, time.start - 8) : time.start], re.IGNORECASE))


def reporting_date(text: str, start: int, end: int) -> bool:
    return bool(_REPORTING.search(text[max(0, start - 40) : start]) or _REPORTING_AFTER.match(text[end : end + 40]))


def apply_date(proposal: Proposal, dated: Dated) -> None:
    proposal.when, proposal.when_start, proposal.since = dated.expression, dated.start, dated.since
    proposal.resolution, proposal.begin, proposal.end_date = dated.explanation, dated.begin, dated.end
    proposal.reasons.append(f"date {dated.expression!r}: {dated.shown}")


def _how(rule: str, value: str, reference: date) -> str:
    """Why a weekday is the one it is, the choice a reviewer most often checks."""
    if rule != "weekday" or len(value) != 10:
        return ""
    day = date.fromisoformat(value)
    name = day.strftime("%A")
    return f": the most recent {name} up to it" if day <= reference else f": the next {name} after it, as the clause speaks of the future"
