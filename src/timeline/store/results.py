"""The answer to a query, one type per kind: rows for SELECT, a boolean for ASK, triples for
CONSTRUCT and DESCRIBE. Terms are rdflib terms, their lexical forms as stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, URIRef | None]
Row = dict[str, Node | None]


@dataclass(frozen=True)
class Solutions:
    """The rows of a SELECT query; an unbound variable is None."""

    variables: list[str]
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Boolean:
    """The answer of an ASK query."""

    value: bool


@dataclass(frozen=True)
class Triples:
    """The graph a CONSTRUCT or DESCRIBE query builds."""

    triples: list[Triple] = field(default_factory=list)


QueryResult = Solutions | Boolean | Triples
