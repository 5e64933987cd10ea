"""The one read model of the knowledge base's events, for every view: the terminal timeline,
the HTML page, and the TimelineJS and CSV exports. Everything is read from a store (embedded
or remote) through stored queries, a fixed number of them whatever the number of events, so
the views show exactly what the knowledge base says. Dates are made from the values the
queries give (timestamps and OWL-Time units, years, months and days), never read back from
the text a stored query shows people."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from sys import intern

from timeline.catalog import Parameter, ParameterType, bound_query, program_query, resolve_value, select, stored_queries
from timeline.errors import QueryError
from timeline.model.dates import ImpreciseDate, Precision, format_dates
from timeline.model.values import python_value
from timeline.rdf.model import NamedNode, Term, plain_value
from timeline.rdf.prefixes import WD_IRI, local_id
from timeline.store.protocol import Store
from timeline.store.results import Record

WIKIDATA_ENTITY = WD_IRI
# The actor an event is mostly about, for views that can show only one (TimelineJS groups).
ROLE_PRIORITY = ("guest", "speaker", "subject", "interviewee", "aggressor", "party", "participant", "attendee", "host", "interviewer", "target")


@dataclass(slots=True)
class Participant:
    role: str
    name: str
    entity: str
    wikidata: str = ""

    @property
    def wikidata_id(self) -> str:
        return self.wikidata.removeprefix(WIKIDATA_ENTITY) if self.wikidata.startswith(WIKIDATA_ENTITY) else ""


@dataclass(slots=True)
class Dating:
    """One source's dating of an event; no end means the source gives none."""

    source: str
    source_title: str
    begin: ImpreciseDate
    end: ImpreciseDate | None
    expression: str
    resolution: str
    preferred: bool

    @property
    def shown(self) -> str:
        return format_dates(self.begin, self.end)


@dataclass(slots=True)
class Evidence:
    about: str
    exact: str
    source_title: str
    start: int
    end: int


@dataclass(slots=True)
class EventView:
    id: str
    iri: str
    label: str
    kind: str
    begin: ImpreciseDate
    end: ImpreciseDate | None
    status: str
    parent: str = ""
    parent_label: str = ""
    actors: list[Participant] = field(default_factory=list)
    places: list[Participant] = field(default_factory=list)
    datings: list[Dating] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    wikidata: str = ""
    class_iri: str = ""  # the event's class of the ontology, whose label `kind` is

    @property
    def shown_date(self) -> str:
        return format_dates(self.begin, self.end)

    @property
    def begin_precision(self) -> Precision:
        return self.begin.precision

    @property
    def end_precision(self) -> Precision | None:
        return self.end.precision if self.end else None

    @property
    def earliest(self) -> str:
        return self.begin.earliest.isoformat()

    @property
    def latest(self) -> str:
        """The last day the event can have lasted to; for one with no end, its first day."""
        return (self.end or self.begin).latest.isoformat()

    @property
    def main_actor(self) -> Participant | None:
        ranked = sorted(self.actors, key=lambda p: ROLE_PRIORITY.index(p.role) if p.role in ROLE_PRIORITY else len(ROLE_PRIORITY))
        return ranked[0] if ranked else None

    @property
    def source_titles(self) -> list[str]:
        return sorted({dating.source_title for dating in self.datings} | {e.source_title for e in self.evidence})


@dataclass(slots=True)
class Source:
    iri: str
    title: str
    text: str
    reference_date: str


def _stamped(stamp: Term | None, unit: Term | None) -> ImpreciseDate | None:
    """A timestamp at its precision (sem:hasBeginTimeStamp with tl:beginPrecision)."""
    day = python_value(stamp)
    if not isinstance(day, date) or unit is None:
        return None
    return ImpreciseDate.containing(day, Precision.of_unit(plain_value(unit)))


def _described(row: dict[str, Term | None], end: str) -> ImpreciseDate | None:
    """An OWL-Time date-time description's year, month and day (`begin` or `end` of a row)."""
    year, month, day = (python_value(row[f"{end}{part}"]) for part in ("Year", "Month", "Day"))
    if not isinstance(year, ImpreciseDate):
        return None
    return ImpreciseDate.of(year.earliest.year, month if isinstance(month, int) else None, day if isinstance(day, int) else None)


def _shared(term: Term | None) -> str:
    """The text of a term many rows repeat (a source's title, a role, an actor, a kind), held
    once: at 1,000 articles the copies were 38 MB of the read model's 99 MB."""
    return intern(plain_value(term))


def event_views(store: Store, with_evidence: bool = True) -> list[EventView]:
    """Every event, in timeline order, with its participants, datings and (unless not wanted)
    the evidence for it. Each query's rows are read as they come, never held as a table of
    terms (the page of 1,000 articles: 443 MB -> 343 MB)."""
    events: list[EventView] = []
    by_iri: dict[str, EventView] = {}

    def add_event(row: Record) -> None:
        iri = plain_value(row["event"])
        begin = _stamped(row["beginStamp"], row["beginUnit"])
        assert begin is not None  # the query asks for both
        event = EventView(
            id=local_id(iri), iri=iri, label=plain_value(row["label"]), kind=_shared(row["kind"]), class_iri=_shared(row["class"]),
            begin=begin, end=_stamped(row["endStamp"], row["endUnit"]),
            status=_shared(row["status"]), parent_label=_shared(row["partOf"]),
        )
        events.append(event)
        by_iri[iri] = event

    def add_parent(row: Record) -> None:
        event = by_iri.get(plain_value(row["event"]))
        if event is not None and not event.parent:
            event.parent = plain_value(row["parent"])

    def add_link(row: Record) -> None:
        event = by_iri.get(plain_value(row["event"]))
        if event is not None and plain_value(row["link"]).startswith(WIKIDATA_ENTITY):
            event.wikidata = plain_value(row["link"])

    def add_participant(row: Record) -> None:
        event = by_iri.get(plain_value(row["event"]))
        if event is not None:
            participant = Participant(_shared(row["role"]), _shared(row["name"]), _shared(row["entity"]), _shared(row["wikidata"]))
            (event.places if participant.role == "place" else event.actors).append(participant)

    def add_dating(row: Record) -> None:
        event = by_iri.get(plain_value(row["event"]))
        begin = _described(row, "begin")
        if event is not None and begin is not None:
            event.datings.append(Dating(
                _shared(row["source"]), _shared(row["sourceTitle"]), begin, _described(row, "end"),
                plain_value(row["expression"]), _shared(row["resolution"]), python_value(row["preferred"]) is True,
            ))

    def add_evidence(row: Record) -> None:
        event = by_iri.get(plain_value(row["event"]))
        if event is not None:
            event.evidence.append(_evidence(row))

    store.read_rows(program_query("event-values").text, add_event)
    store.read_rows(program_query("event-parents").text, add_parent)
    store.read_rows(program_query("event-links").text, add_link)
    store.read_rows(bound_query(stored_queries().get("participants"), {}, store), add_participant)
    store.read_rows(program_query("dating-values").text, add_dating)
    if with_evidence:
        store.read_rows(program_query("evidence-of-every-event").text, add_evidence)
        for event in events:
            event.evidence.sort(key=_shown_order)
    return events


def _evidence(row: Record) -> Evidence:
    return Evidence(_shared(row["about"]), plain_value(row["exact"]), _shared(row["source"]), int(plain_value(row["start"])), int(plain_value(row["end"])))


def _shown_order(evidence: Evidence) -> tuple[str, str, int]:
    """Passages as the page lists them: what they support, then by source, then in reading order."""
    return (evidence.about, evidence.source_title, evidence.start)


def evidence_of(store: Store, iri: str) -> list[Evidence]:
    """The passages behind one event (an IRI the store holds), its datings and its figures, in
    the order the page shows them: the stored query `evidence` with the IRI bound as it is, not
    looked up as a user's words are (which read every event: a quarter of a second at 24,000)."""
    rows = store.select(stored_queries().get("evidence").bind(event=NamedNode(iri))).records()
    return sorted(map(_evidence, rows), key=_shown_order)


def sources(store: Store) -> list[Source]:
    return [
        Source(plain_value(row["source"]), plain_value(row["title"]), plain_value(row["text"]), plain_value(row["referenceDate"]))
        for row in store.select(program_query("sources").text).records()
    ]


MAX_TITLES_IN_HEADING = 3


def kb_title(all_sources: list[Source]) -> str:
    """The heading of a view of the whole knowledge base: the titles of a few sources; of many,
    their number (417 titles filled the page's whole first screen)."""
    titles = [source.title for source in all_sources if source.reference_date]
    if not titles:
        return "Timeline of the knowledge base"
    if len(titles) > MAX_TITLES_IN_HEADING:
        return f"Timeline of the knowledge base: {len(titles)} sources"
    return "Timeline of " + "; ".join(f"“{title}”" for title in titles)


def select_events(events: list[EventView], store: Store, actors: tuple[str, ...] = (), start: str | None = None, end: str | None = None) -> list[EventView]:
    """The events of any of `actors` (named as `timeline query` takes them) that can overlap
    the period from `start` to `end` (YYYY, YYYY-MM or YYYY-MM-DD), as the stored query
    events-between decides it."""
    chosen = events
    if actors:
        parameter = Parameter("actor", ParameterType.ENTITY, "an actor")
        wanted = {resolve_value(parameter, actor, store).value for actor in actors}
        chosen = [event for event in chosen if wanted & {p.entity for p in event.actors + event.places}]
    if start or end:
        period = {"from": start or "0001", "to": end or "9999"}
        try:
            rows = select(stored_queries().get("events-between"), period, store).records()
        except QueryError as error:
            raise QueryError(str(error).replace("Parameter 'from'", "--from").replace("Parameter 'to'", "--to").replace("'to'", "--to")) from None
        overlapping = {plain_value(row["event"]) for row in rows}
        chosen = [event for event in chosen if event.iri in overlapping]
    return chosen
