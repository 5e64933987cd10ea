"""timeline's RDF terms: Oxigraph's own term classes (pyoxigraph's NamedNode, Literal,
BlankNode, Triple, Quad), at every boundary of the store: a query's rows, the values bound
into one, the triples of a CONSTRUCT query, graph names and quads.

They are the embedded engine's objects, so nothing is converted on the way out of it, and
Oxigraph writes each in N-Triples itself (`str(term)`); rdflib, whose import alone costs more
than a small query, is not needed to query, show, draw or export the knowledge base. The code
that builds and validates graphs with rdflib (curation, validation, the rdflib engine)
converts at its own door (timeline.store.terms).
"""

from __future__ import annotations

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Triple

from timeline.errors import QueryError
from timeline.rdf.prefixes import PREFIXES, XSD_IRI, shortened
from timeline.rdf.syntax import is_valid_iri

__all__ = [
    "BlankNode", "DefaultGraph", "Literal", "NamedNode", "Quad", "Term", "Triple", "XSD_DATE", "XSD_STRING", "iri", "json_term", "named",
    "plain_value", "short_value",
    "sparql_value", "term_from_json",
]

Term = NamedNode | BlankNode | Literal
XSD_STRING = NamedNode(XSD_IRI + "string")
XSD_DATE = NamedNode(XSD_IRI + "date")


def iri(text: str) -> NamedNode:
    """The IRI `text`, or a QueryError saying why it is none."""
    if is_valid_iri(text):
        try:
            return NamedNode(text)
        except ValueError:
            pass
    shown = text if len(text) <= 80 else text[:79] + "…"
    raise QueryError(f"{shown!r} is not a valid IRI: it needs a scheme (https:...) and no space or any of <>\"{{}}|^`\\")


def named(prefixed_name: str) -> NamedNode:
    """The IRI a prefixed name of the project's prefix table stands for: named("sh:Violation")."""
    prefix, _, local = prefixed_name.partition(":")
    return NamedNode(PREFIXES[prefix] + local)


def sparql_value(term: Term) -> str:
    """The term in SPARQL syntax, for binding into a query. Oxigraph checked the IRI and the
    language tag when the term was made, and escapes the literal's text; a blank node is
    refused (it would be a fresh variable, not a value)."""
    if isinstance(term, BlankNode):
        raise QueryError(f"cannot bind {term}: only IRIs and literals can be parameter values")
    return str(term)


def json_term(term: Term) -> dict[str, str]:
    """One value in the SPARQL 1.1 Query Results JSON form."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    written = {"type": "literal", "value": term.value}
    if term.language:
        written["xml:lang"] = term.language
    elif term.datatype != XSD_STRING:
        written["datatype"] = term.datatype.value
    return written


def term_from_json(value: dict[str, str]) -> Term:
    """A value of the SPARQL 1.1 Query Results JSON form as a term, its lexical form kept. A
    malformed one (from a server) is a QueryError."""
    kind, text = value.get("type"), value.get("value", "")
    try:
        if kind == "uri":
            return NamedNode(text)
        if kind == "bnode":
            return _blank_node(text)
        if "xml:lang" in value:
            return Literal(text, language=value["xml:lang"])
        if value.get("datatype"):
            return Literal(text, datatype=NamedNode(value["datatype"]))
        return Literal(text)
    except (TypeError, ValueError) as error:
        raise QueryError(f"the server answered with a value that is not an RDF term ({error}): {str(value)[:120]}") from None


def _blank_node(label: str) -> BlankNode:
    """A server's blank node: its label where N-Triples allows it, else one made from it, the
    same for the same label (Virtuoso labels them `nodeID://b10001`)."""
    try:
        return BlankNode(label)
    except ValueError:
        import hashlib

        return BlankNode("b" + hashlib.sha256(label.encode("utf-8")).hexdigest()[:32])


def plain_value(term: Term | None) -> str:
    """The value as a person reads it: an IRI as is, a literal's text, nothing for unbound."""
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value


def short_value(term: Term | None) -> str:
    """Like plain_value, with IRIs shortened by the project's prefixes where one fits."""
    if isinstance(term, NamedNode):
        return shortened(term.value)
    return plain_value(term)
