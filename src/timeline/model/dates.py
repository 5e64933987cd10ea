"""Dates at the precision their evidence supports.

A date is written as the evidence allows: "2022" (a year), "2024-05" (a month) or
"2024-05-16" (a day). In RDF an event's sem:hasBeginTimeStamp is the earliest day its
beginning can be and sem:hasEndTimeStamp the latest day its end can be, both xsd:date so
that they sort the same on every engine; tl:beginPrecision and tl:endPrecision say how to
read them. "2022" is therefore 2022-01-01 .. 2022-12-31 at year precision, never
1 January 2022.
"""

from __future__ import annotations

import calendar
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
            if day is not None:
                exact = date(int(year), int(month), int(day))
                return cls(exact, exact, Precision.DAY)
            if month is not None:
                first = date(int(year), int(month), 1)
                last_day = calendar.monthrange(int(year), int(month))[1]
                return cls(first, date(int(year), int(month), last_day), Precision.MONTH)
        except ValueError as error:
            raise ValueError(f"{text!r} is not a date of the calendar: {error}") from None
        return cls(date(int(year), 1, 1), date(int(year), 12, 31), Precision.YEAR)

    @property
    def iso(self) -> str:
        """The date as written at its precision: "2022", "2024-05" or "2024-05-16"."""
        return self.earliest.isoformat()[: {Precision.YEAR: 4, Precision.MONTH: 7, Precision.DAY: 10}[self.precision]]


def format_date(day: date, precision: Precision) -> str:
    """Show a date at its precision: "2022", "May 2024", "16 May 2024"."""
    if precision is Precision.YEAR:
        return f"{day.year}"
    if precision is Precision.MONTH:
        return f"{calendar.month_name[day.month]} {day.year}"
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


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
        return f"{begin.day} {calendar.month_name[begin.month]} – {shown_end}"
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
