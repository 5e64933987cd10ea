"""How timeline's cost grows with a knowledge base of N articles, beside pyoxigraph alone doing
the same work on the same files, measured in one run.

    python benchmarks/scale.py --articles 100 [--repeat 3]

The knowledge base is grown by benchmarks/grow_kb.py (TEST DATA: copies of the seed article,
dates moved). Every figure is a whole process (wall seconds, and peak memory from
`/usr/bin/time`), timeline and pyoxigraph alternating, the median of --repeat runs (of
--query-repeat runs for the queries). The machine is noisy: read the ratios, which are taken
within one run.

The "query floor" row is the engine's query script as a click command line with the options of
`timeline query`, given the same words: what Python, click and the engine cost before timeline
does anything, beside the same script without click.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import grow_kb  # noqa: E402

import timeline  # noqa: E402

PYTHON = sys.executable
TIMELINE = grow_kb.timeline_command()


def measured(command: list[str]) -> tuple[float, float]:
    """Seconds and peak MB of one process: the wall time taken here (`/usr/bin/time` counts
    in hundredths, a tenth of a small query), the memory as `/usr/bin/time` reports it."""
    started = time.perf_counter()
    finished = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if finished.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{finished.stderr[-2000:]}")
    return seconds, int(finished.stderr.strip().splitlines()[-1]) / 1024


def beyond_engine(runs: tuple[list[tuple[float, float]], list[tuple[float, float]]]) -> float:
    """The median, over a row's runs, of each run's seconds less those of the engine's run
    measured beside it."""
    mine, engine = runs
    return statistics.median(ours - theirs for (ours, _), (theirs, _) in zip(mine, engine, strict=True))


def pyoxigraph(script: str, *arguments: str) -> list[str]:
    return [PYTHON, "-c", textwrap.dedent(script), *arguments]


LOAD_AND_QUERY = """
import sys, pathlib, pyoxigraph as ox
store = ox.Store()
for path in sys.argv[1:]:
    store.bulk_load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:" + path))
list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://semanticweb.cs.vu.nl/2009/11/sem/Event> }", use_default_graph_as_union=True))
"""
BULK_LOAD = """
import sys, pyoxigraph as ox
store = ox.Store(sys.argv[1])
for path in sys.argv[2:]:
    store.bulk_load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:" + path))
store.flush(); store.optimize()
"""
QUERY_STORE = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
rows = [[solution[v] for v in answer.variables] for answer in [store.query(open(sys.argv[2]).read(), use_default_graph_as_union=True)] for solution in answer]
print(len(rows))
"""
# The least a click command line that runs this query can cost: the engine's script as a click
# group and command with the options `timeline query` takes (a group option, a name, repeated
# `-p`, the values after them, `-f` among five formats, `--store`, `--timeout`), given the same
# words. Click's import, its decorators and its parsing of `-p` and `-f` are click's share.
QUERY_STORE_WITH_CLICK = """
import click, pyoxigraph as ox

@click.group()
@click.version_option("0", prog_name="floor")
@click.option("--kb", type=click.Path(file_okay=False))
def cli(kb):
    pass

@cli.command()
@click.argument("name")
@click.option("--param", "-p", "parameters", multiple=True)
@click.argument("values", nargs=-1)
@click.option("--format", "-f", "output_format", type=click.Choice(("table", "csv", "tsv", "json", "jsonl")), default="table", show_default=True)
@click.option("--store", "store")
@click.option("--timeout", type=click.FloatRange(min=1), default=60, show_default=True)
def query(name, parameters, values, output_format, store, timeout):
    answer = ox.Store.read_only(store).query(open(name).read(), use_default_graph_as_union=True)
    rows = [[solution[v] for v in answer.variables] for solution in answer]
    click.echo(len(rows))

cli()
"""
DUMP = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
with open(sys.argv[2], "wb") as output:
    store.dump(output, format=ox.RdfFormat.N_QUADS)
"""

DUMP_TRIG = DUMP.replace("N_QUADS", "TRIG")


def peak_of_tree(pid: int) -> float:
    """The peak resident memory (MB) of a process and its children, summed, from /proc."""
    total = 0
    for process in [pid, *children(pid)]:
        try:
            status = Path(f"/proc/{process}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
    return total / 1024


def children(pid: int) -> list[int]:
    try:
        found = [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return [grandchild for child in found for grandchild in [child, *children(child)]]


def served(command: list[str], api_path: str, requests: int) -> tuple[float, float, float, float]:
    """`timeline serve`: seconds from its start to its first view (the page at / and the window
    it asks for first, the span of every event), the median seconds of `requests` answers from
    `api_path` and of as many windows of a month of the page, on one connection, and the peak
    memory (MB) of the server's processes."""
    import http.client

    from timeline.serve.upstream import free_port

    port = free_port()
    started = time.perf_counter()
    # The server's log goes to a file: a pipe nobody reads would stop it once full.
    log = tempfile.TemporaryFile()
    server = subprocess.Popen([*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=log)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def answer(path: str) -> bytes:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
        return body

    try:
        while True:
            if server.poll() is not None:
                log.seek(0)
                raise SystemExit(f"{' '.join(command)} stopped:\n{log.read().decode(errors='replace')[-2000:]}")
            try:
                connection.request("GET", "/")
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    break
            except OSError:
                connection.close()
                time.sleep(0.05)
        whole = json.loads(answer("/timeline/window.json"))
        first_view = time.perf_counter() - started
        month = f"/timeline/window.json?start={whole['start']}&end={whole['start'] + 31 * 24 * 3600 * 1000}"
        answers, windows = [], []
        for _ in range(requests):
            for path, times in ((api_path, answers), (month, windows)):
                asked = time.perf_counter()
                answer(path)
                times.append(time.perf_counter() - asked)
        return first_view, statistics.median(answers), statistics.median(windows), peak_of_tree(server.pid)
    finally:
        connection.close()
        server.terminate()
        server.wait(timeout=60)
        log.close()


def row_text(label: str, mine: list[tuple[float, float]], engine: list[tuple[float, float]]) -> str:
    """One row of the table: timeline's median seconds and peak memory, the engine's, the ratio."""
    seconds = statistics.median(s for s, _ in mine)
    ours = f"{seconds:7.2f} s {max(m for _, m in mine):6.0f} MB"
    if engine:
        their_seconds = statistics.median(s for s, _ in engine)
        theirs = f"{their_seconds:7.2f} s {max(m for _, m in engine):6.0f} MB"
        ratio = f"{seconds / their_seconds:6.2f}x" if their_seconds else "-"
    else:
        theirs, ratio = "-", "-"
    return f"{label:<42}{ours:>20}{theirs:>22}{ratio:>8}"


def folder_size(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / (1024 * 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--query-repeat", type=int, default=15,
                        help="runs of each query row, whose figures are tenths of a second on a small knowledge base")
    parser.add_argument("--kb", type=Path, help="a knowledge base grown before by grow_kb.py (copied, not changed), instead of growing one")
    parser.add_argument("--only", action="append", default=[], metavar="WORDS",
                        help="measure only the rows whose name contains WORDS (repeat for more), e.g. --only load --only export")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        kb = root / "kb"
        # As an installed timeline runs: its modules byte-compiled (PYTHONDONTWRITEBYTECODE would
        # have them compiled again on every run) and its query headers cached, here in a folder
        # of the benchmark's own.
        compileall.compile_dir(Path(timeline.__file__).parent, quiet=1)
        os.environ["XDG_CACHE_HOME"] = str(root / "cache")
        if arguments.kb:
            import shutil

            # The build cache comes along (so that the edit row rebuilds one source), the derived store not.
            shutil.copytree(arguments.kb, kb, ignore=lambda folder, names: [
                name for name in names if Path(folder).name == ".timeline" and name != "build.json"
            ])
            arguments.articles = len(list((kb / "sources").glob("*.txt")))
        else:
            print(f"Growing a knowledge base of {arguments.articles} articles (TEST DATA)...", file=sys.stderr)
            grow_kb.grow(kb, arguments.articles, TIMELINE)
        from timeline.kb.layout import kb_files

        files = [str(kb_file.path) for kb_file in kb_files(kb)]
        events = 24 * arguments.articles
        size = sum(Path(path).stat().st_size for path in files) / (1024 * 1024)
        query_file = root / "actor-timeline.rq"
        from timeline.catalog import stored_queries
        from timeline.rdf.model import NamedNode

        query_file.write_text(
            stored_queries().get("actor-timeline").bind(actor=NamedNode("https://timeline.example/kb/entity/vladimir-putin")).text,
            encoding="utf-8",
        )
        store, bulk = root / "store", root / "bulk"
        rows: list[tuple[str, list[tuple[float, float]], list[tuple[float, float]] | None]] = []

        def compare(
            label: str, ours: Callable[[], list[str]], theirs: Callable[[], list[str]] | None, before: Callable[[], None] = lambda: None,
            repeat: int | None = None,
        ) -> None:
            if arguments.only and not any(words in label for words in arguments.only):
                return
            mine, engine = [], []
            for _ in range(repeat or arguments.repeat):
                before()
                mine.append(measured(ours()))
                if theirs is not None:
                    engine.append(measured(theirs()))
            rows.append((label, mine, engine or None))
            # Each row as it is measured (a run at 10,000 articles takes hours), the table at the end.
            print(f"  measured {row_text(label, mine, engine)}", file=sys.stderr, flush=True)

        edited = kb / "events" / "xi-putin-beijing-2024-05-copy-2.toml"

        def edit_one() -> None:
            text = edited.read_text(encoding="utf-8")
            edited.write_text(text.replace('label = "Xi welcomes Putin to Beijing', 'label = "Xi welcomes Putin to Beijing (edited)', 1)
                              if "(edited)" not in text else text.replace(" (edited)", "", 1), encoding="utf-8")

        def no_cache() -> None:
            subprocess.run(["rm", "-rf", str(kb / ".timeline")], check=True)

        compare("build, every source", lambda: [*TIMELINE, "--kb", str(kb), "build"], None, no_cache)
        compare("build after editing one source", lambda: [*TIMELINE, "--kb", str(kb), "build"], None, edit_one)
        # The RDF files are there once built (a knowledge base given by --kb may come unbuilt).
        if not (kb / "sources.ttl").is_file():
            subprocess.run([*TIMELINE, "--kb", str(kb), "build"], capture_output=True, check=True)
        files = [str(kb_file.path) for kb_file in kb_files(kb)]
        size = sum(Path(path).stat().st_size for path in files) / (1024 * 1024)
        compare("validate", lambda: [*TIMELINE, "--kb", str(kb), "validate"], lambda: pyoxigraph(LOAD_AND_QUERY, *files))
        compare(
            "load --store DIR", lambda: [*TIMELINE, "--kb", str(kb), "load", "--store", str(store)],
            lambda: pyoxigraph(BULK_LOAD, str(bulk), *files),
            lambda: subprocess.run(["rm", "-rf", str(store), str(bulk)], check=True),
        )
        def stores() -> None:
            """The two stores the query and export rows read, made unmeasured when the load row
            was left out (--only)."""
            if not store.exists():
                subprocess.run([*TIMELINE, "--kb", str(kb), "load", "--store", str(store)], capture_output=True, check=True)
            if not bulk.exists():
                subprocess.run(pyoxigraph(BULK_LOAD, str(bulk), *files), capture_output=True, check=True)

        query = ["query", "actor-timeline", "-p", "actor", "vladimir-putin", "-f", "tsv"]
        subprocess.run([*TIMELINE, *query], capture_output=True, check=True)  # the headers, parsed once
        compare(
            "query actor-timeline --store DIR", lambda: [*TIMELINE, *query, "--store", str(store)],
            lambda: pyoxigraph(QUERY_STORE, str(bulk), str(query_file)), stores, arguments.query_repeat,
        )
        compare(
            "query floor: the engine's script + click",
            lambda: pyoxigraph(QUERY_STORE_WITH_CLICK, "query", str(query_file), *query[2:], "--store", str(bulk)),
            lambda: pyoxigraph(QUERY_STORE, str(bulk), str(query_file)), stores, arguments.query_repeat,
        )
        derived: list[bool] = []

        def derived_store() -> None:
            """The KB folder's derived store and the engine's store, made unmeasured before the
            row's first run (and only when the row is measured: at 4,000 articles they take
            minutes)."""
            stores()
            if not derived:
                subprocess.run([*TIMELINE, "--kb", str(kb), "query", "timeline", "-f", "tsv"], capture_output=True, check=True)
                derived.append(True)

        compare(
            "query on the KB folder (derived store)", lambda: [*TIMELINE, "--kb", str(kb), *query],
            lambda: pyoxigraph(QUERY_STORE, str(bulk), str(query_file)), derived_store, arguments.query_repeat,
        )
        compare(
            "export --format nquads", lambda: [*TIMELINE, "export", "--store", str(store), "-f", "nquads", "-o", str(root / "kb.nq")],
            lambda: pyoxigraph(DUMP, str(bulk), str(root / "dump.nq")), stores,
        )
        compare(
            "export --format trig", lambda: [*TIMELINE, "export", "--store", str(store), "-f", "trig", "-o", str(root / "kb.trig")],
            lambda: pyoxigraph(DUMP_TRIG, str(bulk), str(root / "dump.trig")), stores,
        )
        # Turtle, N-Triples and JSON-LD write the union of the graphs, which Oxigraph's dump does
        # not: each is measured against the N-Quads dump of the same store.
        for union_format, suffix in (("ntriples", "nt"), ("turtle", "ttl"), ("jsonld", "jsonld")):
            compare(
                f"export --format {union_format}", lambda f=union_format, x=suffix: [*TIMELINE, "export", "--store", str(store), "-f", f, "-o", str(root / f"kb.{x}")],
                lambda: pyoxigraph(DUMP, str(bulk), str(root / "dump.nq")), stores,
            )
        compare("html --store DIR (the page written)", lambda: [*TIMELINE, "html", "--store", str(store), "-o", str(root / "page.html")], None, stores)
        serving: list[tuple[float, float, float]] = []
        if not arguments.only or any(words in "serve --store DIR" for words in arguments.only):
            stores()
            api = "/queries/actor-timeline.json?actor=Putin"
            serving = [served([*TIMELINE, "serve", "--store", str(store)], api, arguments.query_repeat) for _ in range(arguments.repeat)]
            print("  measured serve", file=sys.stderr, flush=True)
        print(f"\n{arguments.articles} articles, {events:,} events, {size:.1f} MiB of Turtle; median of {arguments.repeat} ({arguments.query_repeat} for the queries), whole processes")
        print(f"{'what':<42}{'timeline':>20}{'pyoxigraph alone':>22}{'ratio':>8}")
        for label, mine, engine in rows:
            print(row_text(label, mine, engine))
        engine_rows = {label: (mine, engine) for label, mine, engine in rows if engine}
        query_row, floor_row = "query actor-timeline --store DIR", "query floor: the engine's script + click"
        if query_row in engine_rows and floor_row in engine_rows:
            # The figure: what timeline adds to a stored query beyond Python, click and the
            # engine. Each row's runs alternate with the engine's script, so each run is taken
            # less the engine run beside it (which cancels the machine's drift between the rows).
            share = beyond_engine(engine_rows[query_row]) - beyond_engine(engine_rows[floor_row])
            print(f"{'a stored query: its own share':<42}{share * 1000:7.0f} ms (the query row less the floor row, each less its engine runs; aim: under 20 ms)")
        if serving:
            print(f"{'serve --store DIR: its first view':<42}{statistics.median(f for f, _, _, _ in serving):7.2f} s {max(m for *_, m in serving):6.0f} MB")
            print(f"{'serve: an API answer (actor-timeline)':<42}{statistics.median(a for _, a, _, _ in serving) * 1000:7.0f} ms")
            print(f"{'serve: a month of the page (window.json)':<42}{statistics.median(w for _, _, w, _ in serving) * 1000:7.0f} ms")
        if store.exists() and bulk.exists():
            print(f"{'store on disk':<42}{folder_size(store):>15.0f} MB{folder_size(bulk):>17.0f} MB{folder_size(store) / folder_size(bulk):>7.2f}x")


if __name__ == "__main__":
    main()
