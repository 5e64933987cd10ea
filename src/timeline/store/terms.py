"""Oxigraph's terms (timeline.rdf.model) as rdflib terms and back: the door through which the
code that works with rdflib graphs (curation, validation's shapes compiler and pySHACL
check, the rdflib engine) meets the store, whose every term is Oxigraph's. Nothing else imports it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from timeline.errors import QueryError
from timeline.rdf import model

if TYPE_CHECKING:
    from timeline.rdf.model import Quad, Triple
    from timeline.store.results import Solutions


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


def triple_from_oxigraph(triple: Triple | Quad) -> tuple[Node, Node, Node]:
    """An Oxigraph triple (or a quad's triple) as an rdflib triple."""
    return (from_oxigraph(triple.subject), from_oxigraph(triple.predicate), from_oxigraph(triple.object))


def triple_to_oxigraph(triple: tuple[Node, Node, Node]) -> Triple:
    """An rdflib triple as an Oxigraph triple."""
    subject, predicate, obj = (to_oxigraph(node) for node in triple)
    return model.Triple(subject, predicate, obj)  # type: ignore[arg-type]


def rdflib_rows(result: Solutions) -> list[dict[str, Node | None]]:
    """A SELECT query's rows as {variable: rdflib term}, for code that compares them with the
    terms of rdflib graphs (validation's findings)."""
    return [
        {name: None if term is None else from_oxigraph(term) for name, term in zip(result.variables, row, strict=True)}
        for row in result.table
    ]
