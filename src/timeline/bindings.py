"""Binding parameter values into a SPARQL query as RDF terms, never as pasted text.

The values go into a VALUES block at the top of the query's WHERE group, each written as an
RDF term whose syntax is checked here: an IRI that could close its brackets is refused, and a
literal's quotes, backslashes and line breaks are escaped. A VALUES block means the same on
every SPARQL 1.1 engine (embedded or remote), which engine-specific binding APIs do not:
pyoxigraph's substitutions need the variable projected, rdflib's initBindings are its own.

Stored queries therefore use a parameter (?_name) in triple patterns, and in FILTER and BIND
at the top level of the WHERE group, where the VALUES block is in scope.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from timeline.errors import QueryError

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANGUAGE_TAG = re.compile(r"^[a-zA-Z]+(-[a-zA-Z0-9]+)*$")
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}


def is_valid_iri(text: str) -> bool:
    """Whether the text can be written as <text> in SPARQL: no space and none of <>"{}|^`\\."""
    return bool(text) and not _IRI_FORBIDDEN.search(text)


def sparql_term(node: Node) -> str:
    """The node in SPARQL syntax, or a QueryError if it cannot be written safely."""
    if isinstance(node, URIRef):
        if not is_valid_iri(str(node)):
            raise QueryError(f"{str(node)!r} is not a valid IRI: it contains a space or one of <>\"{{}}|^`\\")
        return f"<{node}>"
    if isinstance(node, Literal):
        lexical = "".join(_STRING_ESCAPES.get(character, character) for character in str(node))
        if node.language:
            if not _LANGUAGE_TAG.match(node.language):
                raise QueryError(f"{node.language!r} is not a language tag")
            return f'"{lexical}"@{node.language}'
        if node.datatype and node.datatype != XSD.string:
            return f'"{lexical}"^^{sparql_term(URIRef(node.datatype))}'
        return f'"{lexical}"'
    raise QueryError(f"cannot bind {node!r}: only IRIs and literals can be parameter values")


def bind_values(query: str, bindings: Mapping[str, Node]) -> str:
    """The query with a VALUES block for `bindings` (variable name -> term) opening its WHERE group."""
    if not bindings:
        return query
    opening = _where_group_opening(query)
    if opening is None:
        raise QueryError("a query with parameters must have a WHERE { ... } group to bind them in")
    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
    variables = " ".join(f"?{name}" for name in names)
    values = " ".join(sparql_term(bindings[name]) for name in names)
    block = f"\n  VALUES ({variables}) {{ ({values}) }}\n"
    return query[: opening + 1] + block + query[opening + 1 :]


def _where_group_opening(query: str) -> int | None:
    """The index of the `{` that opens the WHERE group, skipping comments, IRIs and strings."""
    position, length = 0, len(query)
    seen_where = False
    while position < length:
        character = query[position]
        if character == "#":
            newline = query.find("\n", position)
            position = length if newline == -1 else newline + 1
            continue
        if character == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", query[position:]):
            position = query.index(">", position) + 1
            continue
        if character in "\"'":
            position = _skip_string(query, position)
            continue
        if character == "{" and seen_where:
            return position
        if query[position : position + 5].upper() == "WHERE" and (position == 0 or not query[position - 1].isalnum()):
            seen_where = True
            position += 5
            continue
        position += 1
    return None


def _skip_string(query: str, start: int) -> int:
    quote = query[start]
    delimiter = quote * 3 if query.startswith(quote * 3, start) else quote
    position = start + len(delimiter)
    while position < len(query):
        if query[position] == "\\":
            position += 2
            continue
        if query.startswith(delimiter, position):
            return position + len(delimiter)
        position += 1
    return position


def bind_service(query: str, name: str, endpoint: URIRef) -> str:
    """The query with `SERVICE ?name` naming the endpoint IRI itself. Engines do not agree on
    a SERVICE whose IRI comes from a VALUES block (Oxigraph reports it unbound), so the
    validated IRI is written in, and only in that position."""
    if not str(endpoint).startswith(("http://", "https://")):
        raise QueryError(f"{str(endpoint)!r} is not an http(s) URL of a SPARQL endpoint")
    pattern = re.compile(r"(\bSERVICE\s+(?:SILENT\s+)?)[?$]" + re.escape(name) + r"\b", re.IGNORECASE)
    bound, count = pattern.subn(lambda match: match.group(1) + sparql_term(endpoint), query)
    if count == 0:
        raise QueryError(f"the query has no `SERVICE ?{name}` to bind")
    return bound
