"""What a normaliser knows besides the words it reads: the reference date and the tense of the
clause (timeline.temporal.tense), and whether an amount stands just before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Context:
    reference: date
    future: bool
    past: bool = False
    after_amount: bool = False  # a number or an amount just before: "$55 a night", "700 seats a week"


def words(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").split())


def full_year(text: str) -> int:
    """A year as written, four digits or two ("'89", "FY24"): two are read in the century nearest,
    1931-2030."""
    return int(text) if len(text) != 2 else (1900 if int(text) > 30 else 2000) + int(text)
