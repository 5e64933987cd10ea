"""TimeML values as the knowledge base's dates: the first and last day a DATE value can stand
for, each at the precision the value has (a year, a month or a day). A week is the month (or
two) its days fall in, as the knowledge base keeps no weeks, a quarter its first month to its last, a decade its first year to its last; a
season, a part of a day or PRESENT_REF name no span of the calendar, and give None."""

from __future__ import annotations

import re
from datetime import date, timedelta


def span(value: str) -> tuple[str, str | None] | None:
    """(begin, end) as the curated TOML writes them (end None when the value is one date), or
    None when the value is no span of the calendar."""
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return value, None
    week = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if week:
        # The knowledge base records days, months and years, and "next week" names no day: a
        # week is kept at month precision (two months where it straddles them).
        monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        sunday = monday + timedelta(days=6)
        first, last = f"{monday:%Y-%m}", f"{sunday:%Y-%m}"
        return first, (last if last != first else None)
    quarter = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    if quarter:
        year, number = int(quarter.group(1)), int(quarter.group(2))
        return f"{year}-{3 * number - 2:02d}", f"{year}-{3 * number:02d}"
    decade = re.fullmatch(r"(\d{3})", value)
    if decade:
        return f"{decade.group(1)}0", f"{decade.group(1)}9"
    return None


def in_calendar(value: str) -> bool:
    """Whether the value's year, where it has one, is one of the calendar's years 0001 to 9999,
    the years TimeML writes in four digits: "-247976-05" (3,000,000 months ago) or "10000" (the
    year after 9999) name none."""
    return not re.match(r"-|\d{5}|0000", value)
