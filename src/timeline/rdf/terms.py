"""The one place that writes rdflib's terms: in N-Triples (also N-Quads), in SPARQL with
validation (for values bound into a query), in Turtle with the project's prefixes, in
JSON-LD, and for people (plain and shortened).

Everything else that writes an rdflib term calls one of these, and they escape through
timeline.rdf.syntax, so that escaping is decided once. A query's rows are Oxigraph's terms,
which Oxigraph writes itself (timeline.rdf.model).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from timeline.errors import QueryError
from timeline.rdf.prefixes import PREFIXES_LONGEST_FIRST, shortened
from timeline.rdf.syntax import escape_iri, escape_string, is_language_tag, is_valid_iri


_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_SHORTHAND_TYPES = {str(XSD.integer): re.compile(r"^[+-]?\d+$"), str(XSD.boolean): re.compile(r"^(true|false)$")}


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


def turtle_iri(iri: str, used_prefixes: set[str]) -> str:
    """An IRI as a prefixed name where a prefix of the project's table fits (noting the prefix
    in `used_prefixes`), else in full."""
    prefix, written = _turtle_iri(iri)
    if prefix is not None:
        used_prefixes.add(prefix)
    return written


@lru_cache(maxsize=65536)
def _turtle_iri(iri: str) -> tuple[str | None, str]:
    # Cached: a file names the same predicates, classes and entities over and over.
    for prefix, namespace in PREFIXES_LONGEST_FIRST:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local and _LOCAL_NAME.match(local):
                return prefix, f"{prefix}:{local}"
    return None, f"<{escape_iri(iri)}>"


def turtle_term(node: Node, used_prefixes: set[str]) -> str:
    """A term in Turtle: prefixed names, and integers and booleans in their short form."""
    if isinstance(node, URIRef):
        return turtle_iri(str(node), used_prefixes)
    if isinstance(node, Literal) and not node.language:
        datatype = str(node.datatype) if node.datatype else None
        if datatype in _SHORTHAND_TYPES and _SHORTHAND_TYPES[datatype].match(str(node)):
            return str(node)
        if datatype is not None and datatype != str(XSD.string):
            return f'"{escape_string(str(node))}"^^{turtle_iri(datatype, used_prefixes)}'
    return ntriples_term(node)


def term_from_json(value: dict[str, str]) -> Node:
    """A value of the SPARQL 1.1 Query Results JSON form as a term, its lexical form kept."""
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    if value.get("datatype") and value["datatype"] != str(XSD.string):
        return Literal(value["value"], datatype=URIRef(value["datatype"]), normalize=False)
    return Literal(value["value"])


def jsonld_value(node: Node, compact: Callable[[str], str]) -> dict[str, str]:
    """A term as a JSON-LD value object, IRIs shortened by `compact`."""
    if isinstance(node, BNode):
        return {"@id": f"_:{node}"}
    if isinstance(node, URIRef):
        return {"@id": compact(str(node))}
    assert isinstance(node, Literal)
    if node.language:
        return {"@value": str(node), "@language": node.language}
    if node.datatype and node.datatype != XSD.string:
        return {"@value": str(node), "@type": compact(str(node.datatype))}
    return {"@value": str(node)}


def plain_value(node: Node | None) -> str:
    """The value as a person reads it: an IRI as is, a literal's text, nothing for unbound."""
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def short_value(node: Node | None) -> str:
    """Like plain_value, with IRIs shortened by the project's prefixes where one fits."""
    if isinstance(node, URIRef):
        return shortened(str(node))
    return plain_value(node)
