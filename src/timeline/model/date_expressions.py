"""Reading the date expressions of a text against its reference date.

"16 May 2024", "May 2024", "2022" and their ISO forms are absolute. "earlier this month",
"this month", "last month", "this year", "last year", "next year", "in October", "last
October", "next October", "yesterday", "today" and "tomorrow" are read against the source's
reference date. Each reading keeps its precision and says how it was made. Anything else is
an error that lists what is understood: never a guess.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from timeline.model.dates import ImpreciseDate, Precision, format_date

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
UNDERSTOOD = (
    "16 May 2024, May 16, 2024, May 2024, 2022 (or YYYY-MM-DD, YYYY-MM), earlier this month, this month, last month, "
    "this year, last year, next year, in October, last October, next October, last week, this week, next week, "
    "yesterday, today, tomorrow, on Thursday, last Thursday, next Thursday; and, as an order rather than a date, "
    "before X, shortly before X, days before X, after X, shortly after X, days after X, hard on the heels of X "
    "(X an event id)"
)


class UnresolvedDate(ValueError):
    pass


@dataclass(frozen=True)
class Reading:
    """A date expression read: the dates it stands for and how it was read. `end` is set when
    the end differs from the beginning (a week across two months)."""

    date: ImpreciseDate
    explanation: str
    end: ImpreciseDate | None = None


def _month(year: int, month: int) -> ImpreciseDate:
    return ImpreciseDate.parse(f"{year:04d}-{month:02d}")


def _day(day: date) -> ImpreciseDate:
    return ImpreciseDate.parse(day.isoformat())


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def resolve(expression: str, reference: date | None, future: bool = False) -> Reading:
    """Read an expression against the reference date. `future` reads a bare weekday ("on
    Thursday") as the next such day, as a sentence in the future tense means it; otherwise it
    is the most recent such day up to the reference date."""
    text = " ".join(expression.strip().lower().replace(",", " ").split())
    text = re.sub(r"^(in|on|during) ", "", text)
    absolute = _absolute(text)
    if absolute is not None:
        return Reading(absolute, f"{expression!r} names the date itself.")
    if reference is None:
        raise UnresolvedDate(f"{expression!r} is relative, and the source has no reference date to read it against")
    against = f"Read against the source's reference date, {format_date(reference, Precision.DAY)}"
    year, month = reference.year, reference.month
    if text in ("earlier this month", "this month"):
        before = f", before the {_ordinal(reference.day)}" if text.startswith("earlier") else ""
        return Reading(_month(year, month), f"{against}: in {calendar.month_name[month]} {year}{before}.")
    if text == "last month":
        y, m = _shift_month(year, month, -1)
        return Reading(_month(y, m), f"{against}: the month before, {calendar.month_name[m]} {y}.")
    for words, offset, meaning in (("this year", 0, "the same year"), ("last year", -1, "the year before"), ("next year", 1, "the year after")):
        if text == words:
            return Reading(ImpreciseDate.parse(f"{year + offset:04d}"), f"{against}: {meaning}, {year + offset}.")
    for words, offset in (("yesterday", -1), ("today", 0), ("tomorrow", 1)):
        if text == words:
            day = reference + timedelta(days=offset)
            return Reading(_day(day), f"{against}: {format_date(day, Precision.DAY)}.")
    week = re.fullmatch(r"(last|this|next) week", text)
    if week:
        shift = {"last": -7, "this": 0, "next": 7}[week.group(1)]
        monday = reference - timedelta(days=reference.weekday()) + timedelta(days=shift)
        sunday = monday + timedelta(days=6)
        shown = f"{format_date(monday, Precision.DAY)} – {format_date(sunday, Precision.DAY)}"
        kept = (
            "kept at month precision, as this knowledge base records days, months and years and the text names no day"
        )
        first, last = _month(monday.year, monday.month), _month(sunday.year, sunday.month)
        return Reading(first, f"{against}: the week of {shown}, {kept}.", None if first == last else last)
    weekday = re.fullmatch(r"(last |next |this )?([a-z]+)", text)
    if weekday and weekday.group(2) in WEEKDAYS:
        return _weekday(weekday.group(1), WEEKDAYS[weekday.group(2)], reference, against, future)
    match = re.fullmatch(r"(last |next )?([a-z]+)", text)
    if match and match.group(2) in MONTHS:
        wanted = MONTHS[match.group(2)]
        name = calendar.month_name[wanted]
        if match.group(1) == "next ":
            y = year if wanted > month else year + 1
            return Reading(_month(y, wanted), f"{against}: the first {name} after it, {name} {y}.")
        strictly = match.group(1) == "last "
        if wanted == month and not strictly:
            return Reading(_month(year, wanted), f"{against}: its own month, {name} {year}.")
        y = year if wanted < month else year - 1
        return Reading(_month(y, wanted), f"{against}: the last {name} before it, {name} {y}.")
    raise UnresolvedDate(f"{expression!r} is not a date expression timeline can read; it reads: {UNDERSTOOD}")


def _weekday(which: str | None, wanted: int, reference: date, against: str, future: bool) -> Reading:
    name = calendar.day_name[wanted]
    back = (reference.weekday() - wanted) % 7
    ahead = (wanted - reference.weekday()) % 7
    if which == "next " or (which is None and future):
        day = reference + timedelta(days=ahead or 7)
        how = f"the first {name} after it" + ("" if which else ", as the sentence speaks of what will happen")
    elif which == "last ":
        day = reference - timedelta(days=back or 7)
        how = f"the last {name} before it"
    else:
        day = reference - timedelta(days=back)
        how = f"the most recent {name}" if back else "that very day, a " + name
    return Reading(_day(day), f"{against} ({calendar.day_name[reference.weekday()]}): {how}, {format_date(day, Precision.DAY)}.")


def _absolute(text: str) -> ImpreciseDate | None:
    try:
        return ImpreciseDate.parse(text)
    except ValueError:
        pass
    day_month_year = re.fullmatch(r"(\d{1,2}) ([a-z]+) (\d{4})", text) or None
    month_day_year = re.fullmatch(r"([a-z]+) (\d{1,2}) (\d{4})", text) or None
    month_year = re.fullmatch(r"([a-z]+) (\d{4})", text) or None
    try:
        if day_month_year and day_month_year.group(2) in MONTHS:
            return _day(date(int(day_month_year.group(3)), MONTHS[day_month_year.group(2)], int(day_month_year.group(1))))
        if month_day_year and month_day_year.group(1) in MONTHS:
            return _day(date(int(month_day_year.group(3)), MONTHS[month_day_year.group(1)], int(month_day_year.group(2))))
    except ValueError as error:
        raise UnresolvedDate(f"{text!r} is not a date of the calendar: {error}") from None
    if month_year and month_year.group(1) in MONTHS:
        return _month(int(month_year.group(2)), MONTHS[month_year.group(1)])
    return None


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


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
