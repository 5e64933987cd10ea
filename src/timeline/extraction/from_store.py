"""Running extraction on a source of a knowledge base: its text, its reference date and the
entities it may name come from the store, and so do the curated events to compare with."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rdflib.namespace import RDFS

from timeline.curation.build import load_ontology
from timeline.errors import TimelineError
from timeline.views.events import event_views, sources
from timeline.extraction.proposals import Comparison, Proposal, compare, propose
from timeline.linking import local_items
from timeline.rdf.namespaces import KB, TL
from timeline.store.protocol import Store

ACTOR_KINDS = {"Person", "Country", "Organisation"}
PLACE_KINDS = {"City", "Province", "Country"}


def _source(store: Store, source_id: str) -> tuple[str, str, date | None]:
    iri = str(KB[f"source/{source_id}"])
    for source in sources(store):
        if source.iri == iri:
            return source.title, source.text, date.fromisoformat(source.reference_date) if source.reference_date else None
    known = ", ".join(source.iri.rsplit("/", 1)[-1] for source in sources(store)) or "none"
    raise TimelineError(f"No source {source_id!r}; the sources are: {known}.")


def propose_for_source(store: Store, source_id: str) -> list[Proposal]:
    _, text, reference = _source(store, source_id)
    actors: dict[str, str] = {}
    places: dict[str, str] = {}
    for item in local_items(store):
        for name in item.names():
            if item.kind in ACTOR_KINDS:
                actors[name] = item.id
            if item.kind in PLACE_KINDS:
                places[name] = item.id
    return propose(text, reference, actors, places, kinds_related())


def kinds_related() -> Callable[[str, str], bool]:
    """Whether two event kinds can be one event: the same, or one a subclass of the other."""
    ontology = load_ontology()

    def ancestors(kind: str) -> set[str]:
        return {str(c).removeprefix(str(TL)) for c in ontology.transitive_objects(TL[kind], RDFS.subClassOf)}

    return lambda a, b: a in ancestors(b) or b in ancestors(a)


def compare_with_curated(store: Store, source_id: str, proposals: list[Proposal]) -> Comparison:
    title, _, _ = _source(store, source_id)
    curated = {
        event.id: ("".join(word.capitalize() for word in event.kind.split()), [(e.start, e.end) for e in event.evidence if e.about == "event" and e.source_title == title])
        for event in event_views(store)
    }
    curated = {event_id: value for event_id, value in curated.items() if value[1]}
    return compare(proposals, curated, kinds_related())
