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
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from timeline.temporal.reader import TimeExpression, read_times
from timeline.temporal.timeml import AnnotatedReport, Scores, read_timeml_folder

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
    started = time.perf_counter()
    for report in reports:
        began = time.perf_counter()
        found = reader(report.text, report.reference)
        elapsed = time.perf_counter() - began
        words = max(1, len(report.text.split()))
        seconds_per_thousand_words.append(elapsed * 1000 / words)
        every.add(found, report.times)
        dates.add([f for f in found if f.type == "DATE"], [g for g in report.times if g.type == "DATE"])
    total = time.perf_counter() - started
    return {"name": name, "every": every, "dates": dates, "total": total, "per_1000_words": statistics.median(seconds_per_thousand_words)}


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
    return 0


if __name__ == "__main__":
    sys.exit(main())
