"""The one place that writes rdflib's terms (those of the graphs curation and validation
build): in N-Triples (also N-Quads), and in SPARQL with validation (for values bound
into a query). Turtle, TriG and JSON-LD are written from the N-Triples form
(timeline.rdf.writers); a term is written for people by timeline.rdf.model (plain_value,
short_value), on Oxigraph's terms.

Everything else that writes an rdflib term calls one of these, and they escape through
timeline.rdf.syntax, so that escaping is decided once. A query's rows are Oxigraph's terms,
which Oxigraph writes itself (timeline.rdf.model).
"""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from timeline.errors import QueryError
from timeline.rdf.syntax import escape_iri, escape_string, is_language_tag, is_valid_iri


def ntriples_term(node: Node) -> str:
    """One term in N-Triples syntax (also valid in N-Quads, SPARQL and TSV results)."""
    if isinstance(node, URIRef):
        return f"<{escape_iri(str(node))}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        text = escape_string(str(node))
        if node.language:
            return f'"{text}"@{node.language}'
        if node.datatype and node.datatype != XSD.string:
            return f'"{text}"^^<{node.datatype}>'
        return f'"{text}"'
    raise TypeError(f"not an RDF term: {node!r}")


def sparql_term(node: Node) -> str:
    """The node in SPARQL syntax for binding into a query, or a QueryError if it cannot be
    written safely: an IRI that could close its brackets, a malformed language tag, a blank node."""
    if isinstance(node, URIRef):
        if not is_valid_iri(str(node)):
            raise QueryError(f"{str(node)!r} is not a valid IRI: it contains a space or one of <>\"{{}}|^`\\")
        return ntriples_term(node)
    if isinstance(node, Literal):
        if node.language and not is_language_tag(node.language):
            raise QueryError(f"{node.language!r} is not a language tag")
        if node.datatype and node.datatype != XSD.string and not is_valid_iri(str(node.datatype)):
            raise QueryError(f"{str(node.datatype)!r} is not a valid datatype IRI")
        return ntriples_term(node)
    raise QueryError(f"cannot bind {node!r}: only IRIs and literals can be parameter values")
