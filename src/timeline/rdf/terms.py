"""The one place that writes RDF terms: in N-Triples (also N-Quads, SPARQL and TSV results),
in SPARQL with validation (for values bound into a query), in Turtle with the project's
prefixes, in the SPARQL 1.1 results JSON, in JSON-LD, and for people (plain and shortened).

Everything else that writes a term calls one of these, so that escaping is decided once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from timeline.errors import QueryError
from timeline.rdf.namespaces import PREFIXES_LONGEST_FIRST

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANGUAGE_TAG = re.compile(r"^[a-zA-Z]+(-[a-zA-Z0-9]+)*$")
# As Oxigraph writes them, so that a term reads the same whichever of the two wrote it: the
# short escapes, and every other control character as \uXXXX.
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_STRING_TO_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_SHORTHAND_TYPES = {str(XSD.integer): re.compile(r"^[+-]?\d+$"), str(XSD.boolean): re.compile(r"^(true|false)$")}


def escape_string(text: str) -> str:
    """A string's characters as they stand between double quotes in N-Triples, Turtle and SPARQL."""
    # A regular expression rather than a loop over characters: most strings need no escape.
    return _STRING_TO_ESCAPE.sub(lambda match: _STRING_ESCAPES.get(match.group()) or f"\\u{ord(match.group()):04X}", text)


def escape_iri(iri: str) -> str:
    """An IRI as it can stand between <> in N-Triples: forbidden characters as \\u escapes."""
    return _IRI_FORBIDDEN.sub(lambda match: f"\\u{ord(match.group()):04X}", iri)


def is_valid_iri(text: str) -> bool:
    """Whether the text can be written as <text> in SPARQL: no space and none of <>"{}|^`\\."""
    return bool(text) and not _IRI_FORBIDDEN.search(text)


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
        if node.language and not _LANGUAGE_TAG.match(node.language):
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


def json_term(node: Node) -> dict[str, str]:
    """One value in the SPARQL 1.1 Query Results JSON form."""
    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    if isinstance(node, BNode):
        return {"type": "bnode", "value": str(node)}
    term: dict[str, str] = {"type": "literal", "value": str(node)}
    if isinstance(node, Literal):
        if node.language:
            term["xml:lang"] = node.language
        elif node.datatype and node.datatype != XSD.string:
            term["datatype"] = str(node.datatype)
    return term


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
        for prefix, namespace in PREFIXES_LONGEST_FIRST:
            if str(node).startswith(namespace) and len(str(node)) > len(namespace):
                return f"{prefix}:{str(node)[len(namespace):]}"
    return plain_value(node)
