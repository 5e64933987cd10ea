"""Writing RDF deterministically: the same graph gives the same bytes, with no invented prefix.

Turtle and TriG are written here rather than by rdflib's serializers, which invent `ns1:`
prefixes for namespaces they were not told about and order their output by internal state.
This writer binds only the fixed prefix table of timeline.namespaces (and declares only the
prefixes a file uses), sorts subjects, predicates and objects, and writes every literal on
one line with escapes, so that a diff shows one change per line.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from timeline.namespaces import PREFIXES, PREFIXES_LONGEST_FIRST

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, Node | None]

_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_SHORTHAND_TYPES = {str(XSD.integer): re.compile(r"^[+-]?\d+$"), str(XSD.boolean): re.compile(r"^(true|false)$")}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


class _Writer:
    def __init__(self) -> None:
        self.used_prefixes: set[str] = set()

    def iri(self, iri: str) -> str:
        for prefix, namespace in PREFIXES_LONGEST_FIRST:
            if iri.startswith(namespace):
                local = iri[len(namespace) :]
                if local and _LOCAL_NAME.match(local):
                    self.used_prefixes.add(prefix)
                    return f"{prefix}:{local}"
        return f"<{_escape_iri(iri)}>"

    def term(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return self.iri(str(node))
        if isinstance(node, BNode):
            return f"_:{node}"
        if isinstance(node, Literal):
            lexical = str(node)
            if node.language:
                return f'"{_escape_string(lexical)}"@{node.language}'
            datatype = str(node.datatype) if node.datatype else None
            if datatype in _SHORTHAND_TYPES and _SHORTHAND_TYPES[datatype].match(lexical):
                return lexical
            if datatype is None or datatype == str(XSD.string):
                return f'"{_escape_string(lexical)}"'
            return f'"{_escape_string(lexical)}"^^{self.iri(datatype)}'
        raise TypeError(f"cannot write {node!r} as Turtle")

    def block(self, triples: Iterable[Triple], indent: str = "") -> list[str]:
        """One paragraph per subject: `a` first, then predicates and objects in sorted order."""
        by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        for subject, predicate, obj in triples:
            by_subject[subject][predicate].append(obj)
        lines: list[str] = []
        for subject in sorted(by_subject, key=_sort_key):
            predicates = by_subject[subject]
            ordered = sorted(predicates, key=lambda p: (p != RDF.type, _sort_key(p)))
            statements = []
            for predicate in ordered:
                shown = "a" if predicate == RDF.type else self.term(predicate)
                objects = ", ".join(self.term(o) for o in sorted(set(predicates[predicate]), key=_sort_key))
                statements.append(f"{shown} {objects}")
            lines.append(f"{indent}{self.term(subject)} " + f" ;\n{indent}    ".join(statements) + " .")
            lines.append("")
        return lines

    def header(self) -> list[str]:
        return [f"@prefix {prefix}: <{PREFIXES[prefix]}> ." for prefix in sorted(self.used_prefixes)] + [""]


def _sort_key(node: Node) -> tuple[int, str, str]:
    kind = 0 if isinstance(node, URIRef) else 1 if isinstance(node, BNode) else 2
    extra = ""
    if isinstance(node, Literal):
        extra = f"{node.language or ''}|{node.datatype or ''}"
    return (kind, str(node), extra)


def _escape_string(text: str) -> str:
    return "".join(_ESCAPES.get(character, character) for character in text)


def _escape_iri(iri: str) -> str:
    return "".join(f"\\u{ord(c):04X}" if c in '<>"{}|^`\\' or ord(c) <= 0x20 else c for c in iri)


def turtle(triples: Iterable[Triple]) -> str:
    """The triples as Turtle, deterministically."""
    writer = _Writer()
    body = writer.block(triples)
    return "\n".join(writer.header() + body).rstrip("\n") + "\n"


def trig(quads: Iterable[Quad]) -> str:
    """The quads as TriG, deterministically: the default graph first, then each named graph."""
    default_graph: list[Triple] = []
    by_graph: dict[Node, list[Triple]] = defaultdict(list)
    for subject, predicate, obj, graph in quads:
        (default_graph if graph is None else by_graph[graph]).append((subject, predicate, obj))
    writer = _Writer()
    body: list[str] = writer.block(default_graph) if default_graph else []
    for graph in sorted(by_graph, key=_sort_key):
        body.append(f"{writer.term(graph)} {{")
        body += writer.block(by_graph[graph], indent="    ")
        body.append("}")
        body.append("")
    return "\n".join(writer.header() + body).rstrip("\n") + "\n"


def ntriples_term(node: Node) -> str:
    """One term in N-Triples syntax (also valid in N-Quads, SPARQL and TSV results)."""
    if isinstance(node, URIRef):
        return f"<{_escape_iri(str(node))}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        text = _escape_string(str(node))
        if node.language:
            return f'"{text}"@{node.language}'
        if node.datatype and node.datatype != XSD.string:
            return f'"{text}"^^<{node.datatype}>'
        return f'"{text}"'
    raise TypeError(f"not an RDF term: {node!r}")


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


def write_atomically(path: Path, text: str) -> None:
    """Write the whole text or nothing: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        # mkstemp makes the file private; give it the permissions any new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
