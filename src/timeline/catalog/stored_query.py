"""A stored query and its parameters, as its header declares them (timeline.catalog.headers
reads them): what a query is called, what it takes, and `bind`, the one way it gets values.

A parameter `name` is a variable ?_name in the query. In the users' catalogue (queries/*.rq)
the variable also carries grlc's type suffix, so that grlc serves the same folder as a web API:
?_actor_iri for an entity, event or IRI, ?_from_xsd_date for a date, plain ?_name for a string
(see `GRLC_SUFFIXES`). Its value is resolved according to its type (see `ParameterType`) and
bound as an RDF term (see timeline.catalog.binding).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, cast

from timeline.errors import QueryError
from timeline.rdf.model import NamedNode
from timeline.rdf.sparql_text import SparqlText

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from timeline.catalog.binding import BoundQuery, Value, ValuesTable


class ParameterType(Enum):
    """How a parameter's text becomes an RDF term."""

    ENTITY = "entity"  # an actor or place: label, alias, IRI, prefixed name, id or Wikidata id
    EVENT = "event"  # an event: id, IRI, prefixed name, label or Wikidata id
    START_DATE = "start-date"  # YYYY, YYYY-MM or YYYY-MM-DD: the first day it can mean
    END_DATE = "end-date"  # YYYY, YYYY-MM or YYYY-MM-DD: the last day it can mean
    STRING = "string"
    IRI = "iri"
    SERVICE = "service"  # the URL of a SPARQL endpoint, for `SERVICE ?_name { ... }`


# grlc's variable-name convention for each type: what grlc puts in the variable's place is
# then the same kind of term timeline binds (an IRI, an xsd:date). A service endpoint keeps
# the plain name: grlc would write it as a string, and `SERVICE "..."` is not SPARQL.
GRLC_SUFFIXES = {
    ParameterType.ENTITY: "_iri",
    ParameterType.EVENT: "_iri",
    ParameterType.IRI: "_iri",
    ParameterType.START_DATE: "_xsd_date",
    ParameterType.END_DATE: "_xsd_date",
    ParameterType.STRING: "",
    ParameterType.SERVICE: "",
}


@dataclass(frozen=True)
class Parameter:
    """A parameter a stored query's header declares: its name, its type and what it means."""

    name: str
    type: ParameterType
    description: str
    # The query's variable for it, without the `?`: `_actor_iri`, or `_actor` outside the
    # users' catalogue.
    variable: str = ""

    def __post_init__(self) -> None:
        if not self.variable:
            object.__setattr__(self, "variable", f"_{self.name}")


@dataclass(frozen=True)
class StoredQuery:
    """A stored query: its `.rq` file's SPARQL text and the grlc header above it (summary,
    description, tags, parameters, an example of their values)."""

    name: str
    path: Path
    text: str
    summary: str
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    example: dict[str, str] = field(default_factory=dict)
    # The gate's parse of `text`, kept with the header in the user's cache: a stored query is
    # bound without importing the parser (None: parsed when bound).
    read: SparqlText | None = field(default=None, compare=False, repr=False)

    def bind(self, **values: Value | Sequence[Value]) -> BoundQuery:
        """The query with each parameter bound, by name, to an RDF term, or to a list of terms
        (its own VALUES table: two lists ask for every combination); a service parameter to
        the endpoint's IRI. Every parameter must be given, and only those the header declares:
        else a ParameterError naming it. The one way a query gets its values
        (timeline.catalog.binding); a store runs the text it is given."""
        from timeline.catalog.binding import BoundQuery, bind_into, bind_service

        self.check_given(values)
        text = self.text
        row: dict[str, Value] = {}
        tables: list[ValuesTable] = []
        for parameter in self.parameters:
            value = values[parameter.name]
            if isinstance(value, (list, tuple)):
                tables.append(([parameter.variable], [[term] for term in value]))
            elif parameter.type is ParameterType.SERVICE:
                if not isinstance(value, NamedNode):
                    raise ParameterError(parameter.name, f"Parameter {parameter.name!r} takes the URL of a SPARQL endpoint.")
                text = bind_service(text, parameter.variable, value)
            else:
                row[parameter.variable] = cast("Value", value)
        read = self.read if text == self.text and self.read is not None else _parsed(text)
        return BoundQuery(self.name, bind_into(read, row, tables), read)

    def bind_rows(self, names: Sequence[str], rows: Sequence[Sequence[Value]]) -> BoundQuery:
        """The query with the named parameters bound together, row by row, as one VALUES table
        (pairs to check one against the other)."""
        from timeline.catalog.binding import BoundQuery, bind_into

        self.check_given(dict.fromkeys(names))
        variables = {parameter.name: parameter.variable for parameter in self.parameters}
        table: ValuesTable = ([variables[name] for name in names], rows)
        read = self.read or _parsed(self.text)
        return BoundQuery(self.name, bind_into(read, {}, [table]), read)

    def check_given(self, given: Mapping[str, object]) -> None:
        """Every parameter given, and only those the header declares: else a ParameterError
        naming the first that is not (a value given by name is quoted cut short)."""
        declared = {parameter.name: parameter for parameter in self.parameters}
        for name in given:
            if name not in declared:
                takes = f"its parameters are: {', '.join(declared)}" if declared else "it takes none"
                raise ParameterError(name, f"Query {self.name!r} has no parameter {shown(name)}; {takes}.")
        for name, parameter in declared.items():
            if name not in given:
                raise ParameterError(
                    name, f"Query {self.name!r} needs -p {name} VALUE: {parameter.description}. Example: {self.example_command()}",
                )

    def example_command(self) -> str:
        arguments = "".join(f" -p {name} {_shell_quote(value)}" for name, value in self.example.items())
        return f"timeline query {self.name}{arguments}"


def _parsed(text: str) -> SparqlText:
    """The gate's parse of a query's text, for a query whose parse was not kept (the parser's
    grammar and lexer are imported only then)."""
    from timeline.rdf.sparql_parser import read_sparql

    return read_sparql(text)


def _shell_quote(value: str) -> str:
    return value if re.fullmatch(r"[A-Za-z0-9_.:/-]+", value) else "'" + value.replace("'", "'\\''") + "'"


class HeaderError(QueryError):
    pass


_SHOWN_VALUE_LENGTH = 80


def shown(text: str) -> str:
    """A value as an error message quotes it: cut, so that a huge value is not echoed whole."""
    return repr(text if len(text) <= _SHOWN_VALUE_LENGTH else text[: _SHOWN_VALUE_LENGTH - 1] + "…")


class ParameterError(QueryError):
    """A parameter value that cannot be used; `parameter` names the parameter (a web API's
    problem report names it too)."""

    def __init__(self, parameter: str, message: str, on_the_web: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.on_the_web = on_the_web or message  # the message as the web API gives it
