"""Running extraction on a source of a knowledge base: its text, its reference date, the
entities it may name and the events it may report again come from the store, and so do the
curated events to compare with."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from timeline.catalog import program_query
from timeline.errors import TimelineError
from timeline.extraction.names import Entity
from timeline.extraction.comparison import Comparison, compare
from timeline.extraction.proposals import propose
from timeline.extraction.records import Reading
from timeline.extraction.same_event import KnownEvent, content_words, match
from timeline.linking import local_items
from timeline.rdf.model import NamedNode
from timeline.rdf.prefixes import KB_IRI, PREFIXES, local_id
from timeline.store.protocol import Store
from timeline.views.events import EventView, event_views, sources

ENTITY_KINDS = {"Person": "person", "Country": "country", "Organisation": "organisation", "City": "city", "Province": "province"}


def _source(store: Store, source_id: str) -> tuple[str, str, date | None]:
    iri = f"{KB_IRI}source/{source_id}"
    for source in sources(store):
        if source.iri == iri:
            return source.title, source.text, date.fromisoformat(source.reference_date) if source.reference_date else None
    known = ", ".join(local_id(source.iri) for source in sources(store)) or "none"
    raise TimelineError(f"No source {source_id!r}; the sources are: {known}.")


def source_text(store: Store, source_id: str) -> str:
    return _source(store, source_id)[1]


def propose_for_source(store: Store, source_id: str) -> tuple[Reading, set[str]]:
    """The reading of a source, each proposal compared with the events of the knowledge base
    that other sources report; and the ids the knowledge base uses already."""
    title, text, reference = _source(store, source_id)
    entities = [Entity(item.id, ENTITY_KINDS[item.kind], item.label, list(item.aliases))
                for item in local_items(store) if item.kind in ENTITY_KINDS]
    events = event_views(store)
    taken = {entity.id for entity in entities} | {event.id for event in events}
    related = kinds_related(store)
    reading = propose(text, reference, entities, related, taken)
    others = {event.id: _known(event) for event in events if not any(e.source_title == title for e in event.evidence)}
    for proposal in reading.proposals:
        found = match(proposal, others.values(), related)
        if found is not None:
            proposal.same_as, score, reasons = found
            proposal.same_as_reasons = [f"score {score}", *reasons]
            known = others[proposal.same_as]
            if reference is not None and known.status.endswith("planned") and known.earliest <= reference:
                # The knowledge base checks that no source dated after an event began calls it planned.
                proposal.blockers.append(f"{proposal.same_as!r} is planned in its own events file, but this report, of "
                                         f"{reference.isoformat()}, comes after it began: update its status there first")
    return reading, taken


def _known(event: EventView) -> KnownEvent:
    latest = (event.end or event.begin).latest
    return KnownEvent(
        event.id, _class_name(event), event.begin.earliest, latest,
        frozenset(local_id(actor.entity) for actor in event.actors),
        frozenset(local_id(place.entity) for place in event.places),
        content_words(" ".join([event.label, *(e.exact for e in event.evidence)])),
        event.status,
    )


def _class_name(event: EventView) -> str:
    """The event's class by its name in the ontology (tl:StateVisit -> StateVisit)."""
    return event.class_iri.removeprefix(PREFIXES["tl"])


def kinds_related(store: Store) -> Callable[[str, str], bool]:
    """Whether two event kinds can be one event: the same, or one a subclass of the other (by
    the ontology the store holds)."""
    ontology = PREFIXES["tl"]
    superclasses: dict[str, set[str]] = {}
    for row in store.select(program_query("class-hierarchy").text).each_record():
        kind, superclass = row["class"], row["superclass"]
        if isinstance(kind, NamedNode) and isinstance(superclass, NamedNode):
            superclasses.setdefault(kind.value.removeprefix(ontology), set()).add(superclass.value.removeprefix(ontology))
    return lambda a, b: a == b or a in superclasses.get(b, ()) or b in superclasses.get(a, ())


def compare_with_curated(store: Store, source_id: str, reading: Reading) -> Comparison:
    title, _, _ = _source(store, source_id)
    curated = {
        event.id: (_class_name(event), [(e.start, e.end) for e in event.evidence if e.about == "event" and e.source_title == title])
        for event in event_views(store)
    }
    curated = {event_id: value for event_id, value in curated.items() if value[1]}
    return compare(reading.proposals, curated, kinds_related(store))
