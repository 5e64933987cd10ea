"""Parameters: from the text a user types to the RDF terms a stored query is bound with."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from timeline.catalog.catalogs import program_query
from timeline.catalog.stored_query import Parameter, ParameterError, ParameterType, StoredQuery, shown
from timeline.errors import QueryError
from timeline.rdf.model import XSD_DATE, Literal, NamedNode, Term, iri, plain_value
from timeline.rdf.prefixes import KB_IRI, PREFIXES, WD_IRI, is_local_id
from timeline.rdf.syntax import is_valid_iri

if TYPE_CHECKING:
    from timeline.store.protocol import Store

# What each kind of named parameter may match, and the stored query that lists them.
_KINDS = {
    ParameterType.ENTITY: ("entity", "entities"),
    ParameterType.EVENT: ("event", "timeline"),
}


class UnknownName(QueryError):
    """A name that matches no entity or event; says where to see them, on the command line or
    on the web."""

    def __init__(self, message: str, listing: str) -> None:
        super().__init__(f"{message} Run `timeline query {listing}` to see them.")
        self.on_the_web = f"{message} GET /queries/{listing} lists them."


def resolve_parameters(query: StoredQuery, given: dict[str, str], store: Store) -> dict[str, Term]:
    """Turn the user's `-p NAME VALUE` texts into RDF terms, by parameter name."""
    query.check_given(given)
    resolved = {}
    for parameter in query.parameters:
        try:
            resolved[parameter.name] = resolve_value(parameter, given[parameter.name], store)
        except QueryError as error:
            raise ParameterError(parameter.name, str(error), getattr(error, "on_the_web", None)) from None
    starts = [p for p in query.parameters if p.type is ParameterType.START_DATE]
    ends = [p for p in query.parameters if p.type is ParameterType.END_DATE]
    for start in starts:
        for end in ends:
            if resolved[start.name].value > resolved[end.name].value:
                raise ParameterError(
                    start.name,
                    f"Parameter {start.name!r} ({given[start.name]}) comes after {end.name!r} ({given[end.name]}): "
                    "give the earlier date first."
                )
    return resolved


def resolve_value(parameter: Parameter, text: str, store: Store) -> Term:
    kind = parameter.type
    if kind is ParameterType.STRING:
        return Literal(text)
    if kind in (ParameterType.IRI, ParameterType.SERVICE):
        try:
            return iri(expand(text))
        except QueryError:
            raise QueryError(f"Parameter {parameter.name!r}: {shown(text)} is not an IRI.") from None
    if kind in (ParameterType.START_DATE, ParameterType.END_DATE):
        from timeline.model.dates import ImpreciseDate  # only for a date parameter: 1 ms of a query's start

        try:
            parsed = ImpreciseDate.parse(text)
        except ValueError as error:
            raise QueryError(f"Parameter {parameter.name!r}: {error}.") from None
        day = parsed.earliest if kind is ParameterType.START_DATE else parsed.latest
        return Literal(day.isoformat(), datatype=XSD_DATE)
    return _resolve_named(parameter, text, store)


def _resolve_named(parameter: Parameter, text: str, store: Store) -> NamedNode:
    """An entity or event named by IRI, prefixed name, local id, Wikidata id, label or alias."""
    path_segment, listing = _KINDS[parameter.type]
    candidates: list[NamedNode] = []
    if re.fullmatch(r"Q[1-9][0-9]*", text):
        candidates.append(NamedNode(WD_IRI + text))
    if is_local_id(text):
        candidates.append(NamedNode(f"{KB_IRI}{path_segment}/{text}"))
    if ":" in text and is_valid_iri(expand(text)):
        try:
            candidates.append(iri(expand(text)))
        except QueryError:
            pass  # not an IRI after all: perhaps a label with a colon
    by_iri = program_query(f"find-{path_segment}-by-iri")
    for candidate in candidates:
        found = store.select(by_iri.bind(iri=candidate)).records()
        if found:
            return _named(found[0]["item"])
    found = store.select(program_query(f"find-{path_segment}-by-name").bind(text=Literal(text))).records()
    if len(found) == 1:
        return _named(found[0]["item"])
    if len(found) > 1:
        names = "; ".join(f"{plain_value(row['label'])} ({plain_value(row['item'])})" for row in found)
        raise QueryError(f"{shown(text)} names more than one {path_segment}: {names}. Give the IRI or the id instead.")
    raise UnknownName(f"No {path_segment} matches {shown(text)} for parameter {parameter.name!r}.{_nearest_names(text, path_segment, store)}", listing)


def _nearest_names(text: str, path_segment: str, store: Store) -> str:
    """" Did you mean ...?" with the ids and names closest to a name that matches none."""
    import difflib

    names: dict[str, str] = {}  # a name, lower-cased, and how to give it
    prefix = f"{KB_IRI}{path_segment}/"
    for row in store.select(program_query(f"{path_segment}-names").text).records():
        item, name = plain_value(row["item"]), plain_value(row["name"])
        if item.startswith(prefix):
            names.setdefault(item.removeprefix(prefix).lower(), item.removeprefix(prefix))
        names.setdefault(name.lower(), name)
    nearest = difflib.get_close_matches(text.lower(), list(names), n=3, cutoff=0.75)
    return f" Did you mean {' or '.join(repr(names[name]) for name in nearest)}?" if nearest else ""


def _named(term: Term | None) -> NamedNode:
    if not isinstance(term, NamedNode):
        raise QueryError(f"the store answered {term} where an IRI was expected")
    return term


def expand(text: str) -> str:
    """A prefixed name (event:x, wd:Q7747) with a known prefix as a full IRI; others as given."""
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return text
