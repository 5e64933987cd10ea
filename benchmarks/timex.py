"""Time expressions on TimeML news, side by side: timeline's reader and the Python taggers a
user would otherwise pick, each behind the same adapter, scored as TempEval-3 scores temporal
taggers (strict, relaxed, value and type F1), on all four types and on DATE alone, with the time
each takes.

    python benchmarks/timex.py                      # TimeBank, from ../shared/data/timebank
    python benchmarks/timex.py --timeml DIR         # any folder of TimeML .tml files

The peers: dateparser's search_dates (dateparser 1.x) and datefinder, both from PyPI
(`pip install ".[bench]"`). Neither gives TimeML types or values: their datetimes are written
as DATE values at the day (or, for a time of day other than midnight, TIME values at the minute),
which is what a user of either would get. Their figures say how far such a tool goes, not how
well it was tuned here.

Under the table, for timeline's reader: how far the corpus's own DATE values let a reader go
that gives the same words the same reading (what_the_gold_allows).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from timeline.temporal.lexicon import MONTHS
from timeline.temporal.reader import TimeExpression, read_times
from timeline.temporal.timeml import AnnotatedReport, GoldTime, Scores, overlapping, read_timeml_folder

Reader = Callable[[str, date], list[TimeExpression]]


def timeline_reader(text: str, reference: date) -> list[TimeExpression]:
    return read_times(text, reference)


def _as_expression(start: int, end: int, text: str, moment: datetime) -> TimeExpression:
    if moment.hour or moment.minute:
        return TimeExpression(start, end, text[start:end], "TIME", moment.strftime("%Y-%m-%dT%H:%M"), "peer")
    return TimeExpression(start, end, text[start:end], "DATE", moment.date().isoformat(), "peer")


def dateparser_reader(text: str, reference: date) -> list[TimeExpression]:
    from dateparser.search import search_dates

    found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": datetime(reference.year, reference.month, reference.day)}) or []
    expressions = []
    position = 0
    for words, moment in found:  # dateparser gives the words, not where they are: find them in order
        start = text.find(words, position)
        if start < 0:
            continue
        position = start + len(words)
        expressions.append(_as_expression(start, position, text, moment))
    return expressions


def datefinder_reader(text: str, reference: date) -> list[TimeExpression]:
    import datefinder

    base = datetime(reference.year, reference.month, reference.day)
    expressions = []
    try:
        for moment, _, (start, end) in datefinder.find_dates(text, source=True, index=True, base_date=base):
            expressions.append(_as_expression(start, end, text, moment))
    except (ValueError, OverflowError):  # datefinder raises on some numbers it takes for dates
        pass
    return expressions


READERS: dict[str, Reader] = {"timeline": timeline_reader, "dateparser.search_dates": dateparser_reader, "datefinder": datefinder_reader}


def measure(name: str, reader: Reader, reports: list[AnnotatedReport]) -> dict[str, object]:
    every, dates = Scores(), Scores()
    seconds_per_thousand_words = []
    found_in = []
    started = time.perf_counter()
    for report in reports:
        began = time.perf_counter()
        found = reader(report.text, report.reference)
        elapsed = time.perf_counter() - began
        found_in.append(found)
        words = max(1, len(report.text.split()))
        seconds_per_thousand_words.append(elapsed * 1000 / words)
        every.add(found, report.times)
        dates.add([f for f in found if f.type == "DATE"], [g for g in report.times if g.type == "DATE"])
    total = time.perf_counter() - started
    return {"name": name, "every": every, "dates": dates, "total": total, "per_1000_words": statistics.median(seconds_per_thousand_words),
            "found": found_in}


_WRITTEN_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
_WRITTEN_MONTH = re.compile(r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?", re.IGNORECASE)


def _same_words(text: str) -> str:
    """The words of an expression as the gold's consistency is judged: in lower case, without a
    leading article or "early"/"late" ("the quarter", "quarter" and "late last week" alike)."""
    return re.sub(r"^(?:the|early|late)\s+", "", " ".join(text.lower().split()))


def _contradicts_its_words(gold: GoldTime) -> bool:
    """Whether a gold value denies the year or month its own words write ("Sept. 27, 1989" as
    1989-11-27, "1988" as 1998): a slip no reader of the words can match."""
    years = set(_WRITTEN_YEAR.findall(gold.text))
    if years and gold.value[:4].isdigit() and gold.value[:4] not in years:
        return True
    month = _WRITTEN_MONTH.search(gold.text)
    number = MONTHS.get(month.group(1).lower()) if month else None
    return bool(number and re.fullmatch(r"\d{4}-\d{2}.*", gold.value) and int(gold.value[5:7]) != number)


def what_the_gold_allows(found_in: list[list[TimeExpression]], reports: list[AnnotatedReport]) -> str:
    """How far the gold's own DATE values let any reader go that gives the same words the same
    reading, given what the reader found in each report: its errors that the gold makes
    elsewhere in the same corpus (it values the same words as this reader does, or marks them
    where here it does not) or that deny their own written year or month, and the DATE value F1
    with every other error mended (each missed expression found with its value, each other false
    one dropped, each other value right)."""
    scores = Scores()
    valued_right: set[str] = set()
    marked: set[str] = set()
    wrong: list[tuple[str, GoldTime]] = []
    unmarked: list[str] = []
    for report, every in zip(reports, found_in, strict=True):
        found = [f for f in every if f.type == "DATE"]
        gold = [g for g in report.times if g.type == "DATE"]
        scores.add(found, gold)
        for expression in found:
            matches = overlapping(expression, gold)
            words = _same_words(expression.text)
            if not matches:
                unmarked.append(words)
                continue
            marked.add(words)
            best = gold[matches[0]]
            if best.value == expression.value:
                valued_right.add(words)
            else:
                wrong.append((words, best))
    missed = scores.gold - scores.relaxed_gold
    valued_otherwise = sum(1 for words, _ in wrong if words in valued_right)
    slips = sum(1 for words, gold in wrong if words not in valued_right and _contradicts_its_words(gold))
    marked_elsewhere = sum(1 for words in unmarked if words in marked)
    system = scores.system - (len(unmarked) - marked_elsewhere) + missed
    matched = scores.relaxed_system + missed
    precision, recall = matched / system, 1.0
    right = scores.value_right + len(wrong) - valued_otherwise - slips + missed
    ceiling = 2 * precision * recall / (precision + recall) * right / matched
    return (f"What the gold allows, DATE: of the {len(wrong)} values timeline gets wrong, {valued_otherwise} are words the gold "
            f"values as timeline does elsewhere in these reports and {slips} more deny their own written year or month; of its "
            f"{len(unmarked)} expressions the gold does not mark, {marked_elsewhere} are words it marks elsewhere. "
            f"With every other error mended (the {missed} missed found, each with its value), DATE value F1 would be "
            f"{ceiling:.3f} (now {scores.f1('value'):.3f}).")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "timebank"
    parser.add_argument("--timeml", type=Path, default=default, help="a folder of TimeML .tml files (default: TimeBank in ../shared)")
    parser.add_argument("--readers", default=",".join(READERS), help="which readers, comma-separated")
    arguments = parser.parse_args()
    reports = read_timeml_folder(arguments.timeml)
    gold = sum(len(report.times) for report in reports)
    print(f"{len(reports)} TimeML reports in {arguments.timeml}, {gold} time expressions")
    print()
    print("| reader | strict F1 | relaxed F1 | value F1 | type F1 | DATE strict | DATE value F1 | all reports | 1,000 words (median) |")
    print("|---|---|---|---|---|---|---|---|---|")
    allowed = ""
    for name in arguments.readers.split(","):
        try:
            result = measure(name, READERS[name], reports)
        except ImportError as error:
            print(f"| {name} | not installed ({error.name}): pip install \".[bench]\" | | | | | | | |")
            continue
        every, dates = result["every"], result["dates"]
        assert isinstance(every, Scores) and isinstance(dates, Scores)
        print(f"| {name} | {every.f1('strict'):.3f} | {every.f1('relaxed'):.3f} | {every.f1('value'):.3f} | {every.f1('type'):.3f} "
              f"| {dates.f1('strict'):.3f} | {dates.f1('value'):.3f} | {result['total']:.1f} s | {1000 * float(result['per_1000_words']):.1f} ms |")
        if name == "timeline":
            assert isinstance(result["found"], list)
            allowed = what_the_gold_allows(result["found"], reports)
    if allowed:
        print()
        print(allowed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
