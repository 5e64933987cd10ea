"""Dates at the precision their evidence supports.

A date is written as the evidence allows: "2022" (a year), "2024-05" (a month) or
"2024-05-16" (a day). In RDF an event's sem:hasBeginTimeStamp is the earliest day its
beginning can be and sem:hasEndTimeStamp the latest day its end can be, both xsd:date so
that they sort the same on every engine; tl:beginPrecision and tl:endPrecision say how to
read them. "2022" is therefore 2022-01-01 .. 2022-12-31 at year precision, never
1 January 2022.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from timeline.rdf.prefixes import PREFIXES


class Precision(Enum):
    """How precisely a date is known, from the coarsest to the finest."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"

    @property
    def unit_iri(self) -> str:
        """The OWL-Time temporal unit: time:unitYear, time:unitMonth, time:unitDay."""
        return PREFIXES["time"] + f"unit{self.value.capitalize()}"

    @property
    def rank(self) -> int:
        return list(Precision).index(self)

    @classmethod
    def of_unit(cls, unit_iri: str) -> Precision:
        """The precision an OWL-Time unit stands for; another unit is a ValueError."""
        for precision in cls:
            if precision.unit_iri == unit_iri:
                return precision
        raise ValueError(f"{unit_iri} is not a unit of timeline's dates (time:unitYear, time:unitMonth, time:unitDay)")


# ASCII digits only, the whole text: `\d` would take "٢٠٢٤" and `$` a trailing newline.
_DATE_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@dataclass(frozen=True)
class ImpreciseDate:
    """A date known to a year, a month or a day: the span of days it may stand for."""

    earliest: date
    latest: date
    precision: Precision

    @classmethod
    def parse(cls, text: str) -> ImpreciseDate:
        """Read "2022", "2024-05" or "2024-05-16"; anything else is a ValueError."""
        match = _DATE_PATTERN.fullmatch(text)
        if not match:
            raise ValueError(
                f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (for example 2022, 2024-05, 2024-05-16)"
            )
        year, month, day = match.groups()
        try:
            return cls.of(int(year), int(month) if month else None, int(day) if day else None)
        except ValueError as error:
            raise ValueError(f"{text!r} is not a date of the calendar: {error}") from None

    @classmethod
    def containing(cls, day: date, precision: Precision) -> ImpreciseDate:
        """The year, month or day that `day` falls in: what a timestamp with its precision
        stands for (sem:hasBeginTimeStamp 2022-01-01 at year precision is 2022)."""
        return cls.of(day.year, day.month if precision is not Precision.YEAR else None, day.day if precision is Precision.DAY else None)

    @classmethod
    def of(cls, year: int, month: int | None = None, day: int | None = None) -> ImpreciseDate:
        """A year, a month of a year, or a day, as OWL-Time's date-time descriptions give them."""
        if month is None:
            return cls(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)
        if day is None:
            return cls(date(year, month, 1), date(year, month, _last_day(year, month)), Precision.MONTH)
        return cls(date(year, month, day), date(year, month, day), Precision.DAY)

    @property
    def iso(self) -> str:
        """The date as written at its precision: "2022", "2024-05" or "2024-05-16"."""
        return self.earliest.isoformat()[: {Precision.YEAR: 4, Precision.MONTH: 7, Precision.DAY: 10}[self.precision]]


# English, whatever the locale: the timeline is shown as its sources write dates (and
# `calendar`, which names months by the locale, costs a query 2 ms to import).
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def _last_day(year: int, month: int) -> int:
    """The number of days in the month."""
    return (date(year + month // 12, month % 12 + 1, 1) - date.resolution).day


def format_date(day: date, precision: Precision) -> str:
    """Show a date at its precision: "2022", "May 2024", "16 May 2024"."""
    if precision is Precision.YEAR:
        return f"{day.year}"
    if precision is Precision.MONTH:
        return f"{MONTH_NAMES[day.month - 1]} {day.year}"
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def format_span(
    begin: date, begin_precision: Precision, end: date | None, end_precision: Precision | None
) -> str:
    """Show an event's dates at their precision: "16 May 2024", "16–17 May 2024",
    "5 May – 10 June 2024", "2012 – 16 May 2024", "from 24 February 2022" (no end known)."""
    shown_begin = format_date(begin, begin_precision)
    if end is None or end_precision is None:
        return f"from {shown_begin}"
    shown_end = format_date(end, end_precision)
    if shown_end == shown_begin:
        return shown_begin
    if begin_precision is Precision.DAY and end_precision is Precision.DAY and begin.year == end.year:
        if begin.month == end.month:
            return f"{begin.day}–{shown_end}"
        return f"{begin.day} {MONTH_NAMES[begin.month - 1]} – {shown_end}"
    return f"{shown_begin} – {shown_end}"


def format_dates(begin: ImpreciseDate, end: ImpreciseDate | None) -> str:
    """format_span for an event's first and last dates; no end means none is known."""
    if end is None:
        return format_span(begin.earliest, begin.precision, None, None)
    return format_span(begin.earliest, begin.precision, end.latest, end.precision)


def format_iso_span(begin: str, end: str | None) -> str:
    """format_span for dates written as the stored queries show them: "2022", "2024-05",
    "2024-05-16"; an empty or missing end means none is known."""
    return format_dates(ImpreciseDate.parse(begin), ImpreciseDate.parse(end) if end else None)
