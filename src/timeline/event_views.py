"""The knowledge base's events as plain records for views: the timeline page, the TimelineJS
and CSV exports. Everything is read from a store (embedded or remote) through the stored
queries, so the views show exactly what the knowledge base says."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from timeline.catalog import Parameter, ParameterType, resolve_value, run, stored_queries
from timeline.dates import ImpreciseDate, Precision, format_iso_span
from timeline.errors import QueryError
from timeline.results import plain_value
from timeline.store import Store

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
# The actor an event is mostly about, for views that can show only one (TimelineJS groups).
ROLE_PRIORITY = ("guest", "speaker", "subject", "interviewee", "aggressor", "party", "participant", "attendee", "host", "interviewer", "target")

_PARENTS = """
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
SELECT ?event ?parent WHERE { ?event sem:subEventOf ?parent } ORDER BY ?event ?parent
"""
_EVENT_LINKS = """
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?event ?link WHERE { ?event a sem:Event ; owl:sameAs ?link } ORDER BY ?event ?link
"""
_SOURCES = """
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX tl: <https://timeline.example/ontology#>
SELECT ?source ?title ?text ?referenceDate WHERE {
  ?source nif:isString ?text ; dcterms:title ?title .
  OPTIONAL { ?source tl:referenceDate ?referenceDate }
} ORDER BY ?source
"""


@dataclass
class Participant:
    role: str
    name: str
    entity: str
    wikidata: str = ""

    @property
    def wikidata_id(self) -> str:
        return self.wikidata.removeprefix(WIKIDATA_ENTITY) if self.wikidata.startswith(WIKIDATA_ENTITY) else ""


@dataclass
class Dating:
    source: str
    source_title: str
    begin: str
    end: str
    expression: str
    resolution: str
    preferred: bool

    @property
    def shown(self) -> str:
        return format_iso_span(self.begin, self.end)


@dataclass
class Evidence:
    about: str
    exact: str
    source_title: str
    start: int
    end: int


@dataclass
class EventView:
    id: str
    iri: str
    label: str
    kind: str
    begin: str
    end: str
    status: str
    parent: str = ""
    parent_label: str = ""
    actors: list[Participant] = field(default_factory=list)
    places: list[Participant] = field(default_factory=list)
    datings: list[Dating] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    wikidata: str = ""

    @property
    def shown_date(self) -> str:
        return format_iso_span(self.begin, self.end)

    @property
    def begin_precision(self) -> Precision:
        return ImpreciseDate.parse(self.begin).precision

    @property
    def end_precision(self) -> Precision | None:
        return ImpreciseDate.parse(self.end).precision if self.end else None

    @property
    def earliest(self) -> str:
        return ImpreciseDate.parse(self.begin).earliest.isoformat()

    @property
    def latest(self) -> str:
        """The last day the event can have lasted to; for one with no end, its first day."""
        return ImpreciseDate.parse(self.end or self.begin).latest.isoformat()

    @property
    def main_actor(self) -> Participant | None:
        ranked = sorted(self.actors, key=lambda p: ROLE_PRIORITY.index(p.role) if p.role in ROLE_PRIORITY else len(ROLE_PRIORITY))
        return ranked[0] if ranked else None

    @property
    def source_titles(self) -> list[str]:
        return sorted({dating.source_title for dating in self.datings} | {e.source_title for e in self.evidence})


@dataclass
class Source:
    iri: str
    title: str
    text: str
    reference_date: str


def event_views(store: Store) -> list[EventView]:
    """Every event, in timeline order, with its participants, datings and evidence."""
    catalog = stored_queries()
    events = [
        EventView(
            id=plain_value(row["event"]).rsplit("/", 1)[-1],
            iri=plain_value(row["event"]),
            label=plain_value(row["label"]),
            kind=plain_value(row["kind"]),
            begin=plain_value(row["begin"]),
            end=plain_value(row["end"]),
            status=plain_value(row["status"]),
            parent_label=plain_value(row["partOf"]),
        )
        for row in run(catalog.get("timeline"), {}, store).rows
    ]
    by_iri = {event.iri: event for event in events}
    for row in store.query(_PARENTS).rows:
        event = by_iri.get(plain_value(row["event"]))
        if event is not None and not event.parent:
            event.parent = plain_value(row["parent"])
    for row in store.query(_EVENT_LINKS).rows:
        event = by_iri.get(plain_value(row["event"]))
        if event is not None and plain_value(row["link"]).startswith(WIKIDATA_ENTITY):
            event.wikidata = plain_value(row["link"])
    for row in run(catalog.get("participants"), {}, store).rows:
        event = by_iri.get(plain_value(row["event"]))
        if event is None:
            continue
        participant = Participant(plain_value(row["role"]), plain_value(row["name"]), plain_value(row["entity"]), plain_value(row["wikidata"]))
        (event.places if participant.role == "place" else event.actors).append(participant)
    for row in run(catalog.get("datings"), {}, store).rows:
        event = by_iri.get(plain_value(row["event"]))
        if event is not None:
            event.datings.append(
                Dating(
                    plain_value(row["source"]), plain_value(row["sourceTitle"]), plain_value(row["begin"]), plain_value(row["end"]),
                    plain_value(row["expression"]), plain_value(row["resolution"]), plain_value(row["preferred"]) == "true",
                )
            )
    evidence_query = catalog.get("evidence")
    for event in events:
        for row in store.query(evidence_query.text, {"_event": URIRef(event.iri)}).rows:
            event.evidence.append(
                Evidence(plain_value(row["about"]), plain_value(row["exact"]), plain_value(row["source"]), int(plain_value(row["start"])), int(plain_value(row["end"])))
            )
    return events


def sources(store: Store) -> list[Source]:
    return [
        Source(plain_value(row["source"]), plain_value(row["title"]), plain_value(row["text"]), plain_value(row["referenceDate"]))
        for row in store.query(_SOURCES).rows
    ]


def select(events: list[EventView], store: Store, actors: tuple[str, ...] = (), start: str | None = None, end: str | None = None) -> list[EventView]:
    """The events of any of `actors` (named as `timeline query` takes them) that can overlap
    the period from `start` to `end` (YYYY, YYYY-MM or YYYY-MM-DD), as the stored query
    events-between decides it."""
    chosen = events
    if actors:
        parameter = Parameter("actor", ParameterType.ENTITY, "an actor")
        wanted = {str(resolve_value(parameter, actor, store)) for actor in actors}
        chosen = [event for event in chosen if wanted & {p.entity for p in event.actors + event.places}]
    if start or end:
        period = {"from": start or "0001", "to": end or "9999"}
        try:
            rows = run(stored_queries().get("events-between"), period, store).rows
        except QueryError as error:
            raise QueryError(f"--from/--to: {str(error).split(': ', 1)[-1]}") from None
        overlapping = {plain_value(row["event"]) for row in rows}
        chosen = [event for event in chosen if event.iri in overlapping]
    return chosen
