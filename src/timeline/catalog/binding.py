"""Binding parameter values into a SPARQL query as RDF terms, never as pasted text.

The values go into VALUES blocks at the top of the query's WHERE group, each written as an
RDF term: an Oxigraph term by Oxigraph, which checked it when it was made
(timeline.rdf.model.sparql_value); an rdflib term by timeline.rdf.terms.sparql_term, which
refuses an IRI that could close its brackets. Both escape a literal's quotes, backslashes and
line breaks. A VALUES block means the same on every SPARQL 1.1 engine (embedded or remote),
which engine-specific binding APIs do not: pyoxigraph's substitutions need the variable
projected, rdflib's initBindings are its own.

Stored queries therefore use a parameter (?_name) in triple patterns, and in FILTER and BIND
at the top level of the WHERE group, where the VALUES block is in scope. A sub-select sees none
of its enclosing group's variables, so the same block opens each sub-select's WHERE group
too: a parameter means its value wherever the query names it, as grlc's substitution of the
value for the variable has it (a parameter is never projected by a sub-select, where grlc's
substitution would write a value in place of a variable). A parameter bound to several values
(a batch of items asked of Wikidata) is a VALUES table of its own, in the outer group only;
separate tables join, so two lists ask for every combination.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from timeline.errors import QueryError
from timeline.rdf import model
from timeline.rdf.sparql_text import SparqlText

if TYPE_CHECKING:
    from rdflib.term import Node

# A value bound into a query: an Oxigraph term on the query path (timeline.rdf.model), or an
# rdflib term from the code that works with graphs.
Value: TypeAlias = "model.Term | Node"
Bindings: TypeAlias = "Mapping[str, Value]"
# Variables and the rows of values they take, as in `VALUES (?item ?expected) { (...) (...) }`.
ValuesTable: TypeAlias = "tuple[Sequence[str], Sequence[Sequence[Value]]]"
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class BoundQuery:
    """A stored query with its parameters bound (timeline.catalog.stored_query.StoredQuery.bind):
    `text` is what a store or an endpoint is sent; `read`, the parse of the query it was bound
    into, which a store checks rather than parse the text again (the values are RDF terms,
    written by binding: they add no operation and no prefix)."""

    name: str
    text: str
    read: SparqlText


def bind_values(query: str, bindings: Bindings, tables: Sequence[ValuesTable] = ()) -> str:
    """The query with VALUES blocks opening its WHERE group: one row for `bindings` (variable
    name -> term), and one block for each of `tables`. The WHERE group is found by parsing the
    query (timeline.rdf.sparql_parser), and the query comes back as that parse writes it."""
    from timeline.rdf.sparql_parser import read_sparql

    return bind_into(read_sparql(query), bindings, tables)


def bind_into(read: SparqlText, bindings: Bindings, tables: Sequence[ValuesTable] = ()) -> str:
    """bind_values for a query parsed already."""
    all_tables: list[ValuesTable] = list(tables)
    if bindings:
        names = sorted(bindings)
        all_tables.insert(0, (names, [[bindings[name] for name in names]]))
    if not all_tables:
        return read.text
    if read.where_group < 0:
        raise QueryError("a query with parameters must have a WHERE { ... } group to bind them in")
    blocks = "".join(_values_block(variables, rows) for variables, rows in all_tables)
    insertions = [(read.where_group, blocks)]
    if bindings:
        parameters = all_tables[0]
        insertions += [(group, _values_block(*parameters)) for group in read.sub_select_groups]
    text = read.text
    for opening, block in sorted(insertions, reverse=True):  # from the end, so that earlier indices hold
        text = text[: opening + 1] + block + text[opening + 1 :]
    return text


def _values_block(variables: Sequence[str], rows: Sequence[Sequence[Value]]) -> str:
    for name in variables:
        if not _VARIABLE_NAME.fullmatch(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
    for row in rows:
        if len(row) != len(variables):
            raise QueryError(f"a VALUES row has {len(row)} values for {len(variables)} variables")
    heading = " ".join(f"?{name}" for name in variables)
    lines = " ".join("(" + " ".join(_written(value) for value in row) + ")" for row in rows)
    return f"\n  VALUES ({heading}) {{ {lines} }}\n"


def _written(value: Value) -> str:
    if isinstance(value, (model.NamedNode, model.Literal, model.BlankNode)):
        return model.sparql_value(value)
    # An rdflib term: its caller has rdflib loaded already.
    from timeline.rdf.terms import sparql_term

    return sparql_term(value)


def bind_service(query: str, name: str, endpoint: model.NamedNode) -> str:
    """The query with `SERVICE ?name` naming the endpoint IRI itself. Engines do not agree on
    a SERVICE whose IRI comes from a VALUES block (Oxigraph reports it unbound), so the
    validated IRI is written in, and only in that position."""
    if not endpoint.value.startswith(("http://", "https://")):
        raise QueryError(f"{endpoint.value!r} is not an http(s) URL of a SPARQL endpoint")
    pattern = re.compile(r"(\bSERVICE\s+(?:SILENT\s+)?)[?$]" + re.escape(name) + r"\b", re.IGNORECASE)
    bound, count = pattern.subn(lambda match: match.group(1) + model.sparql_value(endpoint), query)
    if count == 0:
        raise QueryError(f"the query has no `SERVICE ?{name}` to bind")
    return bound
