"""events/<source-id>.toml: one source's events, concepts and claims -> events/<source-id>.ttl.

Every quote under `evidence` is located in its source's text and becomes a W3C Web Annotation
with a TextQuoteSelector and a TextPositionSelector; every date is written with its precision
(see timeline.model.dates) as an OWL-Time interval of the source that gives it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import PROV

from timeline.curation.build_cache import NamesLookedUp
from timeline.curation.entities import EntityIndex
from timeline.curation.event_records import Order, read_claim, read_datings, read_event_facts, read_evidence, read_figure, read_roles
from timeline.curation.event_triples import (
    annotation_triples, claim_triples, concept_triples, event_triples, figure_triples, interval_triples, order_claim_triples,
)
from timeline.curation.fields import check_keys, load_toml, new_graph, require_id, string, string_list
from timeline.curation.sources import Source
from timeline.curation.vocabulary import Vocabulary
from timeline.model.dates import ImpreciseDate
from timeline.model.evidence import QuoteNotFound, locate
from timeline.rdf.namespaces import KB, SEM, TL
from timeline.rdf.writers import Triple

_EVENT_FIELDS = (
    "id", "kind", "label", "status", "roles", "places", "part-of", "evidence", "time", "figure",
    "quote", "cooperation-areas", "meeting-count-more-than", "is-record",
)
_REPORT_FIELDS = ("same-as", "roles", "places", "evidence", "time", "figure")
_CONCEPT_FIELDS = ("id", "label", "evidence")


class EventsCompiler:
    """Compiles one source's events file. Names (ids) it resolves: its own events and
    concepts, the entities of entities.toml and the sources of sources.toml."""

    def __init__(
        self,
        path: Path,
        kb_dir: Path,
        ontology: Graph,
        sources: Mapping[str, Source],
        entities: EntityIndex,
    ):
        self.path = path
        self.kb_dir = kb_dir
        self.data, self.context = load_toml(path, kb_dir)
        self.vocabulary = Vocabulary(ontology)
        self.sources = sources
        self.entities = entities
        self.graph = new_graph()
        self.events: dict[str, URIRef] = {}  # the events this file defines
        self.all_events: NamesLookedUp[URIRef] = NamesLookedUp()  # and those of every file, once declared
        self.concepts: dict[str, URIRef] = {}
        # Each event's datings from this file, for the choice of the preferred one across files.
        self.datings: dict[URIRef, list[tuple[URIRef, ImpreciseDate, ImpreciseDate | None]]] = {}
        self.orders: set[URIRef] = set()  # events this file orders relative to others
        self.display_path = self.context.display_path
        self.cited_sources: set[str] = set()  # the sources this file quotes or dates from
        self.entity_names: dict[str, str] = {}  # each entity name it used, and the entity it meant

    @property
    def references(self) -> set[str]:
        """The ids of other files' events that this file names (part-of, same-as, orders, claims)."""
        return self.all_events.looked_up - set(self.events)

    def declare(self) -> dict[str, URIRef]:
        """Check the file's source and collect the ids of the events it defines."""
        check_keys(self.data, ("source", "event", "concept", "claim"), self.context, "file")
        source_id = self.data.get("source")
        if source_id not in self.sources:
            raise self.context.error(
                f"the file must start with `source = \"<id>\"` naming a source of sources.toml "
                f"({', '.join(self.sources)}); found {source_id!r}"
            )
        self.source = self.sources[str(source_id)]
        self.cited_sources.add(self.source.id)
        for table in self.data.get("event", []):
            if not isinstance(table, dict):
                raise self.context.error("each [[event]] must be a table")
            if "same-as" in table:
                continue
            event_id = require_id(table.get("id"), self.context, "[[event]]")
            self._claim_id(event_id)
            self.events[event_id] = KB[f"event/{event_id}"]
        # A build declares every file before it compiles any: it holds their ids, not their
        # tables, meanwhile; the file is read again to compile.
        self.data = {}
        return self.events

    def compile(self, all_events: Mapping[str, URIRef]) -> Graph:
        """Compile the file, resolving event names across `all_events` of the knowledge base."""
        if not self.data:
            self.data, _ = load_toml(self.path, self.kb_dir)
        self.all_events = NamesLookedUp(all_events)
        for table in self.data.get("concept", []):
            concept_id = require_id(table.get("id"), self.context, "[[concept]]")
            self._claim_id(concept_id)
            self.concepts[concept_id] = KB[f"area/{concept_id}"]
        for table in self.data.get("concept", []):
            self._compile_concept(table)
        for table in self.data.get("event", []):
            if "same-as" in table:
                self._compile_report_of_known_event(table)
            else:
                self._compile_event(table)
        claim_ids: set[str] = set()
        for table in self.data.get("claim", []):
            claim_id = require_id(table.get("id"), self.context, "[[claim]]")
            if claim_id in claim_ids:
                raise self.context.error("this id is used twice", claim_id, "id")
            claim_ids.add(claim_id)
            self._compile_claim(claim_id, table)
        # The graph is the caller's: the compiler keeps only what the build remembers of the
        # file, so that a build of thousands of sources does not hold every graph at once.
        graph, self.graph = self.graph, new_graph()
        return graph
    def _claim_id(self, item_id: str) -> None:
        if item_id in self.events or item_id in self.concepts:
            raise self.context.error("this id is used twice", item_id, "id")

    # -- events ------------------------------------------------------------------------------

    def _compile_event(self, table: Mapping[str, Any]) -> None:
        event_id = table["id"]
        iri = self.events[event_id]
        check_keys(table, _EVENT_FIELDS, self.context, event_id)
        facts = read_event_facts(table, self.context, event_id, self.vocabulary)
        for concept_id in facts.cooperation_areas:
            if concept_id not in self.concepts:
                raise self.context.error(f"{concept_id!r} is no [[concept]] of this file", event_id, "cooperation-areas")
        self._add(event_triples(iri, facts, [self.concepts[concept_id] for concept_id in facts.cooperation_areas]))
        self._add_roles_and_places(iri, event_id, table, required=True)
        for parent_id in string_list(table, "part-of", self.context, event_id):
            if parent_id not in self.all_events or parent_id == event_id:
                raise self.context.error(f"`part-of` names {parent_id!r}, which is no other event of the knowledge base", event_id, "part-of")
            self.graph.add((iri, SEM.subEventOf, self.all_events[parent_id]))
        derived_from = self._annotate(iri, table.get("evidence"), event_id, "evidence", self.source, required=True)
        derived_from |= self._compile_times(iri, event_id, table.get("time"), future=facts.status == "planned")
        for number, figure in enumerate(table.get("figure", []), start=1):
            derived_from |= self._compile_figure(iri, event_id, number, figure)
        for source in sorted(derived_from):
            self.graph.add((iri, PROV.wasDerivedFrom, source))

    def _add_roles_and_places(self, iri: URIRef, event_id: str, table: Mapping[str, Any], required: bool) -> None:
        for role_property, names in read_roles(table, self.context, event_id, self.vocabulary, required):
            for name in names:
                actor = self._entity(name, event_id, "roles")
                self._add([(iri, role_property, actor), (iri, SEM.hasActor, actor)])
        for place_id in string_list(table, "places", self.context, event_id):
            self.graph.add((iri, SEM.hasPlace, self._entity(place_id, event_id, "places")))

    def _compile_report_of_known_event(self, table: Mapping[str, Any]) -> None:
        """This source reports an event another file defines: its words, datings, figures,
        actors and places join that event, each with this source."""
        target_id = table["same-as"]
        if not isinstance(target_id, str) or target_id not in self.all_events or target_id in self.events:
            raise self.context.error(
                f"`same-as` must name an event defined in another events file; found {target_id!r}", str(target_id), "same-as"
            )
        check_keys(table, _REPORT_FIELDS, self.context, target_id)
        iri = self.all_events[target_id]
        self._add_roles_and_places(iri, target_id, table, required=False)
        base = f"{iri}/evidence/{self.source.id}"
        derived_from = self._annotate(iri, table.get("evidence"), target_id, "evidence", self.source, required=True, base=base)
        if "time" in table:
            derived_from |= self._compile_times(iri, target_id, table["time"])
        for number, figure in enumerate(table.get("figure", []), start=1):
            derived_from |= self._compile_figure(iri, target_id, number, figure, base=f"{iri}/figure/{self.source.id}")
        for source in sorted(derived_from):
            self.graph.add((iri, PROV.wasDerivedFrom, source))

    def _compile_times(self, event: URIRef, event_id: str, tables: Any, future: bool = False) -> set[URIRef]:
        """The datings of an event, each an OWL-Time interval of its source, and its orders."""
        datings, orders = read_datings(tables, self.context, event_id, lambda source_id: self._source(source_id, event_id, "time"), future)
        for order in orders:
            self._compile_order(event, event_id, order)
        derived_from: set[URIRef] = set()
        for dating in datings:
            source = dating.source
            interval = URIRef(f"{event}/time/{source.id}")
            if any(known == interval for known, _, _ in self.datings.get(event, [])):
                raise self.context.error(f"the event has a dating from source {source.id!r} already", event_id, "time")
            words = {
                predicate: value
                for predicate, value in ((TL.dateExpression, dating.expression), (TL.dateResolution, dating.resolution))
                if value is not None
            }
            begin, end = dating.begin, dating.end
            ends = None if end is None else (end.latest, end.precision)
            self._add(interval_triples(event, interval, source.iri, (begin.earliest, begin.precision), ends, words))
            derived_from.add(source.iri)
            derived_from |= self._annotate(interval, dating.evidence, event_id, "time.evidence", source, required=True)
            self.datings.setdefault(event, []).append((interval, begin, end))
        return derived_from

    def _compile_order(self, event: URIRef, event_id: str, order: Order) -> None:
        """"shortly before X": not a date but an order, kept as the relation between the two
        events, a claim with the words as its evidence (the event needs a date elsewhere)."""
        if order.other_id not in self.all_events or order.other_id == event_id:
            raise self.context.error(f"{order.words!r} must name another event by its id; {order.other_id!r} is none", event_id, "time.when")
        other = self.all_events[order.other_id]
        claim = KB[f"claim/{order.claim_id(event_id)}"]
        self._add(order_claim_triples(claim, event, order.property_name, other, order.words))
        sources = self._annotate(claim, order.evidence, event_id, "time.evidence", order.source, required=True)
        self._add([(claim, PROV.wasDerivedFrom, quoted) for quoted in sorted(sources)])
        self.orders.add(event)

    def _compile_figure(self, event: URIRef, event_id: str, number: int, table: Any, base: str | None = None) -> set[URIRef]:
        figure = read_figure(table, self.context, event_id, lambda source_id: self._source(source_id, event_id, "figure"))
        iri = URIRef(f"{base or f'{event}/figure'}/{number}")
        self._add(figure_triples(event, iri, figure.amount, figure.currency, figure.basis, figure.source.iri))
        return {figure.source.iri} | self._annotate(iri, figure.evidence, event_id, "figure.evidence", figure.source, required=True)

    # -- concepts and claims -----------------------------------------------------------------

    def _compile_concept(self, table: Mapping[str, Any]) -> None:
        concept_id = table["id"]
        check_keys(table, _CONCEPT_FIELDS, self.context, concept_id)
        iri = self.concepts[concept_id]
        self._add(concept_triples(iri, string(table, "label", self.context, concept_id)))
        for source in sorted(self._annotate(iri, table.get("evidence"), concept_id, "evidence", self.source, required=True)):
            self.graph.add((iri, PROV.wasDerivedFrom, source))

    def _compile_claim(self, claim_id: str, table: Mapping[str, Any]) -> None:
        claim = read_claim(table, self.context, claim_id, self.vocabulary)
        iri = KB[f"claim/{claim_id}"]
        about = [self._named(item, claim_id, "about") for item in claim.about]
        statement = None
        if claim.statement is not None:
            subject_id, predicate, object_id = claim.statement
            statement = (self._named(subject_id, claim_id, "triple"), predicate, self._named(object_id, claim_id, "triple"))
            about += [statement[0], statement[2]]
        self._add(claim_triples(iri, claim.label, statement, about))
        for source in sorted(self._annotate(iri, claim.evidence, claim_id, "evidence", self.source, required=True)):
            self.graph.add((iri, PROV.wasDerivedFrom, source))

    # -- evidence ----------------------------------------------------------------------------

    def _annotate(
        self, body: URIRef, items: Any, item_id: str, field: str, default_source: Source, required: bool, base: str | None = None
    ) -> set[URIRef]:
        """Write one Web Annotation per quote in `items`; return the sources quoted."""
        quotes = read_evidence(items, self.context, item_id, field, default_source, lambda source_id: self._source(source_id, item_id, field), required)
        for number, quote in enumerate(quotes, start=1):
            try:
                span = locate(quote.source.text, quote.quote, quote.prefix)
            except QuoteNotFound as error:
                raise self.context.error(f"in source {quote.source.id!r}: {error}", item_id, field) from None
            annotation = URIRef(f"{base or f'{body}/evidence'}/{number}")
            self._add(annotation_triples(annotation, body, quote.source.iri, span))
        return {quote.source.iri for quote in quotes}

    def _add(self, triples: Iterable[Triple]) -> None:
        for triple in triples:
            self.graph.add(triple)

    # -- names -------------------------------------------------------------------------------

    def _source(self, source_id: Any, item_id: str, field: str) -> Source:
        if source_id is None:
            return self.source
        if source_id not in self.sources:
            raise self.context.error(f"unknown source {source_id!r}; the sources are: {', '.join(self.sources)}", item_id, field)
        self.cited_sources.add(source_id)
        return self.sources[source_id]

    def _entity(self, name: str, item_id: str, field: str) -> URIRef:
        """An entity named by id, label, alias or Wikidata id; never a new one."""
        found, candidates = self.entities.find(name)
        if found is not None:
            self.entity_names[name] = str(found)
            return found
        if candidates:
            raise self.context.error(f"{name!r} may be any of {', '.join(candidates)}: use the id", item_id, field)
        raise self.context.error(f"unknown entity {name!r}: add it to entities.toml first", item_id, field)

    def _named(self, name: str, item_id: str, field: str) -> URIRef:
        if name in self.all_events:
            return self.all_events[name]
        if name in self.entities.by_id:
            self.entity_names[name] = str(self.entities.by_id[name])
            return self.entities.by_id[name]
        if name in self.concepts:
            return self.concepts[name]
        raise self.context.error(f"{name!r} is no event, concept or entity of the knowledge base", item_id, field)
