"""What kind of SPARQL text a text is: a query of which form, or an update (refused here)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib.term import Node

from timeline.catalog.binding import bind_values
from timeline.errors import QueryError, ReadOnlyError

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_PROLOGUE = re.compile(r"^(?:\s|#[^\n]*\n)*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)(?:\s|#[^\n]*\n)*)*", re.IGNORECASE)


def _first_keyword(sparql: str) -> str:
    body = _PROLOGUE.sub("", sparql, count=1)
    keyword = re.match(r"\s*([A-Za-z]+)", body)
    return keyword.group(1).upper() if keyword else ""


def refuse_updates(sparql: str) -> None:
    """Raise ReadOnlyError if the text is a SPARQL update rather than a query."""
    keyword = _first_keyword(sparql)
    if keyword in _UPDATE_KEYWORDS:
        raise ReadOnlyError(
            f"This is a SPARQL update ({keyword}), and `timeline` only reads here: "
            "nothing was changed. To change the knowledge base, edit its TOML files and run `timeline build`."
        )


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query, read after its prologue."""
    form = _first_keyword(sparql)
    if form not in QUERY_FORMS:
        raise QueryError("A query must be a SELECT, ASK, CONSTRUCT or DESCRIBE query.")
    return form


def prepare_query(sparql: str, bindings: Mapping[str, Node] | None) -> str:
    """The text to send to an engine: updates refused, parameters bound in a VALUES block."""
    refuse_updates(sparql)
    return bind_values(sparql, bindings or {})
