"""Holidays news dates events by ("on Christmas Eve", "before Thanksgiving"): each with the
rule that gives its day in a year. A newcomer adds one in a line: a fixed day of the year, the
nth weekday of a month, or a day counted from Easter."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

from dateutil.easter import easter


def _fixed(month: int, day: int) -> Callable[[int], date]:
    return lambda year: date(year, month, day)


def _nth_weekday(month: int, weekday: int, nth: int) -> Callable[[int], date]:
    """The nth (1-based; -1 the last) such weekday of the month."""

    def day_in(year: int) -> date:
        days = [week[weekday] for week in calendar.monthcalendar(year, month) if week[weekday]]
        return date(year, month, days[nth - 1] if nth > 0 else days[nth])

    return day_in


def _from_easter(offset: int) -> Callable[[int], date]:
    return lambda year: easter(year) + timedelta(days=offset)


def _us_election_day(year: int) -> date:
    """The Tuesday after the first Monday of November (3 U.S.C. 7)."""
    first_monday = _nth_weekday(11, calendar.MONDAY, 1)(year)
    return first_monday + timedelta(days=1)


# Names as news writes them (lower case, apostrophes kept) and the rule of their day.
HOLIDAYS: dict[str, Callable[[int], date]] = {
    "new year's day": _fixed(1, 1), "new year's eve": _fixed(12, 31), "christmas eve": _fixed(12, 24),
    "christmas day": _fixed(12, 25), "christmas": _fixed(12, 25), "boxing day": _fixed(12, 26),
    "valentine's day": _fixed(2, 14), "st. patrick's day": _fixed(3, 17), "halloween": _fixed(10, 31),
    "independence day": _fixed(7, 4), "bastille day": _fixed(7, 14), "veterans day": _fixed(11, 11),
    "armistice day": _fixed(11, 11), "remembrance day": _fixed(11, 11), "may day": _fixed(5, 1),
    "thanksgiving day": _nth_weekday(11, calendar.THURSDAY, 4), "thanksgiving": _nth_weekday(11, calendar.THURSDAY, 4),
    "labor day": _nth_weekday(9, calendar.MONDAY, 1), "memorial day": _nth_weekday(5, calendar.MONDAY, -1),
    "martin luther king day": _nth_weekday(1, calendar.MONDAY, 3), "presidents day": _nth_weekday(2, calendar.MONDAY, 3),
    "presidents' day": _nth_weekday(2, calendar.MONDAY, 3), "columbus day": _nth_weekday(10, calendar.MONDAY, 2),
    "mother's day": _nth_weekday(5, calendar.SUNDAY, 2), "father's day": _nth_weekday(6, calendar.SUNDAY, 3),
    "election day": _us_election_day,
    "easter sunday": _from_easter(0), "easter": _from_easter(0), "easter monday": _from_easter(1),
    "good friday": _from_easter(-2), "palm sunday": _from_easter(-7), "ash wednesday": _from_easter(-46),
    "pentecost": _from_easter(49), "whit monday": _from_easter(50),
}


def holiday_in(name: str, year: int) -> date:
    return HOLIDAYS[name](year)
