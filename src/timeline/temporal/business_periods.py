"""The normalisers of the periods business news reports by: quarters, halves, the year's end and
the same period a year before ("the third quarter", "the first half of 1990", "by year-end",
"the year-ago quarter"). Quarters are calendar quarters; the quarter meant without a year is the
latest that has ended, the one whose results a report gives."""

from __future__ import annotations

from datetime import date

from timeline.temporal import lexicon
from timeline.temporal.context import Context, full_year, words


def quarter_of(day: date) -> int:
    """The calendar quarter of a day, 1 to 4."""
    return (day.month - 1) // 3 + 1


def last_quarter_ended(day: date) -> tuple[int, int]:
    """The year and number of the last quarter that has ended by a day: (2024, 1) in May 2024,
    (2023, 4) in January 2024."""
    latest = quarter_of(day) - 1
    return (day.year, latest) if latest else (day.year - 1, 4)


def quarter(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    reference = context.reference
    relation = words(groups.get("relation", ""))
    latest_year, latest = last_quarter_ended(reference)
    named_year = _named_year(groups, reference)
    if "ordinal" in groups:
        number = lexicon.ORDINALS.get(groups["ordinal"].lower(), 0)
        if number < 1 or number > 4:
            return None
        if named_year is not None:
            year = named_year
        else:  # the latest that has begun: results are reported, and forecast, for the quarters of the year under way
            year = reference.year if number <= quarter_of(reference) else reference.year - 1
        if relation in ("year earlier", "year ago"):
            year -= 1
        return "DATE", f"{year}-Q{number}", mod
    if named_year is not None:  # "the 1988 quarter": the quarter being reported, in that year
        return "DATE", f"{named_year}-Q{latest}", mod
    if relation in ("year earlier", "year ago"):
        return "DATE", f"{latest_year - 1}-Q{latest}", mod
    if relation == "current":
        return "DATE", f"{reference.year}-Q{quarter_of(reference)}", mod
    if relation in ("past", "previous") and matched.lower().startswith("the"):
        return "DATE", f"{latest_year}-Q{latest}", mod
    if not matched.lower().startswith("the") and not relation and "year" not in groups:
        return None  # "quarter" alone is a share more often than a time
    return "DATE", f"{latest_year}-Q{latest}", mod


def _named_year(groups: dict[str, str], reference: date) -> int | None:
    if "year" in groups:
        return int(groups["year"])
    if "year_relation" in groups:
        return reference.year + {"last": -1, "next": 1}.get(groups["year_relation"].lower(), 0)
    return None


def half(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    named_year = _named_year(groups, context.reference)
    year = named_year if named_year is not None else context.reference.year
    return "DATE", f"{year}-H{1 if groups['half'].lower() == 'first' else 2}", mod


def year_end(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    year = int(groups["year"]) if "year" in groups else context.reference.year
    return "DATE", f"{year:04d}", "END"


def year_ago(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    reference = context.reference
    unit = groups.get("unit", "").lower()
    if unit == "quarter":
        latest_year, latest = last_quarter_ended(reference)
        return "DATE", f"{latest_year - 1}-Q{latest}", mod
    if unit == "month":
        return "DATE", f"{reference.year - 1:04d}-{reference.month:02d}", mod
    return "DATE", f"{reference.year - 1:04d}", mod


def period_code(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    """Q3 2024, H1 2024, FY2023: the quarter, half or fiscal year of the year given (two digits
    for a fiscal year read as the one nearest: FY24 is 2024)."""
    code, year = groups["code"], full_year(groups["year"])
    if code == "FY":
        return "DATE", f"{year:04d}", mod
    return "DATE", f"{year:04d}-{code}", mod
