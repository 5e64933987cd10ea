"""Stored queries, the only way SPARQL runs: the users' catalogue (queries/*.rq), the checks
every knowledge base must pass (queries/checks/*.rq) and the program's own queries
(queries/program/*.rq), each a valid SPARQL query with a strict `#+` header (see
timeline.catalog.headers), its parameters resolved from what a user types
(timeline.catalog.parameters) and bound as RDF terms (timeline.catalog.binding).

A store is only a type here: this package asks any object with the Store protocol's
`query` and `select`, so it sits below the stores that use its program queries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeline.catalog.binding import BoundQuery
from timeline.catalog.headers import Catalog, parse_stored_query
from timeline.catalog.stored_query import HeaderError, Parameter, ParameterError, ParameterType, StoredQuery
from timeline.catalog.catalogs import checks, program_queries, program_query, stored_queries
from timeline.catalog.parameters import resolve_parameters, resolve_value

if TYPE_CHECKING:
    from timeline.store.protocol import Store
    from timeline.store.results import QueryResult, Solutions

__all__ = [
    "BoundQuery", "Catalog", "HeaderError", "Parameter", "ParameterError", "ParameterType", "StoredQuery", "bound_query", "checks", "parse_stored_query",
    "program_queries", "program_query", "resolve_parameters", "resolve_value", "run", "select", "stored_queries",
]


def bound_query(query: StoredQuery, given: dict[str, str], store: Store) -> BoundQuery:
    """A stored query bound with the parameters a user gave (`{"actor": "Putin"}`), each
    resolved to an RDF term against the store: what `run` sends, for a caller that sends it
    itself (the web API asks for the engine's own result formats)."""
    return query.bind(**resolve_parameters(query, given, store))


def run(query: StoredQuery, given: dict[str, str], store: Store) -> QueryResult:
    """Run a stored query with the parameters a user gave (`{"actor": "Putin"}`)."""
    return store.query(bound_query(query, given, store))


def select(query: StoredQuery, given: dict[str, str], store: Store) -> Solutions:
    """Run a stored SELECT query; its rows."""
    return store.select(bound_query(query, given, store))
