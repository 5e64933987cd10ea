"""The answer to a query, one type per kind: rows for SELECT, a boolean for ASK, triples for
CONSTRUCT and DESCRIBE.

A SELECT answer's terms are Oxigraph's (timeline.rdf.model), lexical forms as stored, so that
running a stored query and writing its rows needs no rdflib. `Solutions.rows` gives the same
rows as rdflib terms, made on first use, for the code that works with rdflib graphs (the
page's read model, validation, linking). Triples and quads are rdflib terms."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TypeAlias

from timeline.rdf.model import Term

if TYPE_CHECKING:
    from rdflib import URIRef
    from rdflib.term import Node

# rdflib's types, named without importing it.
Triple: TypeAlias = "tuple[Node, Node, Node]"
Quad: TypeAlias = "tuple[Node, Node, Node, URIRef | None]"
Row: TypeAlias = "dict[str, Node | None]"
# A row of a query's answer as its own terms, by variable; None where a variable is unbound.
Record: TypeAlias = "dict[str, Term | None]"


@dataclass(frozen=True)
class Solutions:
    """The rows of a SELECT query: `table` holds each row's terms in the order of `variables`,
    None where a variable is unbound."""

    variables: list[str]
    table: list[tuple[Term | None, ...]] = field(default_factory=list)

    def records(self) -> list[Record]:
        """Each row as {variable: term}."""
        return list(self.each_record())

    def each_record(self) -> Iterator[Record]:
        """Each row as {variable: term}, made as it is read: for a reader of hundreds of
        thousands of rows, which would hold them all twice as a list of records."""
        for row in self.table:
            yield dict(zip(self.variables, row, strict=True))

    @cached_property
    def rows(self) -> list[Row]:
        """Each row as {variable: rdflib term}."""
        from timeline.store.terms import from_oxigraph

        return [
            {name: None if term is None else from_oxigraph(term) for name, term in zip(self.variables, row, strict=True)}
            for row in self.table
        ]


@dataclass(frozen=True)
class Boolean:
    """The answer of an ASK query."""

    value: bool


@dataclass(frozen=True)
class Triples:
    """The graph a CONSTRUCT or DESCRIBE query builds."""

    triples: list[Triple] = field(default_factory=list)


QueryResult = Solutions | Boolean | Triples
