"""The answer to a query, one type per kind: rows for SELECT, a boolean for ASK, triples for
CONSTRUCT and DESCRIBE.

Every term is Oxigraph's (timeline.rdf.model), lexical forms as stored: running a query,
writing its rows or its triples needs no rdflib. Code that works with rdflib graphs converts
at its own door (timeline.store.terms)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeAlias

from timeline.rdf.model import Quad, Term, Triple

__all__ = ["Boolean", "Quad", "QueryResult", "Record", "Solutions", "Triple", "Triples"]

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


@dataclass(frozen=True)
class Boolean:
    """The answer of an ASK query."""

    value: bool


@dataclass(frozen=True)
class Triples:
    """The graph a CONSTRUCT or DESCRIBE query builds."""

    triples: list[Triple] = field(default_factory=list)


QueryResult = Solutions | Boolean | Triples
