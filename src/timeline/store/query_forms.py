"""What kind of SPARQL text a text is, decided by parsing it (timeline.rdf.sparql_parser):
a query of which form, or an update, which is refused on every read-only path; and the text an
engine is sent, which is the parse's, never the text as given."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from timeline.errors import QueryError, ReadOnlyError
from timeline.rdf.sparql_text import QUERY_FORMS, SparqlText

if TYPE_CHECKING:
    from timeline.catalog.binding import BoundQuery

__all__ = ["QUERY_FORMS", "prepare_query", "prepared_query", "refuse_updates", "undeclared_prefix_message"]


def refuse_updates(sparql: str) -> SparqlText:
    """The text's operation, or a ReadOnlyError if it is a SPARQL update rather than a query."""
    from timeline.rdf.sparql_parser import read_sparql

    return _refused_if_update(read_sparql(sparql))


def _refused_if_update(read: SparqlText) -> SparqlText:
    if read.is_update:
        raise ReadOnlyError(
            f"This is a SPARQL update ({read.operation}), and `timeline` only reads here: "
            "nothing was changed. To change the knowledge base, edit its TOML files and run `timeline build`."
        )
    return read


def prepare_query(sparql: str | BoundQuery, known_prefixes: Iterable[str] = ()) -> str:
    """The text to send to an engine: size and nesting checked, updates refused, every prefix
    declared (or among `known_prefixes`). A stored query comes bound already
    (timeline.catalog.stored_query.StoredQuery.bind): a store binds nothing, and checks the parse
    the query was bound into rather than parse it again."""
    return prepared_query(sparql, known_prefixes)[0]


def prepared_query(sparql: str | BoundQuery, known_prefixes: Iterable[str] = ()) -> tuple[str, str]:
    """prepare_query's text, and the query's form (SELECT, ASK, CONSTRUCT, DESCRIBE), from one parse."""
    read = refuse_updates(sparql) if isinstance(sparql, str) else _refused_if_update(sparql.read)
    undeclared = read.undeclared(known_prefixes)
    if undeclared:
        raise QueryError(undeclared_prefix_message(undeclared[0]))
    return (read.text if isinstance(sparql, str) else sparql.text), read.operation


def undeclared_prefix_message(name: str) -> str:
    """What to say of a prefix a query uses but neither declares nor is one of timeline's."""
    return (
        f"The query uses the prefix {name}: without declaring it. Add PREFIX {name}: <...>, "
        "or use one of timeline's prefixes (tl:, sem:, time:, oa:, prov:, event:, entity:, ...; `timeline queries` "
        "and the served /query know them all)."
    )
