"""The normalisers of the pattern table (timeline.temporal.patterns): each takes a match's
named groups, its text and its context (the reference date, and whether the clause speaks of
the future or the past) and gives TimeML's type, value and mod, or None where the words are
no time expression after all ("may" the verb). The normalisers of dates and times are here, those
of lengths and repetitions in timeline.temporal.lengths, of quarters and halves in
timeline.temporal.business_periods; NORMALISERS names them all by kind."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from timeline.temporal import lexicon
from timeline.temporal.business_periods import half, period_code, quarter, quarter_of, year_ago, year_end
from timeline.temporal.context import Context, full_year, words
from timeline.temporal.holidays import holiday_in
from timeline.temporal.lengths import (
    duration, extent, period_length, repetition, spoken_number, unit_of, unit_long, vague_duration,
)
from timeline.temporal.values import in_calendar


def _month_number(groups: dict[str, str]) -> int | None:
    if "month_number" in groups:
        return int(groups["month_number"])
    if "month" in groups:
        return lexicon.MONTHS.get(groups["month"].lower().rstrip("."))
    return None


def _day_number(groups: dict[str, str]) -> int | None:
    if "spoken_day" in groups:
        return lexicon.DAY_WORDS[re.sub(r"\s+", " ", groups["spoken_day"].lower())]
    raw = groups.get("day_number") or groups.get("day")
    return int(re.sub(r"\D", "", raw)) if raw else None


def calendar_date(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    month = _month_number(groups)
    day = _day_number(groups)
    if "month" in groups and month is None:
        return None
    word = groups.get("month", "").rstrip(".")
    if word and word.lower() in lexicon.AMBIGUOUS_MONTHS and day is None and "year" not in groups and not word[0].isupper():
        return None  # "may", "march": verbs unless capitalised
    if "spoken_day" in groups and not word[:1].isupper():
        return None  # "you may second it", "march first": a day in words only after a month's name
    if word and word.lower() in lexicon.AMBIGUOUS_MONTHS and word.lower() != "may" and len(word) <= 3 and day is None:
        return None  # "Mar", "Jan" alone are names more often than months
    year_text = str(full_year(groups["year"])) if "year" in groups else None
    if month is None:
        return "DATE", f"{year_text}", mod  # a fiscal year is written as its year, as TimeBank does
    if day is not None and day > calendar.monthrange(int(year_text) if year_text else 2000, month)[1]:
        return None
    relation = words(groups.get("relation", ""))
    if year_text:
        year = int(year_text)
    elif "year_relation" in groups:
        year = context.reference.year + {"last": -1, "next": 1}.get(groups["year_relation"].lower(), 0)
    elif relation in ("last", "this past"):
        year = context.reference.year if month < context.reference.month else context.reference.year - 1
    elif relation in ("next", "this coming"):
        year = context.reference.year if month > context.reference.month else context.reference.year + 1
    elif relation == "this":
        year = context.reference.year
    elif "weekday" in groups and day is not None:
        year = _year_of_weekday(context, month, day, lexicon.WEEKDAYS[groups["weekday"].lower().rstrip(".")])
    else:
        year = _nearest_year(context, month, day)
    value = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")
    return "DATE", value, mod


def _year_of_weekday(context: Context, month: int, day: int, weekday: int) -> int:
    """The year of a date given with its weekday ("Monday 1 April"): of the year before the
    reference, its own and the next, one in which that day is that weekday, the tense's choice
    first, then the nearest; the tense's choice where none is (a slip of the writer)."""
    chosen = _nearest_year(context, month, day)
    years = sorted((context.reference.year - 1, context.reference.year, context.reference.year + 1),
                   key=lambda year: (year != chosen, abs(date(year, month, min(day, 28)) - context.reference)))
    return next((year for year in years if day <= calendar.monthrange(year, month)[1] and date(year, month, day).weekday() == weekday), chosen)


def _nearest_year(context: Context, month: int, day: int | None) -> int:
    """The year of a month (and day) given without one: in a clause in the future tense the
    next such month, in one in the past tense the last; else the nearest to the reference, as
    news speaks of the recent past and the near future."""
    reference = context.reference
    here = reference.year * 12 + reference.month - 1
    candidates = [year * 12 + month - 1 for year in (reference.year - 1, reference.year, reference.year + 1)]
    if context.future:
        return next(index for index in candidates if index >= here) // 12
    if context.past:
        return [index for index in candidates if index <= here][-1] // 12
    return min(candidates, key=lambda index: (abs(index - here), index > here)) // 12  # a tie goes to the past


def _holiday(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    name = groups["holiday"]
    if not name[0].isupper():
        return None  # "christmas" in lower case is no name of a day; "may day" is a phrase
    key = " ".join(name.lower().replace("’", "'").split())
    year_text = groups.get("year") or groups.get("year2")
    if year_text:
        return "DATE", holiday_in(key, int(year_text)).isoformat(), mod
    reference = context.reference
    days = [holiday_in(key, year) for year in (reference.year - 1, reference.year, reference.year + 1)]
    if context.future:
        return "DATE", next(day for day in days if day >= reference).isoformat(), mod
    if context.past:
        return "DATE", [day for day in days if day <= reference][-1].isoformat(), mod
    return "DATE", min(days, key=lambda day: (abs((day - reference).days), day > reference)).isoformat(), mod


def _decade(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    if "decade" in groups:
        return "DATE", groups["decade"], mod
    return "DATE", f"19{groups['short_decade']}", mod


_SEASON_STARTS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    season = lexicon.SEASONS[(groups.get("season") or groups["bare"]).lower()]
    if "year" in groups:
        return "DATE", f"{groups['year']}-{season}", mod
    relation = words(groups.get("relation", "this"))
    year = context.reference.year + {"last": -1, "next": 1, "the coming": 1}.get(relation, 0)
    if "relation" not in groups and context.past and _SEASON_STARTS[season] > context.reference.month:
        year -= 1  # "the summer", told in the past tense in March: last year's
    return "DATE", f"{year}-{season}", mod


def _deictic(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    reference = context.reference
    word = words(groups.get("word") or groups.get("relation", "today"))
    part = lexicon.PARTS_OF_DAY.get(groups.get("part", "").lower(), "")
    if "day_word" in groups:  # "mid-afternoon yesterday": the part of the day named after it
        day = reference + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(groups["day_word"].lower(), 0))
        return "TIME", f"{day.isoformat()}T{part}", {"mid": "MID", "late": "END", "early": "START"}.get(word, mod)
    shift = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    day = reference + timedelta(days=shift)
    if word == "tonight":
        return "TIME", f"{day.isoformat()}TNI", mod
    if word == "last" and part:
        return "TIME", f"{(reference - timedelta(days=1)).isoformat()}T{part}", mod
    if word in ("mid", "late", "early", "later this", "earlier this") and part:
        return "TIME", f"{reference.isoformat()}T{part}", {"mid": "MID", "late": "END", "early": "START"}.get(word, "")
    if part:
        return "TIME", f"{day.isoformat()}T{part}", mod
    return "DATE", day.isoformat(), mod


def _weekday(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    reference = context.reference
    weekday = lexicon.WEEKDAYS[groups["weekday"].lower().rstrip(".")]
    word = groups["weekday"].rstrip(".")
    if not word[0].isupper():
        return None  # "sun", "wed", "sat" in lower case are words
    if len(word) <= 3 and not groups["weekday"].endswith("."):
        return None  # "Sun", "Sat" without a point: names, not weekdays
    relation = words(groups.get("relation", ""))
    part = lexicon.PARTS_OF_DAY.get(groups.get("part", "").lower(), "")
    if groups.get("plural"):
        return "SET", f"XXXX-WXX-{weekday + 1}" + (f"T{part}" if part else ""), mod
    if relation in ("next", "this coming", "the following") or (context.future and relation not in ("last", "this past", "the previous")):
        ahead = (weekday - reference.weekday()) % 7 or 7
        day = reference + timedelta(days=ahead)
    else:
        back = (reference.weekday() - weekday) % 7
        if relation in ("last", "the previous") and back == 0:
            back = 7
        day = reference - timedelta(days=back)
    if part:
        return "TIME", f"{day.isoformat()}T{part}", mod
    return "DATE", day.isoformat(), mod


def _week_of(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    found = calendar_date(groups, matched, context, "")
    return ("DATE", _week(date.fromisoformat(found[1])), mod) if found else None


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _relative_unit(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    reference = context.reference
    relation = words(groups.get("relation", "this"))
    unit = groups["unit"].lower()
    shift = {"last": -1, "the last": -1, "the past": -1, "the previous": -1, "this past": -1, "next": 1, "the next": 1,
             "the coming": 1, "the following": 1}.get(relation, 0)
    if unit == "weekend" and shift == 0 and not context.future and reference.weekday() < 4:
        shift = -1  # written Monday to Thursday, "the weekend" in the past tense is the one just gone
    if unit in ("week", "weekend"):
        value = _week(reference + timedelta(weeks=shift))
        return "DATE", value + ("-WE" if unit == "weekend" else ""), mod
    if unit == "month":
        index = reference.year * 12 + reference.month - 1 + shift
        return "DATE", f"{index // 12:04d}-{index % 12 + 1:02d}", mod
    if unit == "year":
        return "DATE", f"{reference.year + shift:04d}", mod
    if unit == "day":
        return "DATE", (reference + timedelta(days=shift)).isoformat(), mod
    if unit == "decade":
        return "DATE", _decade_of(reference.year + 10 * shift), mod
    if unit == "century":
        return "DATE", _century_of(reference.year + 100 * shift), mod
    return None


def _decade_of(year: int) -> str:
    """A year's decade as TimeML writes it ("202" for the 2020s); past the calendar's years 1-9999 a
    value in_calendar refuses, rather than four digits that would read as a year."""
    return f"{year // 10:03d}" if 0 < year < 10_000 else "-"


def _century_of(year: int) -> str:
    """A year's century as TimeML writes it ("20" for 2000-2099), likewise."""
    return f"{year // 100:02d}" if 0 < year < 10_000 else "-"


def from_narrative_time(expression_words: str, anchor: str) -> str | None:
    """The value of "the following year", "the previous Friday", "that year" counted from the last date the
    text named (the time its narrative is at), as TimeML anchors them, rather than from the
    reference: None where that date is not precise enough for the unit."""
    relation, _, unit = expression_words.rpartition(" ")
    shift = {"the following": 1, "the next": 1, "the previous": -1, "that": 0, "the same": 0, "that same": 0}.get(relation)
    parts = anchor.split("-")
    if shift is None or not re.fullmatch(r"\d{4}(-\d\d){0,2}", anchor):
        return None
    if unit == "year":
        return f"{int(parts[0]) + shift:04d}"
    if unit == "month" and len(parts) >= 2:
        index = int(parts[0]) * 12 + int(parts[1]) - 1 + shift
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    if len(parts) < 3:
        return None
    day = date.fromisoformat(anchor)
    if unit == "day":
        return (day + timedelta(days=shift)).isoformat()
    if unit == "week":
        return _week(day + timedelta(weeks=shift))
    if unit in lexicon.WEEKDAYS:
        target = lexicon.WEEKDAYS[unit]
        step = ((target - day.weekday()) % 7 or 7) if shift > 0 else -((day.weekday() - target) % 7 or 7)
        return (day + timedelta(days=step)).isoformat()
    return None


def _reference(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    said = words(matched)
    if said == "soon" and context.past:
        return None  # "he was soon released": shortly after what was told, no time to come
    return "DATE", lexicon.REFERENCES[said], mod


def _always(value: str) -> Normaliser:
    """A normaliser for words with one value whatever their context: "will one day be", "at this moment"."""
    return lambda groups, matched, context, mod: ("DATE", value, mod)


def _offset(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    if words(groups["number"]) in lexicon.VAGUE_NUMBERS:
        return "DATE", "PAST_REF" if words(groups.get("direction", "")) in ("ago", "earlier") else "FUTURE_REF", mod
    count = spoken_number(groups["number"])
    unit = unit_of(groups["unit"])
    if count is None or unit is None or count != int(count):
        return None
    direction = words(groups.get("direction", "later"))
    sign = -1 if direction in ("ago", "earlier", "before") else 1
    try:
        if unit[1]:  # hours, minutes, seconds: the day they reach in whole days, the hour of writing being unknown
            days = int(count * {"H": 3600, "M": 60, "S": 1}[unit[0]] // 86400)
            value = (context.reference + timedelta(days=sign * days)).isoformat()
        else:
            value = _shifted(context.reference, unit[0], sign * int(count))
    except OverflowError:
        value = "-"
    if not in_calendar(value):
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod  # beyond the years 1-9999 ("3,000,000 days ago"): only its side is known
    return "DATE", value, mod


def _offset_in(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    if "ahead" not in groups and not context.future:
        return None  # "finished in seven days": a length, which the duration row reads
    return _offset({**groups, "direction": "later"}, matched, context, mod)


def _shifted(reference: date, letter: str, by: int) -> str:
    """The reference moved by a number of units, at that unit's precision."""
    if letter == "D":
        return (reference + timedelta(days=by)).isoformat()
    if letter == "W" or letter == "WE":
        return _week(reference + timedelta(weeks=by))
    if letter == "M":
        index = reference.year * 12 + reference.month - 1 + by
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    if letter == "Q":
        index = reference.year * 4 + quarter_of(reference) - 1 + by
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if letter == "Y":
        return f"{reference.year + by:04d}"
    if letter == "E":
        return _decade_of(reference.year + 10 * by)
    if letter == "C":
        return _century_of(reference.year + 100 * by)
    return reference.isoformat()


def _clock(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    day = context.reference
    if "month" in groups:
        found = calendar_date({"month": groups["month"], "day": groups["day"]}, matched, context, "")
        if found is None:
            return None
        day = date.fromisoformat(found[1])
    elif "weekday" in groups or "later_weekday" in groups:
        weekday = groups.get("weekday") or groups["later_weekday"]
        found = _weekday({"weekday": weekday}, weekday, context, "")
        if found is None:
            return None
        day = date.fromisoformat(found[1][:10])
    if "word" in groups:
        return "TIME", f"{day.isoformat()}T{'12:00' if groups['word'].lower() == 'noon' else '24:00'}", mod
    hour = int(groups["hour"])
    if hour > 12:
        return None
    meridiem = groups["meridiem"].lower().replace(".", "")
    hour = hour % 12 + (12 if meridiem == "pm" else 0)
    minute = groups.get("minute", "00")
    return "TIME", f"{day.isoformat()}T{hour:02d}:{minute}", mod


_TENS = {"twenty": 2, "thirty": 3, "forty": 4, "fifty": 5, "sixty": 6, "seventy": 7, "eighty": 8, "ninety": 9}


def _spelled_year(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    if "word" in groups:  # two thousand (and one)
        return "DATE", f"20{int(lexicon.NUMBERS.get(groups.get('units', '').lower(), 0)):02d}", mod
    century = 19 if groups["spelled"].lower() == "nineteen" else 20
    tens_word = groups["tens"].lower()
    tens = 0 if tens_word == "hundred" else _TENS[tens_word]
    units = lexicon.NUMBERS.get(groups.get("units", "").lower(), 0)
    if century == 20 and tens_word != "hundred" and tens != 0 and "units" not in groups and tens_word != "twenty":
        return None  # "twenty thirty" is rarely a year in news
    year = f"{century}{tens}{int(units)}"
    if "month" in groups and (month := _month_number(groups)):
        return "DATE", f"{year}-{month:02d}", mod
    if "season" in groups:
        return "DATE", f"{year}-{lexicon.SEASONS[groups['season'].lower()]}", mod
    return "DATE", year, mod


def _spelled_decade(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    tens = _TENS[groups["tens"].lower().removesuffix("ies") + "y"]
    return "DATE", f"19{tens}", mod


def _century(groups: dict[str, str], matched: str, context: Context, mod: str) -> tuple[str, str, str] | None:
    number = int(groups["ordinal"])
    return ("DATE", f"{number - 1:02d}", mod) if 1 <= number <= 21 else None


Normaliser = Callable[[dict[str, str], str, Context, str], "tuple[str, str, str] | None"]
NORMALISERS: dict[str, Normaliser] = {
    "calendar": calendar_date, "week-of": _week_of, "holiday": _holiday, "decade": _decade, "season": _season, "quarter": quarter, "deictic": _deictic,
    "weekday": _weekday, "relative-unit": _relative_unit, "reference": _reference, "someday": _always("FUTURE_REF"), "this-moment": _always("PRESENT_REF"), "offset": _offset,
    "offset-in": _offset_in, "half": half, "period-code": period_code, "year-end": year_end, "period-length": period_length, "year-ago": year_ago, "duration": duration, "unit-long": unit_long, "vague-duration": vague_duration, "extent": extent,
    "clock": _clock, "set": repetition, "spelled-year": _spelled_year, "spelled-decade": _spelled_decade, "century": _century,
}
