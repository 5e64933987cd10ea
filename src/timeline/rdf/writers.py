"""Writing RDF deterministically: the same graph gives the same bytes, with no invented prefix.

Turtle, TriG and JSON-LD are written here rather than by rdflib's serializers, which invent
`ns1:` prefixes for namespaces they were not told about and order their output by internal
state. These writers bind only the fixed prefix table of timeline.rdf.namespaces (and declare
only the prefixes a file uses), sort subjects, predicates and objects, and write every
literal on one line with escapes, so that a diff shows one change per line.
"""

from __future__ import annotations

import heapq
import json
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from rdflib import BNode, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from timeline.rdf.namespaces import PREFIXES
from timeline.rdf.terms import jsonld_value, ntriples_term, turtle_term

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, Node | None]


def sort_key(node: Node) -> tuple[int, str, str]:
    """The order terms are written in: IRIs, then blank nodes, then literals, each by text."""
    kind = 0 if isinstance(node, URIRef) else 1 if isinstance(node, BNode) else 2
    extra = ""
    if not isinstance(node, (URIRef, BNode)):
        extra = f"{getattr(node, 'language', '') or ''}|{getattr(node, 'datatype', '') or ''}"
    return (kind, str(node), extra)


class _TurtleWriter:
    def __init__(self) -> None:
        self.used_prefixes: set[str] = set()

    def term(self, node: Node) -> str:
        return turtle_term(node, self.used_prefixes)

    def block(self, triples: Iterable[Triple], indent: str = "") -> list[str]:
        """One paragraph per subject: `a` first, then predicates and objects in sorted order."""
        by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        for subject, predicate, obj in triples:
            by_subject[subject][predicate].append(obj)
        lines: list[str] = []
        for subject in sorted(by_subject, key=sort_key):
            predicates = by_subject[subject]
            ordered = sorted(predicates, key=lambda p: (p != RDF.type, sort_key(p)))
            statements = []
            for predicate in ordered:
                shown = "a" if predicate == RDF.type else self.term(predicate)
                objects = ", ".join(self.term(o) for o in sorted(set(predicates[predicate]), key=sort_key))
                statements.append(f"{shown} {objects}")
            lines.append(f"{indent}{self.term(subject)} " + f" ;\n{indent}    ".join(statements) + " .")
            lines.append("")
        return lines

    def header(self) -> list[str]:
        return [f"@prefix {prefix}: <{PREFIXES[prefix]}> ." for prefix in sorted(self.used_prefixes)] + [""]


def turtle(triples: Iterable[Triple]) -> str:
    """The triples as Turtle, deterministically."""
    writer = _TurtleWriter()
    body = writer.block(triples)
    return "\n".join(writer.header() + body).rstrip("\n") + "\n"


def trig_pieces(graphs: Iterable[tuple[Node, Iterable[Triple]]], piece_size: int = 1 << 20) -> Iterator[str]:
    """Named graphs, each with its triples, given in order (a store's graphs are sorted), as
    TriG in pieces to write as they come: each graph is read and written in its turn, so memory
    holds one graph."""
    writer = _TurtleWriter()
    blocks = ([f"{writer.term(graph)} {{", *writer.block(triples, indent="    "), "}", ""] for graph, triples in graphs)
    return _spooled(writer, blocks, piece_size)


def turtle_pieces(subjects: Iterable[Iterable[Triple]], piece_size: int = 1 << 20) -> Iterator[str]:
    """Triples that come in batches of whole subjects, the batches in the order `turtle` writes
    subjects, as the Turtle `turtle` writes of them all, in pieces to write as they come: memory
    holds one batch."""
    writer = _TurtleWriter()
    return _spooled(writer, (writer.block(batch) for batch in subjects), piece_size)


def _spooled(writer: _TurtleWriter, blocks: Iterable[list[str]], piece_size: int) -> Iterator[str]:
    """The header of the prefixes the blocks use, then the blocks. The prefixes are declared
    first but known only after the last block, so the blocks wait in a temporary file."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as body:
        for lines in blocks:
            body.write("".join(line + "\n" for line in lines))
        header = "".join(line + "\n" for line in writer.header())
        if body.tell() == 0:
            yield header.rstrip("\n") + "\n"
            return
        yield header
        # The body ends with a blank line after its last block, which the file does not: each
        # piece is held back until the next is read, and the last loses its final newline.
        body.seek(0)
        held = body.read(piece_size)
        while piece := body.read(piece_size):
            yield held
            held = piece
        yield held[:-1]


def merged_lines(runs: Iterable[str], fan_in: int = 256) -> Iterator[str]:
    """The distinct lines of many texts, each a run of sorted lines ending in newlines, in
    sorted order, in pieces to write as they come: an external merge sort. Each run waits in a
    temporary file, so memory holds one run and a line of each file being merged; at most
    `fan_in` files are open at once (more runs are merged in passes)."""
    with tempfile.TemporaryDirectory(prefix="timeline-merge-") as folder:
        paths: list[Path] = []
        for text in runs:
            paths.append(Path(folder) / f"{len(paths)}.run")
            paths[-1].write_text(text, encoding="utf-8", newline="")
        while len(paths) > fan_in:
            passed: list[Path] = []
            for start in range(0, len(paths), fan_in):
                merged = Path(folder) / f"{len(paths)}-{start}.run"
                with merged.open("w", encoding="utf-8", newline="") as output:
                    for piece in _distinct_merge(paths[start : start + fan_in]):
                        output.write(piece)
                passed.append(merged)
            paths = passed
        yield from _distinct_merge(paths)


def _distinct_merge(paths: list[Path], piece_lines: int = 4096) -> Iterator[str]:
    # Every line ends in a newline, which sorts before any character a line holds, so comparing
    # lines with their newlines orders them as the lines themselves.
    files = [path.open(encoding="utf-8", newline="") for path in paths]
    try:
        previous, piece = None, []
        for line in heapq.merge(*files):
            if line != previous:
                piece.append(line)
                previous = line
                if len(piece) == piece_lines:
                    yield "".join(piece)
                    piece = []
        if piece:
            yield "".join(piece)
    finally:
        for file in files:
            file.close()


def ntriples(triples: Iterable[Triple]) -> str:
    """The triples as N-Triples, one per line, sorted."""
    lines = {f"{ntriples_term(s)} {ntriples_term(p)} {ntriples_term(o)} ." for s, p, o in triples}
    return "".join(line + "\n" for line in sorted(lines))


def nquads(quads: Iterable[Quad]) -> str:
    """The quads as N-Quads, one per line, sorted."""
    lines = set()
    for s, p, o, g in quads:
        graph = f" {ntriples_term(g)}" if g is not None else ""
        lines.add(f"{ntriples_term(s)} {ntriples_term(p)} {ntriples_term(o)}{graph} .")
    return "".join(line + "\n" for line in sorted(lines))


def jsonld(triples: Iterable[Triple], context: Mapping[str, object]) -> str:
    """The triples as flattened JSON-LD: one node object per subject, sorted, with IRIs
    shortened by the context's prefixes and every value written out in full."""
    return "".join(jsonld_pieces([triples], context))


def jsonld_pieces(subjects: Iterable[Iterable[Triple]], context: Mapping[str, object]) -> Iterator[str]:
    """Triples that come in batches of whole subjects, the batches in subject order, as the
    JSON-LD `jsonld` writes of them all, in pieces to write as they come: memory holds one
    batch's node objects."""
    compact = _compacting(context)
    # The document as json.dumps writes it whole, each node written in its place in turn.
    opening, closing = json.dumps({"@context": dict(context), "@graph": [None]}, ensure_ascii=False, indent=2).rsplit("    null", 1)
    written = 0
    for batch in subjects:
        for node in _jsonld_nodes(batch, compact):
            lines = json.dumps(node, ensure_ascii=False, indent=2).split("\n")
            yield (",\n" if written else opening) + "\n".join("    " + line for line in lines)
            written += 1
    if written:
        yield closing + "\n"
    else:
        yield json.dumps({"@context": dict(context), "@graph": []}, ensure_ascii=False, indent=2) + "\n"


def _compacting(context: Mapping[str, object]) -> Callable[[str], str]:
    """An IRI shortened by the context's prefixes, the longest namespace first."""
    prefixes = sorted(((name, iri) for name, iri in context.items() if isinstance(iri, str)), key=lambda item: -len(item[1]))

    def compact(iri: str) -> str:
        for name, namespace in prefixes:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and not local.startswith("//"):
                return f"{name}:{local}"
        return iri

    return compact


def _jsonld_nodes(triples: Iterable[Triple], compact: Callable[[str], str]) -> list[dict[str, object]]:
    by_subject: dict[Node, dict[str, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
    types: dict[Node, list[str]] = defaultdict(list)
    for subject, predicate, obj in triples:
        if predicate == RDF.type and isinstance(obj, URIRef):
            types[subject].append(compact(str(obj)))
        else:
            by_subject[subject][compact(str(predicate))].append(jsonld_value(obj, compact))
    nodes = []
    for subject in sorted(set(by_subject) | set(types), key=lambda node: (isinstance(node, BNode), str(node))):
        node: dict[str, object] = {"@id": jsonld_value(subject, compact)["@id"]}
        if types[subject]:
            node["@type"] = sorted(types[subject])
        for key in sorted(by_subject[subject]):
            node[key] = sorted(by_subject[subject][key], key=lambda item: json.dumps(item, sort_keys=True))
        nodes.append(node)
    return nodes
