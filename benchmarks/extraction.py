"""Drafts from real reports, measured against events annotated by hand: what `timeline extract`
finds, how it dates them, and whether its drafts build as written.

    python benchmarks/extraction.py                        # the development set
    python benchmarks/extraction.py --reports DIR          # any folder of ID.txt + ID.toml pairs

Each report (benchmarks/extraction/reports, see its README) is added to a new, empty knowledge
base as `timeline source add` adds it, drafted with `timeline extract -o`, and built with
`timeline build`. A proposal is right when its words overlap the words of a gold event of a
related kind (the same, or one a subclass of the other); a gold event is found when a proposal
is right for it. A found event's date is exact when the draft's begin and end are the gold's
days, coarser when they contain them, wrong otherwise, missing when the draft gives none.
The time is `propose` alone on a warm process (the median of three), and the words of the
report.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from timeline.cli import cli
from timeline.extraction.from_store import kinds_related
from timeline.extraction.proposals import propose
from timeline.model.dates import ImpreciseDate
from timeline.model.evidence import locate
from timeline.store import open_store

REPORTS = Path(__file__).parent / "extraction" / "reports"


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    proposals: int = 0
    right: int = 0
    dated_gold: int = 0
    exact: int = 0
    coarser: int = 0
    wrong: int = 0
    missing: int = 0
    planned_gold: int = 0
    planned_right: int = 0
    builds: int = 0
    reports: int = 0
    seconds: list[float] = field(default_factory=list)
    words: int = 0

    def add(self, other: Score) -> None:
        """Add another report's counts (and its times) to these."""
        for counter in fields(self):
            setattr(self, counter.name, getattr(self, counter.name) + getattr(other, counter.name))


def _span(value: str) -> tuple[date, date]:
    first, _, last = value.partition("/")
    return ImpreciseDate.parse(first).earliest, ImpreciseDate.parse(last or first).latest


def score_report(text: str, gold: dict, related) -> tuple[Score, list[str]]:  # type: ignore[no-untyped-def]
    reference = date.fromisoformat(gold["published"])
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        reading = propose(text, reference, [], related)
        timings.append(time.perf_counter() - started)
    score = Score(reports=1, words=len(text.split()), seconds=[statistics.median(timings)])
    notes: list[str] = []
    spans = {id(p): [(p.start, p.end), *((e.start, e.end) for e in p.more_evidence)] for p in reading.proposals}
    right_proposals: set[int] = set()
    for event in gold["event"]:
        score.gold += 1
        located = locate(text, event["words"], event.get("prefix"))
        # One proposal stands for one event: a proposal that joined two events of the gold
        # finds only the first of them.
        matches = [p for p in reading.proposals if id(p) not in right_proposals
                   and related(p.kind, event["kind"]) and any(s < located.end and located.start < e for s, e in spans[id(p)])]
        right_proposals.update(id(p) for p in matches[:1])
        if event["status"] == "planned":
            score.planned_gold += 1
        if not matches:
            notes.append(f"missed {event['kind']}: {event['label']}")
            continue
        score.found += 1
        best = next((p for p in matches if p.begin), matches[0])
        if event["status"] == "planned" and best.status == "planned":
            score.planned_right += 1
        if event["date"]:
            score.dated_gold += 1
            if not best.begin:
                score.missing += 1
                notes.append(f"undated: {event['label']} ({event['date']})")
                continue
            want, got = _span(event["date"]), best.days
            if want == got:
                score.exact += 1
            elif got is not None and got[0] <= want[0] and want[1] <= got[1]:
                score.coarser += 1
            else:
                score.wrong += 1
                notes.append(f"date wrong: {event['label']}: {event['date']}, drafted {best.begin}{'/' + best.end_date if best.end_date else ''}")
    score.proposals = len(reading.proposals)
    score.right = sum(id(p) in right_proposals for p in reading.proposals)
    notes += [f"not in the gold: {p.kind} {p.label!r}" for p in reading.proposals if id(p) not in right_proposals]
    return score, notes


def builds_as_written(report: Path, gold: dict) -> tuple[bool, str]:
    """Add the report to a new empty knowledge base, draft it with -o and build it."""
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        kb = Path(folder) / "kb"
        steps = [
            ["init", str(kb), "--empty"],
            ["--kb", str(kb), "source", "add", str(report), "--title", gold["title"], "--published", gold["published"], "--id", "report"],
            ["--kb", str(kb), "extract", "report", "-o", str(kb / "events" / "report.toml")],
            ["--kb", str(kb), "build"],
        ]
        for step in steps:
            result = runner.invoke(cli, step, catch_exceptions=False)
            if result.exit_code != 0:
                return False, f"{' '.join(step[2:3] or step[:1])}: {result.output.strip().splitlines()[-1] if result.output.strip() else result.exit_code}"
    return True, ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, default=REPORTS, help="a folder of ID.txt and ID.toml pairs")
    parser.add_argument("--notes", action="store_true", help="also print what was missed and what is not in the gold")
    arguments = parser.parse_args(argv)
    related = kinds_related(open_store())  # the ontology of the knowledge base the project ships
    total = Score()
    print(f"{'report':58} {'recall':>7} {'prec.':>6} {'dates exact/coarser/wrong/missing':>34} {'planned':>8} {'builds':>6} {'ms':>6}")
    for gold_file in sorted(arguments.reports.glob("*.toml")):
        report = gold_file.with_suffix(".txt")
        gold = tomllib.loads(gold_file.read_text(encoding="utf-8"))
        text = report.read_text(encoding="utf-8")
        score, notes = score_report(text, gold, related)
        built, why = builds_as_written(report, gold)
        score.builds = int(built)
        total.add(score)
        print(f"{gold_file.stem:58} {score.found:>3}/{score.gold:<3} {score.right:>2}/{score.proposals:<3} "
              f"{score.exact:>12}/{score.coarser}/{score.wrong}/{score.missing} of {score.dated_gold:<3}"
              f"{score.planned_right:>5}/{score.planned_gold:<2} {'yes' if built else 'NO':>6} {1000 * score.seconds[0]:>6.1f}")
        if arguments.notes:
            for note in notes + ([f"build: {why}"] if why else []):
                print(f"    {note}")
    seconds_per_1000 = 1000 * sum(total.seconds) / max(total.words, 1)
    print()
    print(f"recall {total.found}/{total.gold} = {total.found / max(total.gold, 1):.2f} (aim 0.85); "
          f"precision {total.right}/{total.proposals} = {total.right / max(total.proposals, 1):.2f} (aim 0.80)")
    print(f"dated events dated exactly {total.exact}/{total.dated_gold} = {total.exact / max(total.dated_gold, 1):.2f} (aim 0.85); "
          f"coarser {total.coarser}, wrong {total.wrong}, missing {total.missing}")
    print(f"planned events marked planned {total.planned_right}/{total.planned_gold}; "
          f"drafts that build as written {total.builds}/{total.reports}")
    print(f"time: {1000 * statistics.median(total.seconds):.1f} ms per report (median), {seconds_per_1000:.2f} s per 1,000 words "
          f"(aim under 1 s), {total.words} words in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
