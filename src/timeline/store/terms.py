"""Oxigraph's terms (timeline.rdf.model) as rdflib terms and back: the one place where the
query path's term model meets the one that builds and validates graphs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from timeline.errors import QueryError
from timeline.rdf import model
from timeline.store.engine_errors import first_line

if TYPE_CHECKING:
    from timeline.store.results import Triple


def from_oxigraph(term: object) -> Node:
    """An Oxigraph term as an rdflib term, the lexical form kept as stored
    ("240000000000"^^xsd:decimal stays exactly that)."""
    if isinstance(term, model.NamedNode):
        return URIRef(term.value)
    if isinstance(term, model.BlankNode):
        return BNode(term.value)
    if isinstance(term, model.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype == model.XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise QueryError(f"unsupported RDF term: {term!r}")


def to_oxigraph(node: Node) -> model.Term:
    """An rdflib term as an Oxigraph term, the lexical form kept."""
    if isinstance(node, URIRef):
        return model.NamedNode(str(node))
    if isinstance(node, BNode):
        return model.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return model.Literal(str(node), language=node.language)
        if node.datatype is not None and node.datatype != XSD.string:
            return model.Literal(str(node), datatype=model.NamedNode(str(node.datatype)))
        return model.Literal(str(node))
    raise QueryError(f"unsupported RDF term: {node!r}")


def triple_from_oxigraph(triple: Any) -> Triple:
    """An Oxigraph triple (or quad) as an rdflib triple."""
    return (from_oxigraph(triple.subject), from_oxigraph(triple.predicate), from_oxigraph(triple.object))


def parse_ntriples(data: bytes, where: str) -> list[Triple]:
    import pyoxigraph

    try:
        return [triple_from_oxigraph(t) for t in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)]
    except SyntaxError as error:
        raise QueryError(f"{where} answered with something that is not N-Triples: {first_line(str(error))}") from None
