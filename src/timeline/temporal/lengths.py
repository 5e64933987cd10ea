"""Normalisers of lengths and repetitions (TimeML's DURATION and SET): "three years", "the past
two quarters", "2 1/2 years", "a day-long strike", "each July", "annually". The pattern table
(timeline.temporal.patterns) names them by kind; timeline.temporal.normalisers holds the
registry."""

from __future__ import annotations

import re

from timeline.temporal import lexicon
from timeline.temporal.context import Context, words


def spoken_number(text: str) -> float | None:
    said = words(text)
    if re.fullmatch(r"\d{1,3}(,\d{3})+", said):
        said = said.replace(",", "")  # grouped in thousands: 10,000
    if re.fullmatch(r"\d{1,9}(\.\d+)?", said):
        return float(said)
    if re.fullmatch(r"\d+(\.\d+)?", said):
        return None  # ten digits or more: no length or count of time a report gives in figures
    if said in lexicon.NUMBERS:
        return float(lexicon.NUMBERS[said])
    parts = said.split()
    if len(parts) == 2 and parts[0] in lexicon.NUMBERS and parts[1] in lexicon.NUMBERS:
        first, second = lexicon.NUMBERS[parts[0]], lexicon.NUMBERS[parts[1]]
        if second in (100, 1000):
            return float(first * second)  # "two hundred", "two thousand"
        if first >= 20 and first % 10 == 0 and second < 10:
            return float(first + second)  # "twenty four"
    return None  # "a five": an article before a number is no number


def unit_of(text: str) -> tuple[str, bool] | None:
    word = text.lower()
    word = {"centuries": "century", "millennia": "millennium", "millenniums": "millennium"}.get(word, word)
    word = re.sub(r"^(?:trading|business|working)\s+", "", word)
    word = word[:-1] if word.endswith("s") and word[:-1] in lexicon.UNITS else word
    return lexicon.UNITS.get(word)


# Half of a unit written in the next smaller one, as ISO 8601 durations are: 2 1/2 years is
# P2Y6M, a minute and a half PT1M30S. Keyed by the unit's letter and whether it is of the day.
_HALVES = {("Y", False): "6M", ("D", False): "T12H", ("H", True): "30M", ("M", True): "30S"}


def duration_value(count: float | None, unit: tuple[str, bool]) -> str:
    """TimeML's value of a length: the unit the writer counted in (P2Q, P1E for a decade, P2C),
    as TimeML keeps it, a half written in the next smaller unit."""
    letter, of_day = unit
    time_mark = "T" if of_day else ""
    if count is None:
        return f"P{time_mark}X{letter}"
    whole = int(count)
    if count - whole == 0.5 and unit in _HALVES:
        return f"P{time_mark}{f'{whole}{letter}' if whole else ''}{_HALVES[unit]}"
    return f"P{time_mark}{whole if count == whole else count}{letter}"


def period_length(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    return "DURATION", "P1Y", mod


def duration(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    unit = unit_of(groups["unit"])
    if unit is None or re.search(r"\w-quarters\b", matched, re.IGNORECASE):
        return None  # "three-quarters" is a fraction
    number = groups["number"]
    if context.after_amount and words(number) in ("a", "an"):
        return None  # "$1.76 a year", "700 seats a week": a rate, so much per unit, no time of the report
    count = None if words(number) in lexicon.VAGUE_NUMBERS else spoken_number(number)
    if count is None and words(number) not in lexicon.VAGUE_NUMBERS:
        return None
    if count is not None and ("fraction" in groups or "half_after" in groups):
        count += 0.5
    return "DURATION", duration_value(count, unit), mod


def unit_long(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    unit = unit_of(groups["unit"])
    return ("DURATION", duration_value(1, unit), mod) if unit else None


def vague_duration(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    unit = unit_of(groups["unit"])
    if unit is None or not (groups.get("span") or matched.lower().startswith("the")):
        return None  # a bare plural ("months") is a duration only with a span word before it
    return "DURATION", duration_value(None, unit), mod


def extent(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    """A bare plural after a preposition of extent ("for centuries"): a length not counted."""
    unit = unit_of(groups["unit"])
    return ("DURATION", duration_value(None, unit), mod) if unit else None


_FREQUENCIES = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P3M", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H"}


def repetition(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    if "word" in groups and context.after_amount:
        return None  # "10,000 units annually", "to rise 8.5% annually": a rate, so much per unit, no time of the report
    if "word" in groups or "basis" in groups:
        return "SET", _FREQUENCIES[(groups.get("word") or groups["basis"]).lower()], mod
    unit_word = groups["unit"].lower().rstrip(".")
    if unit_word in lexicon.MONTHS:
        return "SET", f"XXXX-{lexicon.MONTHS[unit_word]:02d}", mod
    if unit_word in lexicon.SEASONS:
        return "SET", f"XXXX-{lexicon.SEASONS[unit_word]}", mod
    if unit_word in lexicon.WEEKDAYS:
        return "SET", f"XXXX-WXX-{lexicon.WEEKDAYS[unit_word] + 1}", mod
    unit = unit_of(unit_word)
    return ("SET", duration_value(1, unit), mod) if unit else None
