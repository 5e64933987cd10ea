"""Oxigraph server beside Virtuoso 7 on the same knowledge base of N articles, in one run:
`timeline load` into each, then the main stored queries through `--store URL`.

    python benchmarks/servers.py --articles 417 [--repeat 3]

The knowledge base is grown by benchmarks/grow_kb.py (TEST DATA: copies of the seed article).
Both servers run on loopback, started as the tests start them (tests/sparql_servers.py):
`oxigraph serve` from PyPI and Debian's virtuoso-t. Each figure is a whole `timeline` process,
the two servers alternating, the median of --repeat runs. The machine is noisy: compare
within one run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
import grow_kb  # noqa: E402
from sparql_servers import OxigraphServer, VirtuosoServer  # noqa: E402

TIMELINE = grow_kb.timeline_command()
QUERIES = [
    ["query", "timeline"],
    ["query", "actor-timeline", "-p", "actor", "Putin"],
    ["query", "events-between", "-p", "from", "2024-05", "-p", "to", "2024-05"],
    ["query", "before", "-p", "event", "putin-fifth-inauguration-2024"],
    ["query", "after", "-p", "event", "putin-fifth-inauguration-2024"],
    ["export", "--format", "nquads"],
]


def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    finished = subprocess.run(command, capture_output=True, text=True)
    if finished.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{finished.stderr[-2000:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="timeline-servers-") as scratch:
        folder = Path(scratch)
        kb_dir = folder / "kb"
        grow_kb.grow(kb_dir, arguments.articles, TIMELINE)
        oxigraph = OxigraphServer(None, folder / "oxigraph").start()
        virtuoso = VirtuosoServer(folder / "virtuoso").start()
        servers = {
            "Oxigraph server": (oxigraph.url, []),
            "Virtuoso 7": (virtuoso.url, ["--update-url", virtuoso.update_url]),
        }
        try:
            figures: dict[str, dict[str, list[float]]] = {name: {} for name in servers}
            for _ in range(arguments.repeat):
                for name, (url, options) in servers.items():
                    figures[name].setdefault("load", []).append(seconds([*TIMELINE, "--kb", str(kb_dir), "load", "--store", url, *options]))
            for _ in range(arguments.repeat):
                for command in QUERIES:
                    for name, (url, _options) in servers.items():
                        label = " ".join(command[:2] if command[0] == "query" else command)
                        figures[name].setdefault(label, []).append(seconds([*TIMELINE, "--kb", str(kb_dir), *command, "--store", url]))
        finally:
            oxigraph.stop()
            virtuoso.stop()
    events = arguments.articles * 24
    names = list(servers)
    print(f"\n{arguments.articles} articles (about {events:,} events), medians of {arguments.repeat}, seconds per timeline process\n")
    print(f"| what | {' | '.join(names)} | ratio |")
    print("|---|" + "---|" * len(names) + "---|")
    for what in figures[names[0]]:
        medians = [statistics.median(figures[name][what]) for name in names]
        print(f"| {what} | {' | '.join(f'{value:.2f}' for value in medians)} | {medians[1] / medians[0]:.2f}x |")


if __name__ == "__main__":
    main()
