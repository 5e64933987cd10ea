"""Whole graphs in and out of a store: `timeline load` and `timeline export`.

Load: every file is parsed before anything is written, so bad data changes nothing. Into a store
folder, a load is whole or nothing: an empty folder is filled in a new folder beside it that
takes its place at the end, and the graphs that changed in a folder that holds data are
replaced in one Oxigraph transaction. On a server each named graph is replaced in one step (a
Graph Store Protocol PUT, or one SPARQL update request): a reader sees the old graph or the new
one, and a load that fails half-way (the server going down) leaves every graph whole, each
either as it was or as new. Each graph written is counted on the target at the end.

Export: the quads come from the store (embedded or remote), so an export shows what a client
of the store sees. Parts pick named graphs (see timeline.kb.layout): by default all. Turtle,
N-Triples and JSON-LD write the union of the chosen graphs; N-Quads and TriG keep each graph.
The same store gives the same bytes on every run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.kb.layout import PARTS, kb_files, part_of, resolve_kb_dir
from timeline.rdf.prefixes import graph_name
from timeline.rdf.sorted_lines import merged_lines
from timeline.rdf.writers import Statement, jsonld_pieces, ntriples_statements, trig_pieces, turtle_pieces
from timeline.resources import ontology_dir
from timeline.store.protocol import Store
from timeline.store.file_triples import check_file

if TYPE_CHECKING:
    from timeline.rdf.model import NamedNode

RDF_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld")


@dataclass(frozen=True)
class LoadReport:
    graphs: list[tuple[NamedNode, int]]
    dropped: list[NamedNode]

    @property
    def triples(self) -> int:
        return sum(count for _, count in self.graphs)


def load(
    kb_dir: Path | None,
    open_target: Callable[[], Store],
    progress: Callable[[str, NamedNode, int, int], None] = lambda action, graph, count, total: None,
    replace_all: bool = False,
) -> LoadReport:
    """Make the target store hold exactly the knowledge base: each graph replaced by its file,
    graphs of files that are gone dropped. Every file is checked before the target is even
    opened (a folder is made only when there is something to write), then read again as it is
    written, one file at a time, so that memory holds one file, not the knowledge base. Each
    graph written is counted on the target afterwards, so that a server that answers 200
    without storing anything (an HTML page at a wrong URL) is caught. Graphs that are not the
    knowledge base's at all are refused unless `replace_all`."""
    from timeline.catalog import program_query, select
    from timeline.errors import TimelineError
    from timeline.rdf.model import plain_value

    checked = [(kb_file, check_file(kb_file)) for kb_file in kb_files(resolve_kb_dir(kb_dir))]
    target = open_target()
    ours = graph_name("")
    present = target.graphs()
    stale = sorted(set(present) - {kb_file.graph for kb_file, _ in checked}, key=lambda graph: graph.value)
    foreign = [graph for graph in stale if not graph.value.startswith(ours)]
    if foreign and not replace_all:
        shown = ", ".join(graph.value for graph in foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise TimelineError(
            f"{target.location} holds {len(foreign)} graphs that are not this knowledge base's ({shown}); nothing was "
            "changed. Load into an empty store, or pass --replace-all to remove them."
        )
    size = program_query("graph-size")
    written = []
    for kb_file, count in checked:
        target.write_graph_file(kb_file, filling=not present)
        written.append((kb_file.graph, count))
        progress("loaded", kb_file.graph, count, len(checked) + len(stale))
    for graph in stale:
        target.drop_graph(graph)
        progress("dropped", graph, 0, len(checked) + len(stale))
    target.flush()
    for graph, count in written:
        rows = select(size, {"graph": graph.value}, target).records()
        stored = int(plain_value(rows[0]["triples"])) if rows else 0
        if stored != count:
            raise TimelineError(
                f"{target.location} accepted {graph.value} but holds {stored} of its {count} triples: check --update-url "
                "(or --graph-store-url)."
            )
    return LoadReport(written, stale)


def json_ld_context() -> dict[str, object]:
    """The hand-written JSON-LD context (ontology/context.jsonld): the project's prefixes."""
    document = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))
    context: dict[str, object] = document["@context"]
    return context


def export(
    store: Store, parts: Sequence[str] = PARTS, output_format: str = "turtle", progress: Callable[[int, int], None] = lambda done, total: None
) -> str:
    """The chosen parts of the knowledge base in the chosen RDF format, read from the store."""
    return "".join(export_pieces(store, parts, output_format, progress))


def export_pieces(
    store: Store, parts: Sequence[str] = PARTS, output_format: str = "turtle", progress: Callable[[int, int], None] = lambda done, total: None
) -> Iterator[str]:
    """The export as pieces to write as they come. N-Quads and TriG come a graph at a time (the
    graphs in order, each one's statements sorted); N-Triples, Turtle and JSON-LD, the union of
    the graphs, by merging each graph's sorted lines through temporary files: memory holds the
    graph being written and the two dumped ahead of it (or one batch of subjects), never the
    knowledge base."""
    graphs = [graph for graph in store.graphs() if part_of(graph.value) in parts]
    _keep_large_buffers_out_of_the_heap()
    if output_format == "nquads":
        yield from (text for _, text in _in_turn(graphs, store.graph_nquads, progress))
        return
    texts = _in_turn(graphs, store.graph_ntriples, progress)
    if output_format == "ntriples":
        yield from merged_lines(text for _, text in texts)
    elif output_format == "trig":
        yield from trig_pieces((str(graph), ntriples_statements(text)) for graph, text in texts)
    elif output_format == "turtle":
        yield from turtle_pieces(statements_by_subject(text for _, text in texts))
    elif output_format == "jsonld":
        yield from jsonld_pieces(statements_by_subject(text for _, text in texts), json_ld_context())
    else:
        raise ValueError(f"unknown export format {output_format!r}")


def _keep_large_buffers_out_of_the_heap() -> None:
    """Keep glibc from moving large buffers into its heap. An export makes and drops a text of a
    megabyte or so per graph; once such a buffer is freed, glibc raises the size from which it
    maps memory for each buffer apart, the next ones land in the heap, and the heap, fragmented,
    is never given back: at 4,000 articles an N-Quads export's memory grew to 2.5 GB, against
    230 MB for the engine's dump. A fixed threshold (glibc's default starting value) stops the
    growth; elsewhere than glibc this does nothing."""
    import ctypes

    try:
        ctypes.CDLL(None).mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD, in the C library the process runs with
    except (OSError, AttributeError):
        pass  # not glibc


def _in_turn(
    graphs: Sequence[NamedNode], write: Callable[[NamedNode], str], progress: Callable[[int, int], None], ahead: int = 2
) -> Iterator[tuple[NamedNode, str]]:
    """Each graph with its text as `write` gives it, in order. The next `ahead` graphs' texts are
    written in threads meanwhile: the engine's dump, most of the work, lets go of Python's lock,
    so the dumps run on every core while this one's text is used. Each graph is reported done
    when the next is asked for, or the last is used."""
    from collections import deque
    from concurrent.futures import Future, ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=ahead, thread_name_prefix="timeline-export") as pool:
        pending: deque[Future[str]] = deque(pool.submit(write, graph) for graph in graphs[:ahead])
        for done, graph in enumerate(graphs, start=1):
            text = pending.popleft().result()
            if done + ahead - 1 < len(graphs):
                pending.append(pool.submit(write, graphs[done + ahead - 1]))
            yield graph, text
            progress(done, len(graphs))


def statements_by_subject(graphs: Iterable[str], batch_lines: int = 20_000) -> Iterator[list[Statement]]:
    """The union of the graphs' statements (each graph as N-Triples) in batches of whole
    subjects, in the order Turtle and JSON-LD write subjects (IRIs, then blank nodes, each by its
    text). Each graph's lines, their subject written as its key, are sorted and merged through
    temporary files (merged_lines), so that memory holds one graph, then one batch."""
    batch: list[Statement] = []
    previous, subject = "", ""
    for piece in merged_lines(_keyed(ntriples) for ntriples in graphs):
        for line in piece[:-1].split("\n"):
            key, _, rest = line.partition("\t")
            if key != previous:
                if len(batch) >= batch_lines:
                    yield batch
                    batch = []
                previous, subject = key, f"<{key[1:]}>" if key[0] == "0" else f"_:{key[1:]}"
            predicate, obj = rest.split(" ", 1)
            batch.append((subject, predicate, obj))
    if batch:
        yield batch


def _keyed(ntriples: str) -> str:
    """N-Triples lines as "key<tab>predicate object", sorted: the key is the subject as the
    writers order subjects, "0" and an IRI's text or "1" and a blank node's label (neither holds
    a tab, which sorts before any character they hold, so a key that is the start of another
    comes first)."""
    keyed = []
    for line in ntriples.split("\n"):
        if line:
            space = line.index(" ")  # after the subject, which holds none
            key = f"0{line[1 : space - 1]}" if line[0] == "<" else f"1{line[2:space]}"
            keyed.append(f"{key}\t{line[space + 1 : -2]}\n")
    keyed.sort()
    return "".join(keyed)
