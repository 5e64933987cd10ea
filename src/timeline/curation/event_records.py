"""The parts of an events file read from its TOML into typed records, checked, before any
triple is written (timeline.curation.event_triples writes them).

An event's own facts: its class of the ontology, label, status and what only some kinds have.
Figures: an amount the source reports, in a currency, with what it counts. Claims: what a
source claims about named items, and the relation it states. Evidence: each item a quote of a source, with the words before it where the quote alone is
ambiguous. Datings: an [[event.time]] table gives either a `when` in words, read by the reader
of time expressions (or, for "shortly before <event>", an order between two events rather than
a date), or a `begin` and an `end` in the KB's date notation (see timeline.model.dates).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from timeline.curation.fields import FileContext, check_keys, optional_string, parse_date, string, string_list
from timeline.curation.sources import Source
from timeline.curation.vocabulary import Vocabulary
from timeline.model.dates import ImpreciseDate
from timeline.temporal.date_expressions import UnresolvedDate
from timeline.temporal.date_expressions import order as order_of
from timeline.rdf.namespaces import TL
from timeline.temporal.date_expressions import resolve as resolve_date

TIME_FIELDS = ("source", "when", "begin", "end", "expression", "resolution", "evidence")
FIGURE_FIELDS = ("source", "amount", "currency", "basis", "evidence")
STATUSES = ("completed", "ongoing", "planned")


@dataclass(frozen=True)
class EventFacts:
    """An [[event]] table's own facts, checked against the ontology: its class, label and status;
    a statement's quote; the ids of this file's concepts it concerns; a meeting count; a record."""

    class_iri: URIRef
    label: str
    status: str
    quote: str | None
    cooperation_areas: list[str]
    meeting_count_more_than: int | None
    is_record: bool | None


def read_event_facts(table: Any, context: FileContext, event_id: str, vocabulary: Vocabulary) -> EventFacts:
    kind = string(table, "kind", context, event_id)
    class_iri = URIRef(TL[kind])
    if not vocabulary.is_event_class(class_iri):
        raise context.error(
            f"`kind` must name an event class of the ontology ({', '.join(vocabulary.event_kinds())}); found {kind!r}", event_id, "kind"
        )
    label = string(table, "label", context, event_id)
    status = table.get("status")
    if status not in STATUSES:
        raise context.error(f"`status` must be one of {', '.join(STATUSES)}; found {status!r}", event_id, "status")
    quote = optional_string(table, "quote", context, event_id)
    if quote is not None and not vocabulary.is_subclass(class_iri, TL.Statement):
        raise context.error("only statements (kind Statement or Pledge) have a `quote`", event_id, "quote")
    areas = string_list(table, "cooperation-areas", context, event_id)
    count = table.get("meeting-count-more-than")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 0):
        raise context.error("`meeting-count-more-than` must be a whole number", event_id, "meeting-count-more-than")
    is_record = table.get("is-record")
    if is_record is not None and not isinstance(is_record, bool):
        raise context.error("`is-record` must be true or false", event_id, "is-record")
    return EventFacts(class_iri, label, str(status), quote, areas, count, is_record)


def read_roles(table: Any, context: FileContext, event_id: str, vocabulary: Vocabulary, required: bool) -> list[tuple[URIRef, list[Any]]]:
    """The `roles` table: each role's property of the ontology (guest -> tl:hasGuest), in the
    order of the roles' names, and the names of its actors (resolved by the compiler)."""
    roles = table.get("roles", {})
    if not isinstance(roles, dict) or (required and not roles):
        raise context.error("`roles` must name at least one actor, as in roles = { guest = [\"vladimir-putin\"] }", event_id, "roles")
    read = []
    for role, names in sorted(roles.items()):
        role_property = URIRef(TL["has" + role.capitalize()])
        if not vocabulary.is_role(role_property):
            raise context.error(f"unknown role {role!r}; the roles are: {', '.join(vocabulary.roles())}", event_id, "roles")
        if not isinstance(names, list) or not names:
            raise context.error(f"role {role!r} must list entity ids", event_id, "roles")
        read.append((role_property, names))
    return read


@dataclass(frozen=True)
class Figure:
    """An amount a source reports for an event (a plain decimal), its currency, what it counts."""

    source: Source
    amount: str
    currency: str
    basis: str | None
    evidence: Any


def read_figure(table: Any, context: FileContext, event_id: str, source_of: Callable[[Any], Source]) -> Figure:
    if not isinstance(table, dict):
        raise context.error("each [[event.figure]] must be a table", event_id, "figure")
    check_keys(table, FIGURE_FIELDS, context, event_id)
    source = source_of(table.get("source"))
    amount = string(table, "amount", context, event_id)
    if not re.fullmatch(r"\d+(\.\d+)?", amount):
        raise context.error(f"`amount` must be a plain decimal number such as \"240000000000\"; found {amount!r}", event_id, "figure.amount")
    currency = string(table, "currency", context, event_id)
    return Figure(source, amount, currency, optional_string(table, "basis", context, event_id), table.get("evidence"))


@dataclass(frozen=True)
class Dating:
    """When an event happened, by one source: `end` None when it has not ended (or is unknown)."""

    source: Source
    begin: ImpreciseDate
    end: ImpreciseDate | None
    expression: str | None  # the source's own words, when given
    resolution: str | None  # how the words were read
    evidence: Any  # the table's evidence items, read by the compiler


@dataclass(frozen=True)
class Order:
    """Not a date but an order: "shortly before X" names another event and a relation."""

    source: Source
    words: str
    property_name: str
    other_id: str
    evidence: Any

    def claim_id(self, event_id: str) -> str:
        """The id of the claim that keeps the order: `<event>-shortly-precedes-<other>`."""
        relation = re.sub(r"(?<!^)(?=[A-Z])", "-", self.property_name).lower()  # shortlyPrecedes -> shortly-precedes
        return f"{event_id}-{relation}-{self.other_id}"


def read_datings(
    tables: Any, context: FileContext, event_id: str, source_of: Callable[[Any], Source], future: bool = False
) -> tuple[list[Dating], list[Order]]:
    """The datings and orders of an event's [[event.time]] tables. A `when` is read in the
    tense of the event: a planned event's "on Thursday" is the next Thursday."""
    if not isinstance(tables, list) or not tables:
        raise context.error("every event needs at least one [[event.time]] with a `when` or a `begin`", event_id, "time")
    datings: list[Dating] = []
    orders: list[Order] = []
    for table in tables:
        check_keys(table, TIME_FIELDS, context, event_id)
        source = source_of(table.get("source"))
        when = optional_string(table, "when", context, event_id)
        words = {key: optional_string(table, key, context, event_id) for key in ("expression", "resolution")}
        if when is None:
            begin, end = _begin_and_end(table, context, event_id)
            datings.append(Dating(source, begin, end, words["expression"], words["resolution"], table.get("evidence")))
            continue
        if "begin" in table or "end" in table:
            raise context.error("give either `when` or `begin` and `end`, not both", event_id, "time.when")
        relation = order_of(when)
        if relation is not None:
            orders.append(Order(source, when, relation[0], relation[1], table.get("evidence")))
            continue
        try:
            reading = resolve_date(when, source.reference_date, future)
        except UnresolvedDate as error:
            raise context.error(str(error), event_id, "time.when") from None
        # The file's own expression and resolution, where it gives them, stand over the reader's.
        expression = words["expression"] if words["expression"] is not None else when
        resolution = words["resolution"] if words["resolution"] is not None else reading.explanation
        datings.append(Dating(source, reading.date, reading.end or reading.date, expression, resolution, table.get("evidence")))
    sources_seen = [dating.source.id for dating in datings]
    if len(set(sources_seen)) != len(sources_seen):
        raise context.error("give at most one [[event.time]] per source", event_id, "time")
    return datings, orders


def _begin_and_end(table: Any, context: FileContext, event_id: str) -> tuple[ImpreciseDate, ImpreciseDate | None]:
    begin = parse_date(string(table, "begin", context, event_id), context, event_id, "time.begin")
    end_text = table.get("end")
    if end_text == "unknown":
        return begin, None
    if end_text is None:
        return begin, begin
    end = parse_date(string(table, "end", context, event_id), context, event_id, "time.end")
    if end.latest < begin.earliest:
        raise context.error(f"`end` {end_text} comes before `begin` {table['begin']}", event_id, "time.end")
    return begin, end


CLAIM_FIELDS = ("id", "label", "triple", "about", "evidence")


@dataclass(frozen=True)
class Claim:
    """A [[claim]] of the source: its label, the ids of what it is about, and the relation it
    states, as (subject id, object property of the ontology, object id), where it states one."""

    label: str
    about: list[str]
    statement: tuple[str, URIRef, str] | None
    evidence: Any


def read_claim(table: Any, context: FileContext, claim_id: str, vocabulary: Vocabulary) -> Claim:
    check_keys(table, CLAIM_FIELDS, context, claim_id)
    label = string(table, "label", context, claim_id)
    about = string_list(table, "about", context, claim_id)
    statement = None
    triple = table.get("triple")
    if triple is not None:
        if not (isinstance(triple, list) and len(triple) == 3 and all(isinstance(part, str) for part in triple)):
            raise context.error("`triple` must be [subject id, property, object id]", claim_id, "triple")
        predicate = URIRef(TL[triple[1]])
        if not vocabulary.is_object_property(predicate):
            raise context.error(f"{triple[1]!r} is no object property of the ontology", claim_id, "triple")
        statement = (triple[0], predicate, triple[2])
    if not about and statement is None:
        raise context.error("a claim needs `about` or `triple` to say what it is about", claim_id, "about")
    return Claim(label, about, statement, table.get("evidence"))


@dataclass(frozen=True)
class Quote:
    """One evidence item: words of a source, found there by `locate` (with `prefix`, the words
    just before them, where they occur more than once)."""

    source: Source
    quote: str
    prefix: str | None


def read_evidence(
    items: Any, context: FileContext, item_id: str, field: str, default_source: Source,
    source_of: Callable[[Any], Source], required: bool,
) -> list[Quote]:
    """The quotes of an `evidence` list: each a string of the file's own source, or a table
    { quote, prefix, source }."""
    if items is None or items == []:
        if required:
            raise context.error("at least one quote from the source is required as evidence", item_id, field)
        return []
    if not isinstance(items, list):
        raise context.error("`evidence` must be a list of quotes", item_id, field)
    quotes: list[Quote] = []
    for item in items:
        if isinstance(item, str):
            quotes.append(Quote(default_source, item, None))
        elif isinstance(item, dict) and isinstance(item.get("quote"), str):
            check_keys(item, ("quote", "prefix", "source"), context, item_id)
            source = source_of(item["source"]) if "source" in item else default_source
            quotes.append(Quote(source, item["quote"], item.get("prefix")))
        else:
            raise context.error(
                "each evidence item is a quote, or a table { quote = \"...\", prefix = \"...\", source = \"...\" }", item_id, field
            )
    return quotes
