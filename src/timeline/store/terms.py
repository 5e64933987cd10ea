"""Oxigraph's terms as rdflib terms, and the errors of Oxigraph's parsers as user errors: the
one place that turns the engine's types into the rest of the program's."""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from timeline.errors import DataFileError, QueryError
from timeline.store.results import Triple


def first_line(message: str, limit: int = 240) -> str:
    line = message.strip().splitlines()[0] if message.strip() else "no details given"
    return line if len(line) <= limit else line[: limit - 1] + "…"


def from_oxigraph(term: object) -> Node:
    """An Oxigraph term as an rdflib term, the lexical form kept as stored
    ("240000000000"^^xsd:decimal stays exactly that)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise QueryError(f"unsupported RDF term: {term!r}")


def triple_from_oxigraph(triple: Any) -> Triple:
    """An Oxigraph triple (or quad) as an rdflib triple."""
    return (from_oxigraph(triple.subject), from_oxigraph(triple.predicate), from_oxigraph(triple.object))


def parse_ntriples(data: bytes, where: str) -> list[Triple]:
    import pyoxigraph

    try:
        return [triple_from_oxigraph(t) for t in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)]
    except SyntaxError as error:
        raise QueryError(f"{where} answered with something that is not N-Triples: {first_line(str(error))}") from None


def turtle_error(path: str, error: SyntaxError) -> DataFileError:
    from pathlib import Path

    from timeline.rdf.files import not_utf8

    try:
        data = Path(path).read_bytes()
        data.decode("utf-8")
    except UnicodeDecodeError as decoding:
        return DataFileError(path, f"not valid Turtle: the file is {not_utf8(data, decoding)}; Turtle is UTF-8")
    except OSError:
        pass
    return DataFileError(path, f"not valid Turtle: {first_line(str(error))}", line=error.lineno, column=error.offset)


# Oxigraph's Turtle reader holds one token at a time in a buffer of at most 16 MiB: a literal
# longer than that cannot be read (it raises MemoryError).
MAX_TOKEN_BYTES = 16 * 1024 * 1024


def too_large_error(path: str) -> DataFileError:
    return DataFileError(
        path, f"a term in this file is longer than the {MAX_TOKEN_BYTES // (1024 * 1024)} MiB that Oxigraph reads in one piece; "
        "split the text, or keep a large text outside the knowledge base"
    )
