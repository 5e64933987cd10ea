"""Writing RDF deterministically: the same graph gives the same bytes, with no invented prefix.

Turtle, TriG and JSON-LD are written here rather than by rdflib's serializers, which invent
`ns1:` prefixes for namespaces they were not told about and order their output by internal
state. These writers bind only the fixed prefix table of timeline.rdf.namespaces (and declare
only the prefixes a file uses), sort subjects, predicates and objects, and write every
literal on one line with escapes, so that a diff shows one change per line.

They write statements: a triple's terms in N-Triples, as a store's engine writes them, so
that an export reads no term into an object (rdflib terms are written in N-Triples first).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, TypeAlias

from timeline.rdf.prefixes import PREFIXES, XSD_IRI
from timeline.rdf.syntax import literal_parts, unescape_string

if TYPE_CHECKING:
    from rdflib.term import Node

    from timeline.rdf.model import Triple as ModelTriple

# rdflib terms, for the code that builds graphs; the writers of N-Triples text need no rdflib.
Triple: TypeAlias = "tuple[Node, Node, Node]"
Statement = tuple[str, str, str]
"""A triple as its subject, predicate and object, each written in N-Triples."""

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_SHORTHAND_TYPES = {XSD_IRI + "integer": re.compile(r"^[+-]?\d+$"), XSD_IRI + "boolean": re.compile(r"^(true|false)$")}


def statements(triples: Iterable[Triple]) -> Iterator[Statement]:
    """rdflib triples as statements: each term written in N-Triples."""
    from timeline.rdf.terms import ntriples_term

    for subject, predicate, obj in triples:
        yield ntriples_term(subject), ntriples_term(predicate), ntriples_term(obj)


def ntriples_statements(text: str) -> list[Statement]:
    """N-Triples lines as statements. The lines are as Oxigraph and `ntriples` write them: one
    space between terms, " ." at the end, no comment. Neither a subject nor a predicate holds a
    space, so the third term is the rest of the line, spaces and all."""
    said = []
    for line in text.split("\n"):
        if line:
            subject, predicate, obj = line[:-2].split(" ", 2)
            said.append((subject, predicate, obj))
    return said


@lru_cache(maxsize=4096)
def _iri_order(term: str) -> tuple[int, str, str]:
    # Cached: the same predicates, classes and entities come back on every line.
    return (0, term[1:-1], "")


def sort_key(term: str) -> tuple[int, str, str]:
    """The order terms are written in: IRIs, then blank nodes, then literals, each by its value
    (a literal's language or datatype last)."""
    if term[0] == "<":
        return _iri_order(term)
    if term[0] == "_":
        return (1, term[2:], "")
    body, language, datatype = literal_parts(term)
    return (2, unescape_string(body), f"{language}|{datatype}")


class _TurtleWriter:
    def __init__(self) -> None:
        self.used_prefixes: set[str] = set()

    def term(self, term: str) -> str:
        """A term in Turtle: prefixed names, and integers and booleans in their short form."""
        if term[0] == "<":
            return self.iri(term)
        if term[0] == "_" or term[-1] != ">":
            return term  # a blank node, a plain literal or one with a language: as in N-Triples
        body, _, datatype = literal_parts(term)
        shorthand = _SHORTHAND_TYPES.get(datatype)
        if shorthand is not None and shorthand.match(body):
            return body
        return f'"{body}"^^{self.iri(f"<{datatype}>")}'

    def iri(self, term: str) -> str:
        prefix, written = _turtle_iri(term)
        if prefix is not None:
            self.used_prefixes.add(prefix)
        return written

    def block(self, statements: Iterable[Statement], indent: str = "") -> list[str]:
        """One paragraph per subject: `a` first, then predicates and objects in sorted order."""
        by_subject: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for subject, predicate, obj in statements:
            by_subject[subject][predicate].add(obj)
        lines: list[str] = []
        for subject in sorted(by_subject, key=sort_key):
            predicates = by_subject[subject]
            ordered = sorted(predicates, key=lambda p: (p != RDF_TYPE, sort_key(p)))
            said = []
            for predicate in ordered:
                shown = "a" if predicate == RDF_TYPE else self.iri(predicate)
                values = predicates[predicate]
                objects = ", ".join(self.term(o) for o in sorted(values, key=sort_key)) if len(values) > 1 else self.term(next(iter(values)))
                said.append(f"{shown} {objects}")
            lines.append(f"{indent}{self.term(subject)} " + f" ;\n{indent}    ".join(said) + " .")
            lines.append("")
        return lines

    def header(self) -> list[str]:
        return [f"@prefix {prefix}: <{PREFIXES[prefix]}> ." for prefix in sorted(self.used_prefixes)] + [""]


_PREFIX_OF_NAMESPACE = {namespace: prefix for prefix, namespace in PREFIXES.items()}


@lru_cache(maxsize=4096)
def _turtle_iri(term: str) -> tuple[str | None, str]:
    """An IRI written in N-Triples as a prefixed name where a prefix of the project's table fits
    (with that prefix), else as it is. Every namespace of the table ends in "/" or "#" and a
    local name holds neither, so the one namespace that can fit ends at the last of them.
    Cached: a file names the same predicates, classes and entities over and over."""
    iri = term[1:-1]
    cut = max(iri.rfind("/"), iri.rfind("#")) + 1
    prefix = _PREFIX_OF_NAMESPACE.get(iri[:cut])
    local = iri[cut:]
    if prefix is not None and _LOCAL_NAME.match(local):
        return prefix, f"{prefix}:{local}"
    return None, term


def turtle(triples: Iterable[Triple]) -> str:
    """The triples as Turtle, deterministically."""
    return _turtle(statements(triples))


def turtle_of_terms(triples: Iterable[ModelTriple]) -> str:
    """Oxigraph's triples (a CONSTRUCT query's answer, a validation report) as Turtle."""
    return _turtle(term_statements(triples))


def term_statements(triples: Iterable[ModelTriple]) -> Iterator[Statement]:
    """Oxigraph's triples as statements: each term written in N-Triples by Oxigraph itself."""
    for triple in triples:
        yield str(triple.subject), str(triple.predicate), str(triple.object)


def turtle_from_ntriples(text: str) -> str:
    """N-Triples lines (as Oxigraph and `ntriples` write them) as Turtle: what `turtle` writes of
    the same triples."""
    return _turtle(ntriples_statements(text))


def _turtle(said: Iterable[Statement]) -> str:
    writer = _TurtleWriter()
    body = writer.block(said)
    return "\n".join(writer.header() + body).rstrip("\n") + "\n"


def trig_pieces(graphs: Iterable[tuple[str, Iterable[Statement]]], piece_size: int = 1 << 20) -> Iterator[str]:
    """Named graphs (each name an IRI in N-Triples) with their statements, given in order (a
    store's graphs are sorted), as TriG in pieces to write as they come: each graph is read and
    written in its turn, so memory holds one graph."""
    writer = _TurtleWriter()
    blocks = ([f"{writer.iri(graph)} {{", *writer.block(said, indent="    "), "}", ""] for graph, said in graphs)
    return _spooled(writer, blocks, piece_size)


def turtle_pieces(subjects: Iterable[Iterable[Statement]], piece_size: int = 1 << 20) -> Iterator[str]:
    """Statements that come in batches of whole subjects, the batches in the order `turtle`
    writes subjects, as the Turtle `turtle` writes of them all, in pieces to write as they
    come: memory holds one batch."""
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


def ntriples(triples: Iterable[Triple]) -> str:
    """The triples as N-Triples, one per line, sorted."""
    lines = {f"{s} {p} {o} ." for s, p, o in statements(triples)}
    return "".join(line + "\n" for line in sorted(lines))


def jsonld(triples: Iterable[Triple], context: Mapping[str, object]) -> str:
    """The triples as flattened JSON-LD: one node object per subject, sorted, with IRIs
    shortened by the context's prefixes and every value written out in full."""
    return "".join(jsonld_pieces([statements(triples)], context))


def jsonld_of_terms(triples: Iterable[ModelTriple], context: Mapping[str, object]) -> str:
    """Oxigraph's triples as flattened JSON-LD, as `jsonld` writes rdflib's."""
    return "".join(jsonld_pieces([term_statements(triples)], context))


def jsonld_pieces(subjects: Iterable[Iterable[Statement]], context: Mapping[str, object]) -> Iterator[str]:
    """Statements that come in batches of whole subjects, the batches in subject order, as the
    JSON-LD `jsonld` writes of them all, in pieces to write as they come: memory holds one
    batch's node objects. The document is what json.dumps(indent=2) writes of it whole (a test
    holds it to that), each node written in its place in turn."""
    compact = _compacting(context)
    opening, closing = json.dumps({"@context": dict(context), "@graph": [None]}, ensure_ascii=False, indent=2).rsplit("    null", 1)
    written = 0
    for batch in subjects:
        nodes = _jsonld_nodes(batch, compact)
        if nodes:
            yield (",\n" if written else opening) + ",\n".join(nodes)
            written += len(nodes)
    if written:
        yield closing + "\n"
    else:
        yield json.dumps({"@context": dict(context), "@graph": []}, ensure_ascii=False, indent=2) + "\n"


def _compacting(context: Mapping[str, object]) -> Callable[[str], str]:
    """An IRI shortened by the context's prefixes: the longest namespace that leaves a local
    part not starting with "//"."""
    prefixes = sorted(((name, iri) for name, iri in context.items() if isinstance(iri, str)), key=lambda item: -len(item[1]))
    # One pattern finds the longest namespace the IRI starts with (the alternatives are tried in
    # order), which almost always fits; the loop decides when it does not.
    longest = re.compile("|".join(f"({re.escape(namespace)})" for _, namespace in prefixes))

    @lru_cache(maxsize=4096)  # the same predicates, classes and datatypes on every line
    def compact(iri: str) -> str:
        found = longest.match(iri)
        if found is None:
            return iri
        assert found.lastindex is not None
        local = iri[found.end() :]
        if local and not local.startswith("//"):
            return f"{prefixes[found.lastindex - 1][0]}:{local}"
        for name, namespace in prefixes:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and not local.startswith("//"):
                return f"{name}:{local}"
        return iri

    return compact


def _jsonld_value(term: str, compact: Callable[[str], str]) -> dict[str, str]:
    """A term written in N-Triples as a JSON-LD value object, IRIs shortened by `compact`."""
    if term[0] == "<":
        return {"@id": compact(term[1:-1])}
    if term[0] == "_":
        return {"@id": term}
    body, language, datatype = literal_parts(term)
    if language:
        return {"@value": unescape_string(body), "@language": language}
    if datatype:
        return {"@value": unescape_string(body), "@type": compact(datatype)}
    return {"@value": unescape_string(body)}


def _jsonld_nodes(said: Iterable[Statement], compact: Callable[[str], str]) -> list[str]:
    """The node objects of the statements' subjects, sorted, each written as json.dumps(indent=2)
    writes it as an item of "@graph": its types sorted, its keys sorted, each key's values
    sorted by their JSON with sorted keys."""
    by_subject: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    types: dict[str, list[str]] = defaultdict(list)
    for subject, predicate, obj in said:
        if predicate == RDF_TYPE and obj[0] == "<":
            types[subject].append(compact(obj[1:-1]))
        else:
            by_subject[subject][compact(predicate[1:-1])].append(obj)
    nodes = []
    for subject in sorted(set(by_subject) | set(types), key=sort_key):
        members = [f'      "@id": {_json_string(_jsonld_value(subject, compact)["@id"])}']
        if types[subject]:
            members.append('      "@type": [\n' + ",\n".join(f"        {_json_string(name)}" for name in sorted(types[subject])) + "\n      ]")
        properties = by_subject[subject]
        for key in sorted(properties):
            terms = properties[key]
            if len(terms) == 1:
                values = _json_value_object(_jsonld_value(terms[0], compact))
            else:
                objects = sorted((_jsonld_value(term, compact) for term in terms), key=lambda item: json.dumps(item, sort_keys=True))
                values = ",\n".join(map(_json_value_object, objects))
            members.append(f"      {_json_string(key)}: [\n{values}\n      ]")
        nodes.append("    {\n" + ",\n".join(members) + "\n    }")
    return nodes


# A string as json.dumps(ensure_ascii=False) writes it: the encoder's own function, called for
# each of the millions of strings of an export without json.dumps's checks of the arguments.
_json_string = encode_basestring


def _json_value_object(value: dict[str, str]) -> str:
    if len(value) == 1:
        ((key, text),) = value.items()
        return f"        {{\n          {_json_string(key)}: {_json_string(text)}\n        }}"
    return "        {\n" + ",\n".join(f"          {_json_string(key)}: {_json_string(text)}" for key, text in value.items()) + "\n        }"


