"""Asking an external knowledge graph: a program query bound with batches of values, one
request at a time (the endpoint client never runs two at once)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib.term import Node

from timeline.catalog import program_query
from timeline.catalog.binding import ValuesTable, bind_values

BATCH_SIZE = 50


def batches(items: Sequence[str], size: int = BATCH_SIZE) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bound_query(query_name: str, **columns: Sequence[Node]) -> str:
    """The program query `query_name` with each parameter bound to a list of values, its own VALUES
    table (two lists ask for every combination)."""
    tables: list[ValuesTable] = [([f"_{column}"], [[value] for value in values]) for column, values in columns.items()]
    return bind_values(program_query(query_name).text, {}, tables)


def bound_pairs(name: str, columns: tuple[str, str], rows: Sequence[tuple[Node, Node]]) -> str:
    """The program query `name` with two parameters bound together, row by row."""
    return bind_values(program_query(name).text, {}, [([f"_{columns[0]}", f"_{columns[1]}"], rows)])

