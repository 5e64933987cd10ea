"""Reading the `when` of a curated dating against its source's reference date, by the one
reader of time expressions (timeline.temporal, the grammar `timeline dates` and `timeline
extract` use): "16 May 2024", "May 2024", "2022", "earlier this month", "last October", "next
week", "on Thursday", "mid-2023", "the first quarter of 2024", "34 years ago" ... Each reading
keeps its precision (a week is kept at month precision, as the knowledge base records days,
months and years) and says how it was made. An expression that is not one whole date of the
calendar is an error, never a guess.

"before X", "shortly after X", "days before X" (X an event id) state an order, not a date:
see `order`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from timeline.model.dates import ImpreciseDate, Precision, format_date

UNDERSTOOD = (
    "16 May 2024, May 16, 2024, May 2024, 2022 (or YYYY-MM-DD, YYYY-MM), earlier this month, last October, next week, "
    "yesterday, on Thursday, mid-2023, the first quarter of 2024, 34 years ago: any date `timeline dates` reads as one "
    "span of the calendar; and, as an order rather than a date, before X, shortly before X, days before X, after X, "
    "shortly after X, days after X, hard on the heels of X (X an event id)"
)
_ANY_REFERENCES = (date(2001, 3, 14), date(2017, 10, 31))  # two dates an absolute expression reads the same against


class UnresolvedDate(ValueError):
    pass


@dataclass(frozen=True)
class Reading:
    """A date expression read: the dates it stands for and how it was read. `end` is set when
    the end differs from the beginning (a quarter, a week across two months)."""

    date: ImpreciseDate
    explanation: str
    end: ImpreciseDate | None = None


def resolve(expression: str, reference: date | None, future: bool = False) -> Reading:
    """Read an expression against the reference date, as a clause about what happened reads
    it ("in October" is the last October, "on Thursday" the last Thursday up to it), or with
    `future` as a clause about what will happen (the next ones)."""
    text = " ".join(expression.split())
    try:
        return Reading(ImpreciseDate.parse(text), f"{expression!r} names the date itself.")
    except ValueError:
        pass
    readings = {against: _read(text, against, future) for against in (*_ANY_REFERENCES, *([reference] if reference else []))}
    if readings[_ANY_REFERENCES[0]] is not None and readings[_ANY_REFERENCES[0]] == readings[_ANY_REFERENCES[1]]:
        value, rule, begin, end = readings[_ANY_REFERENCES[0]]  # type: ignore[misc]
        return Reading(ImpreciseDate.parse(begin), f"{expression!r} names the date itself.", ImpreciseDate.parse(end) if end else None)
    _check_calendar(text, expression)
    if reference is None:
        if readings[_ANY_REFERENCES[0]] is None:
            raise UnresolvedDate(f"{expression!r} is not a date expression timeline can read; it reads: {UNDERSTOOD}")
        raise UnresolvedDate(f"{expression!r} is relative, and the source has no reference date to read it against")
    found = readings[reference]
    if found is None:
        raise UnresolvedDate(f"{expression!r} is not a date expression timeline can read; it reads: {UNDERSTOOD}")
    value, rule, begin, end = found
    first, last = ImpreciseDate.parse(begin), ImpreciseDate.parse(end) if end else None
    shown = format_date(first.earliest, first.precision) + (f" to {format_date(last.latest, last.precision)}" if last else "")
    week = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if week:
        monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        sunday = monday + timedelta(days=6)
        shown = (f"the week of {format_date(monday, Precision.DAY)} – {format_date(sunday, Precision.DAY)}, kept at month precision, "
                 "as this knowledge base records days, months and years and the text names no day")
        return Reading(first, f"Read against the source's reference date, {format_date(reference, Precision.DAY)} "
                              f"({value}; timeline dates, rule {rule}): {shown}.", last)
    return Reading(first, f"Read against the source's reference date, {format_date(reference, Precision.DAY)}: "
                          f"{shown} ({value}; timeline dates, rule {rule}).", last)


_DAY_MONTH_YEAR = re.compile(r"(?:(\d{1,2}) ([A-Za-z]+)|([A-Za-z]+) (\d{1,2}),?) (\d{4})")


def _check_calendar(text: str, expression: str) -> None:
    """"31 February 2024" reads as a date of no calendar: say so, rather than that it is not a date."""
    import calendar

    found = _DAY_MONTH_YEAR.fullmatch(text)
    if found is None:
        return
    months = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
    month = months.get((found.group(2) or found.group(3)).lower())
    if month is None:
        return
    try:
        date(int(found.group(5)), month, int(found.group(1) or found.group(4)))
    except ValueError as error:
        raise UnresolvedDate(f"{expression!r} is not a date of the calendar: {error}") from None


def _read(text: str, reference: date, future: bool) -> tuple[str, str, str, str | None] | None:
    """The value, rule and span of the one time expression that is the whole text (but for a
    leading "in", "on" or "during"), or None."""
    from timeline.temporal import read_times
    from timeline.temporal.values import span

    lead = "It will be " if future else "It was "  # the tense the reader takes a bare month or weekday in
    found = read_times(lead + text, reference)
    whole = [t for t in found if t.type in ("DATE", "TIME")]
    if len(whole) != 1:
        return None
    expression = whole[0]
    before, after = (lead + text)[len(lead) : expression.start], (lead + text)[expression.end :]
    if after.strip(" .,") or before.strip().lower() not in ("", "in", "on", "during", "by", "of"):
        return None
    value = expression.value.split("T")[0] if expression.type == "TIME" else expression.value
    dates = span(value)
    if dates is None:
        return None
    return value, expression.rule, dates[0], dates[1]


# Expressions that place an event relative to another: the property of the order they state.
ORDER = re.compile(
    r"^(shortly before|before|shortly after|soon after|hard on the heels of|after|"
    r"(?:(?:a few|a couple of|several|two|three|four|five|six|\d+) )?days (?:before|after)) (.+)$",
    re.IGNORECASE,
)
ORDER_PROPERTIES = {
    "shortly before": "shortlyPrecedes",
    "before": "precedes",
    "shortly after": "closelyFollows",
    "soon after": "closelyFollows",
    "hard on the heels of": "closelyFollows",
    "after": "follows",
}


def order(expression: str) -> tuple[str, str] | None:
    """("shortlyPrecedes", "russian-invasion-of-ukraine") for "shortly before
    russian-invasion-of-ukraine"; None for an expression that is not an order."""
    match = ORDER.match(" ".join(expression.strip().split()))
    if not match:
        return None
    words = match.group(1).lower()
    if "days" in words:
        # "days before X" orders the two events; how many days is in the words, kept as evidence.
        return ("shortlyPrecedes" if words.endswith("before") else "closelyFollows"), match.group(2)
    return ORDER_PROPERTIES[words], match.group(2)
