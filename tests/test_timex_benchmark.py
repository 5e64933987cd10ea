"""What `benchmarks/timex.py` says the gold allows: the reader's errors that the gold makes
itself elsewhere (the same words valued as the reader values them, or marked where here they
are not) or that deny the words' own year or month, and the DATE value F1 left with every
other error mended. The reports are TEST DATA written for this test, read by the real reader."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from timeline.temporal.timeml import AnnotatedReport, GoldTime

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "timex.py"


@pytest.fixture(scope="module")
def timex():
    spec = importlib.util.spec_from_file_location("benchmark_timex_under_test", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def _report(name: str, text: str, *golds: tuple[str, str]) -> AnnotatedReport:
    times = [GoldTime(text.index(words), text.index(words) + len(words), words, "DATE", value) for words, value in golds]
    return AnnotatedReport(name, text, date(2024, 5, 17), times)


def test_the_gold_s_own_disagreements_are_told_apart_from_the_reader_s_errors(timex):
    reports = [
        # The gold values "last week" as the week in one report and as an unknown week in another.
        _report("a", "The board met last week.", ("last week", "2024-W19")),
        _report("b", "The board met last week.", ("last week", "2024-WXX")),
        # A slip of the gold: the month it gives is not the month written.
        _report("c", "The deal closed on Sept. 27, 2023.", ("Sept. 27, 2023", "2023-11-27")),
        # A value the gold gives no other time: the reader's own error, left to mend.
        _report("d", "Shares fell in March.", ("March", "2023-03")),
        # "now" marked in one report, not in another.
        _report("e", "Prices are now higher.", ("now", "PRESENT_REF")),
        _report("f", "Prices are now lower."),
    ]
    said = timex.what_the_gold_allows([timex.timeline_reader(report.text, report.reference) for report in reports], reports)
    assert "of the 3 values timeline gets wrong, 1 are words the gold values as timeline does elsewhere" in said
    assert "1 more deny their own written year or month" in said
    assert "of its 1 expressions the gold does not mark, 1 are words it marks elsewhere" in said
    # Mended: the reader's "March" (2024-03 here against the gold's 2023-03). Left: the second
    # "last week", the slip and the unmarked "now": 3 of 5 matched right, 5 of 6 marked.
    precision, recall = 5 / 6, 1.0
    assert f"would be {2 * precision * recall / (precision + recall) * 3 / 5:.3f}" in said
