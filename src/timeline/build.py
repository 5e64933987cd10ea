"""Compile the curated TOML files of a knowledge base folder into its RDF files.

A knowledge base folder holds:

    sources.toml              the sources' metadata        -> sources.ttl
    sources/<file>            each source's text, byte for byte
    entities.toml             actors and places -> entities.ttl
    events/<source-id>.toml   the events and claims of one source -> events/<source-id>.ttl
    links.toml                links to Wikidata and DBpedia -> links.ttl

Every quote under `evidence` is located in its source's text and becomes a W3C Web
Annotation with a TextQuoteSelector and a TextPositionSelector; every date is written with
its precision (see timeline.dates). The RDF is written deterministically: the same TOML
gives the same bytes. Nothing is written unless every file compiles.
"""

from __future__ import annotations

import re
import tomllib
from functools import partial
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from timeline.date_expressions import UnresolvedDate
from timeline.date_expressions import order as order_of
from timeline.date_expressions import resolve as resolve_date
from timeline.dates import ImpreciseDate, Precision
from timeline.errors import DataFileError
from timeline.evidence import QuoteNotFound, locate
from timeline.namespaces import KB, NIF, OA, SCHEMA, SEM, TL, WD
from timeline.rdf_files import turtle, write_atomically
from timeline.resources import ontology_dir

ENTITY_CLASSES: Mapping[str, tuple[URIRef, ...]] = {
    "person": (TL.Person, SEM.Actor),
    "country": (TL.Country, SEM.Actor, SEM.Place),
    "organisation": (TL.Organisation, SEM.Actor),
    "city": (TL.City, SEM.Place),
    "province": (TL.Province, SEM.Place),
}
STATUSES = ("completed", "ongoing", "planned")
_WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*$")
_LOCAL_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TEXT_FORMATS = {".txt": "text/plain", ".md": "text/markdown"}


@dataclass(frozen=True)
class Source:
    id: str
    iri: URIRef
    text: str
    reference_date: date | None


class _FileContext:
    """Where a compile error happened, to name file, line and field in its message."""

    def __init__(self, path: Path, display_path: str):
        self.path = path
        self.display_path = display_path
        self.lines = path.read_text(encoding="utf-8").splitlines()

    def error(self, message: str, item_id: str | None = None, field: str | None = None) -> DataFileError:
        line = self._line_of(item_id) if item_id else None
        prefix = ""
        if item_id:
            prefix += f"{item_id!r}"
            if field:
                prefix += f", field {field!r}"
            prefix += ": "
        return DataFileError(self.display_path, prefix + message, line=line)

    def _line_of(self, item_id: str) -> int | None:
        pattern = re.compile(r'^\s*(id\s*=\s*"' + re.escape(item_id) + '"|' + re.escape(item_id) + r'\s*=)')
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return number
        return None


def _load_toml(path: Path, kb_dir: Path) -> tuple[dict[str, Any], _FileContext]:
    display = _display(path, kb_dir)
    if not path.is_file():
        raise DataFileError(display, "file not found")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        # Python 3.11's TOMLDecodeError has no lineno attribute: the position is in its message.
        message = str(error)
        position = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        line = column = None
        if position:
            line, column = int(position.group(1)), int(position.group(2))
            message = message[: position.start()]
        raise DataFileError(display, f"not valid TOML: {message}", line=line, column=column) from None
    return data, _FileContext(path, display)


def _display(path: Path, kb_dir: Path) -> str:
    try:
        return str(Path(kb_dir.name) / path.relative_to(kb_dir))
    except ValueError:
        return str(path)


def slug_of(name: str) -> str:
    """shortlyPrecedes -> shortly-precedes"""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _new_graph() -> Graph:
    return Graph(bind_namespaces="none")


def _require_id(value: Any, context: _FileContext, what: str) -> str:
    if not isinstance(value, str) or not _LOCAL_ID.match(value):
        raise context.error(
            f"every {what} needs an `id` of lower-case letters, digits and hyphens, such as "
            f"\"putin-state-visit-2024\"; found {value!r}"
        )
    return value


def _optional_string(table: Mapping[str, Any], key: str, context: _FileContext, item_id: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise context.error(f"`{key}` must be a non-empty string", item_id, key)
    return value


def _string(table: Mapping[str, Any], key: str, context: _FileContext, item_id: str) -> str:
    value = _optional_string(table, key, context, item_id)
    if value is None:
        raise context.error(f"`{key}` is required", item_id, key)
    return value


def _string_list(table: Mapping[str, Any], key: str, context: _FileContext, item_id: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise context.error(f"`{key}` must be a list of strings", item_id, key)
    return value


def _check_keys(table: Mapping[str, Any], allowed: Iterable[str], context: _FileContext, item_id: str) -> None:
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise context.error(
            f"unknown field {unknown[0]!r}; the fields are: {', '.join(sorted(allowed))}", item_id, unknown[0]
        )


# --------------------------------------------------------------------------------------------
# sources.toml
# --------------------------------------------------------------------------------------------


def compile_sources(kb_dir: Path) -> tuple[Graph, dict[str, Source]]:
    data, context = _load_toml(kb_dir / "sources.toml", kb_dir)
    graph = _new_graph()
    sources: dict[str, Source] = {}
    allowed = ("id", "file", "title", "reference-date", "reference-date-basis", "publisher", "url")
    for table in data.get("source", []):
        source_id = _require_id(table.get("id"), context, "[[source]]")
        _check_keys(table, allowed, context, source_id)
        if source_id in sources:
            raise context.error("this id is used twice", source_id, "id")
        file_name = _string(table, "file", context, source_id)
        text_path = kb_dir / "sources" / file_name
        if not text_path.is_file():
            raise context.error(f"no file {file_name!r} in {kb_dir.name}/sources/", source_id, "file")
        # newline="" keeps the text exactly as stored: offsets are counted in it.
        with text_path.open(encoding="utf-8", newline="") as stream:
            text = stream.read()
        reference_date = None
        reference_text = _optional_string(table, "reference-date", context, source_id)
        if reference_text is not None:
            parsed = _parse_date(reference_text, context, source_id, "reference-date")
            if parsed.precision is not Precision.DAY:
                raise context.error("the reference date must be a day, YYYY-MM-DD", source_id, "reference-date")
            reference_date = parsed.earliest
        iri = KB[f"source/{source_id}"]
        sources[source_id] = Source(source_id, iri, text, reference_date)

        graph.add((iri, RDF.type, TL.Source))
        graph.add((iri, RDF.type, PROV.Entity))
        graph.add((iri, RDF.type, NIF.Context))
        graph.add((iri, DCTERMS.title, Literal(_string(table, "title", context, source_id), lang="en")))
        graph.add((iri, NIF.isString, Literal(text)))
        graph.add((iri, TL.fileName, Literal(file_name)))
        graph.add((iri, DCTERMS["format"], Literal(_TEXT_FORMATS.get(text_path.suffix, "text/plain"))))
        if reference_date is not None:
            graph.add((iri, TL.referenceDate, Literal(reference_date, datatype=XSD.date)))
        basis = _optional_string(table, "reference-date-basis", context, source_id)
        if basis:
            graph.add((iri, TL.referenceDateBasis, Literal(basis, lang="en")))
        publisher = _optional_string(table, "publisher", context, source_id)
        if publisher:
            graph.add((iri, DCTERMS.publisher, Literal(publisher)))
        url = _optional_string(table, "url", context, source_id)
        if url:
            graph.add((iri, DCTERMS.source, URIRef(url)))
    return graph, sources


def _parse_date(text: str, context: _FileContext, item_id: str, field: str) -> ImpreciseDate:
    try:
        return ImpreciseDate.parse(text)
    except ValueError as error:
        raise context.error(str(error), item_id, field) from None


# --------------------------------------------------------------------------------------------
# entities.toml
# --------------------------------------------------------------------------------------------


@dataclass
class EntityIndex:
    """The entities of a knowledge base by id, and by every name a curator may use for them:
    label, alias (case and spacing aside) and Wikidata id."""

    by_id: dict[str, URIRef]
    by_name: dict[str, set[str]]

    def find(self, name: str) -> tuple[URIRef | None, list[str]]:
        """The entity a name means, or None and the ids it might mean (none, or several)."""
        if name in self.by_id:
            return self.by_id[name], [name]
        ids = sorted(self.by_name.get(_name_key(name), set()))
        return (self.by_id[ids[0]], ids) if len(ids) == 1 else (None, ids)


def _name_key(name: str) -> str:
    return " ".join(name.casefold().replace("’", "'").split())


def compile_entities(kb_dir: Path) -> tuple[Graph, EntityIndex]:
    data, context = _load_toml(kb_dir / "entities.toml", kb_dir)
    graph = _new_graph()
    entities: dict[str, URIRef] = {}
    names: dict[str, set[str]] = {}
    for table in data.get("entity", []):
        entity_id = _require_id(table.get("id"), context, "[[entity]]")
        _check_keys(table, ("id", "kind", "label", "aliases"), context, entity_id)
        if entity_id in entities:
            raise context.error("this id is used twice", entity_id, "id")
        kind = table.get("kind")
        if kind not in ENTITY_CLASSES:
            raise context.error(f"`kind` must be one of {', '.join(ENTITY_CLASSES)}; found {kind!r}", entity_id, "kind")
        iri = KB[f"entity/{entity_id}"]
        entities[entity_id] = iri
        for class_iri in ENTITY_CLASSES[kind]:
            graph.add((iri, RDF.type, class_iri))
        label = _string(table, "label", context, entity_id)
        graph.add((iri, RDFS.label, Literal(label, lang="en")))
        aliases = _string_list(table, "aliases", context, entity_id)
        for alias in aliases:
            graph.add((iri, SKOS.altLabel, Literal(alias, lang="en")))
        for name in (label, *aliases):
            names.setdefault(_name_key(name), set()).add(entity_id)
    links_file = kb_dir / "links.toml"
    if links_file.is_file():
        links, _ = _load_toml(links_file, kb_dir)
        for entity_id, item in (links.get("wikidata") or {}).items():
            if entity_id in entities and isinstance(item, str):
                names.setdefault(_name_key(item), set()).add(entity_id)
    return graph, EntityIndex(entities, names)


# --------------------------------------------------------------------------------------------
# links.toml
# --------------------------------------------------------------------------------------------

DBPEDIA_RESOURCE = "http://dbpedia.org/resource/"
_DBPEDIA_NAME = re.compile(r"^[^\s<>\"{}|^`\\]+$")


def compile_links(kb_dir: Path, named: Mapping[str, URIRef]) -> Graph:
    """owl:sameAs links from the knowledge base's entities and events (by id) to Wikidata
    items ([wikidata] table) and DBpedia resources ([dbpedia] table)."""
    graph = _new_graph()
    path = kb_dir / "links.toml"
    if not path.is_file():
        return graph
    data, context = _load_toml(path, kb_dir)
    _check_keys(data, ("wikidata", "dbpedia"), context, "file")
    for local_id, value in data.get("wikidata", {}).items():
        if local_id not in named:
            raise context.error(f"{local_id!r} is no entity or event of the knowledge base", local_id, "wikidata")
        if not isinstance(value, str) or not _WIKIDATA_ID.match(value):
            raise context.error(f"a Wikidata link must be an item id such as \"Q7747\"; found {value!r}", local_id, "wikidata")
        graph.add((named[local_id], OWL.sameAs, WD[value]))
    for local_id, value in data.get("dbpedia", {}).items():
        if local_id not in named:
            raise context.error(f"{local_id!r} is no entity or event of the knowledge base", local_id, "dbpedia")
        if not isinstance(value, str) or not _DBPEDIA_NAME.match(value):
            raise context.error(f"a DBpedia link must be a resource name such as \"Harbin\"; found {value!r}", local_id, "dbpedia")
        graph.add((named[local_id], OWL.sameAs, URIRef(DBPEDIA_RESOURCE + value)))
    return graph


# --------------------------------------------------------------------------------------------
# events/<source-id>.toml
# --------------------------------------------------------------------------------------------

_EVENT_FIELDS = (
    "id", "kind", "label", "status", "roles", "places", "part-of", "evidence", "time", "figure",
    "quote", "cooperation-areas", "meeting-count-more-than", "is-record",
)
_REPORT_FIELDS = ("same-as", "roles", "places", "evidence", "time", "figure")
_TIME_FIELDS = ("source", "when", "begin", "end", "expression", "resolution", "evidence")
_FIGURE_FIELDS = ("source", "amount", "currency", "basis", "evidence")
_CLAIM_FIELDS = ("id", "label", "triple", "about", "evidence")
_CONCEPT_FIELDS = ("id", "label", "evidence")


class _EventsCompiler:
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
        self.data, self.context = _load_toml(path, kb_dir)
        self.ontology = ontology
        self.sources = sources
        self.entities = entities
        self.graph = _new_graph()
        self.events: dict[str, URIRef] = {}  # the events this file defines
        self.all_events: dict[str, URIRef] = {}  # and those of every file, once declared
        self.concepts: dict[str, URIRef] = {}
        # Each event's datings from this file, for the choice of the preferred one across files.
        self.datings: dict[URIRef, list[tuple[URIRef, ImpreciseDate, ImpreciseDate | None]]] = {}
        self.orders: set[URIRef] = set()  # events this file orders relative to others
        self.display_path = self.context.display_path

    def declare(self) -> dict[str, URIRef]:
        """Check the file's source and collect the ids of the events it defines."""
        _check_keys(self.data, ("source", "event", "concept", "claim"), self.context, "file")
        source_id = self.data.get("source")
        if source_id not in self.sources:
            raise self.context.error(
                f"the file must start with `source = \"<id>\"` naming a source of sources.toml "
                f"({', '.join(self.sources)}); found {source_id!r}"
            )
        self.source = self.sources[str(source_id)]
        for table in self.data.get("event", []):
            if not isinstance(table, dict):
                raise self.context.error("each [[event]] must be a table")
            if "same-as" in table:
                continue
            event_id = _require_id(table.get("id"), self.context, "[[event]]")
            self._claim_id(event_id)
            self.events[event_id] = KB[f"event/{event_id}"]
        return self.events

    def compile(self, all_events: Mapping[str, URIRef]) -> Graph:
        """Compile the file, resolving event names across `all_events` of the knowledge base."""
        self.all_events = dict(all_events)
        for table in self.data.get("concept", []):
            concept_id = _require_id(table.get("id"), self.context, "[[concept]]")
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
            claim_id = _require_id(table.get("id"), self.context, "[[claim]]")
            if claim_id in claim_ids:
                raise self.context.error("this id is used twice", claim_id, "id")
            claim_ids.add(claim_id)
            self._compile_claim(claim_id, table)
        return self.graph

    def _claim_id(self, item_id: str) -> None:
        if item_id in self.events or item_id in self.concepts:
            raise self.context.error("this id is used twice", item_id, "id")

    # -- events ------------------------------------------------------------------------------

    def _compile_event(self, table: Mapping[str, Any]) -> None:
        event_id = table["id"]
        iri = self.events[event_id]
        _check_keys(table, _EVENT_FIELDS, self.context, event_id)
        add = self.graph.add

        kind = _string(table, "kind", self.context, event_id)
        class_iri = URIRef(TL[kind])
        if not self._is_event_class(class_iri):
            raise self.context.error(
                f"`kind` must name an event class of the ontology ({', '.join(self._event_kinds())}); found {kind!r}",
                event_id,
                "kind",
            )
        add((iri, RDF.type, class_iri))
        add((iri, RDF.type, SEM.Event))
        add((iri, RDFS.label, Literal(_string(table, "label", self.context, event_id), lang="en")))

        status = table.get("status")
        if status not in STATUSES:
            raise self.context.error(f"`status` must be one of {', '.join(STATUSES)}; found {status!r}", event_id, "status")
        add((iri, TL.status, TL[status]))

        self._add_roles_and_places(iri, event_id, table, required=True)
        for parent_id in _string_list(table, "part-of", self.context, event_id):
            if parent_id not in self.all_events or parent_id == event_id:
                raise self.context.error(f"`part-of` names {parent_id!r}, which is no other event of the knowledge base", event_id, "part-of")
            add((iri, SEM.subEventOf, self.all_events[parent_id]))

        quote = _optional_string(table, "quote", self.context, event_id)
        if quote is not None:
            if not self._is_subclass(class_iri, TL.Statement):
                raise self.context.error("only statements (kind Statement or Pledge) have a `quote`", event_id, "quote")
            add((iri, TL.quote, Literal(quote)))
        for concept_id in _string_list(table, "cooperation-areas", self.context, event_id):
            if concept_id not in self.concepts:
                raise self.context.error(f"{concept_id!r} is no [[concept]] of this file", event_id, "cooperation-areas")
            add((iri, TL.cooperationArea, self.concepts[concept_id]))
        count = table.get("meeting-count-more-than")
        if count is not None:
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise self.context.error("`meeting-count-more-than` must be a whole number", event_id, "meeting-count-more-than")
            add((iri, TL.meetingCountMoreThan, Literal(count, datatype=XSD.integer)))
        is_record = table.get("is-record")
        if is_record is not None:
            if not isinstance(is_record, bool):
                raise self.context.error("`is-record` must be true or false", event_id, "is-record")
            add((iri, TL.isRecord, Literal(is_record)))

        derived_from = self._annotate(iri, table.get("evidence"), event_id, "evidence", self.source, required=True)
        derived_from |= self._compile_times(iri, event_id, table.get("time"))
        for number, figure in enumerate(table.get("figure", []), start=1):
            derived_from |= self._compile_figure(iri, event_id, number, figure)
        for source in sorted(derived_from):
            add((iri, PROV.wasDerivedFrom, source))

    def _add_roles_and_places(self, iri: URIRef, event_id: str, table: Mapping[str, Any], required: bool) -> None:
        add = self.graph.add
        roles = table.get("roles", {})
        if not isinstance(roles, dict) or (required and not roles):
            raise self.context.error(
                "`roles` must name at least one actor, as in roles = { guest = [\"vladimir-putin\"] }", event_id, "roles"
            )
        for role, actor_ids in sorted(roles.items()):
            role_property = TL["has" + role.capitalize()]
            if (role_property, RDFS.subPropertyOf, SEM.hasActor) not in self.ontology:
                raise self.context.error(f"unknown role {role!r}; the roles are: {', '.join(self._roles())}", event_id, "roles")
            if not isinstance(actor_ids, list) or not actor_ids:
                raise self.context.error(f"role {role!r} must list entity ids", event_id, "roles")
            for actor_id in actor_ids:
                actor = self._entity(actor_id, event_id, "roles")
                add((iri, role_property, actor))
                add((iri, SEM.hasActor, actor))
        for place_id in _string_list(table, "places", self.context, event_id):
            add((iri, SEM.hasPlace, self._entity(place_id, event_id, "places")))

    def _compile_report_of_known_event(self, table: Mapping[str, Any]) -> None:
        """This source reports an event another file defines: its words, datings, figures,
        actors and places join that event, each with this source."""
        target_id = table["same-as"]
        if not isinstance(target_id, str) or target_id not in self.all_events or target_id in self.events:
            raise self.context.error(
                f"`same-as` must name an event defined in another events file; found {target_id!r}", str(target_id), "same-as"
            )
        _check_keys(table, _REPORT_FIELDS, self.context, target_id)
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

    def _compile_times(self, event: URIRef, event_id: str, tables: Any) -> set[URIRef]:
        if not isinstance(tables, list) or not tables:
            raise self.context.error("every event needs at least one [[event.time]] with a `begin`", event_id, "time")
        datings: list[tuple[Mapping[str, Any], Source, ImpreciseDate, ImpreciseDate | None]] = []
        derived_from: set[URIRef] = set()
        for table in tables:
            _check_keys(table, _TIME_FIELDS, self.context, event_id)
            source = self._source(table.get("source"), event_id, "time")
            when = _optional_string(table, "when", self.context, event_id)
            if when is not None:
                if "begin" in table or "end" in table:
                    raise self.context.error("give either `when` or `begin` and `end`, not both", event_id, "time.when")
                relation = order_of(when)
                if relation is not None:
                    derived_from |= self._compile_order(event, event_id, when, relation, table, source)
                    continue
                try:
                    reading = resolve_date(when, source.reference_date)
                except UnresolvedDate as error:
                    raise self.context.error(str(error), event_id, "time.when") from None
                table = {"expression": when, "resolution": reading.explanation, **table}
                datings.append((table, source, reading.date, reading.end or reading.date))
                continue
            begin = _parse_date(_string(table, "begin", self.context, event_id), self.context, event_id, "time.begin")
            end_text = table.get("end")
            if end_text == "unknown":
                end = None
            elif end_text is None:
                end = begin
            else:
                end = _parse_date(_string(table, "end", self.context, event_id), self.context, event_id, "time.end")
                if end.latest < begin.earliest:
                    raise self.context.error(f"`end` {end_text} comes before `begin` {table['begin']}", event_id, "time.end")
            datings.append((table, source, begin, end))

        sources_seen = [source.id for _, source, _, _ in datings]
        if len(set(sources_seen)) != len(sources_seen):
            raise self.context.error("give at most one [[event.time]] per source", event_id, "time")
        for table, source, begin, end in datings:
            interval = URIRef(f"{event}/time/{source.id}")
            if any(known == interval for known, _, _ in self.datings.get(event, [])):
                raise self.context.error(f"the event has a dating from source {source.id!r} already", event_id, "time")
            add = self.graph.add
            add((event, TIME.hasTime, interval))
            add((interval, RDF.type, TIME.Interval))
            add((interval, PROV.wasDerivedFrom, source.iri))
            add((interval, TIME.hasBeginning, self._instant(URIRef(f"{interval}/begin"), begin.earliest, begin.precision)))
            if end is not None:
                add((interval, TIME.hasEnd, self._instant(URIRef(f"{interval}/end"), end.latest, end.precision)))
            for key, predicate in (("expression", TL.dateExpression), ("resolution", TL.dateResolution)):
                value = _optional_string(table, key, self.context, event_id)
                if value is not None:
                    add((interval, predicate, Literal(value, lang="en")))
            derived_from.add(source.iri)
            derived_from |= self._annotate(interval, table.get("evidence"), event_id, "time.evidence", source, required=True)
            self.datings.setdefault(event, []).append((interval, begin, end))
        return derived_from

    def _compile_order(
        self, event: URIRef, event_id: str, words: str, relation: tuple[str, str], table: Mapping[str, Any], source: Source
    ) -> set[URIRef]:
        """"shortly before X": not a date but an order, kept as the relation between the two
        events, a claim with the words as its evidence (the event needs a date elsewhere)."""
        property_name, other_id = relation
        if other_id not in self.all_events or other_id == event_id:
            raise self.context.error(f"{words!r} must name another event by its id; {other_id!r} is none", event_id, "time.when")
        other = self.all_events[other_id]
        claim = KB[f"claim/{event_id}-{slug_of(property_name)}-{other_id}"]
        add = self.graph.add
        add((event, TL[property_name], other))
        add((claim, RDF.type, TL.Claim))
        add((claim, RDF.type, PROV.Entity))
        add((claim, RDF.type, RDF.Statement))
        add((claim, RDF.subject, event))
        add((claim, RDF.predicate, TL[property_name]))
        add((claim, RDF.object, other))
        add((claim, TL.about, event))
        add((claim, TL.about, other))
        add((claim, RDFS.label, Literal(f"{words[:1].upper()}{words[1:]}: an order stated without a date.", lang="en")))
        sources = self._annotate(claim, table.get("evidence"), event_id, "time.evidence", source, required=True)
        for quoted in sorted(sources):
            add((claim, PROV.wasDerivedFrom, quoted))
        self.orders.add(event)
        return set()

    def _instant(self, instant: URIRef, day: date, precision: Precision) -> URIRef:
        """An OWL-Time instant whose date-time description carries the precision as its unit."""
        description = URIRef(f"{instant}/description")
        add = self.graph.add
        add((instant, RDF.type, TIME.Instant))
        add((instant, TIME.inDateTime, description))
        if precision is Precision.DAY:
            add((instant, TIME.inXSDDate, Literal(day, datatype=XSD.date)))
        add((description, RDF.type, TIME.DateTimeDescription))
        add((description, TIME.unitType, URIRef(precision.unit_iri)))
        add((description, TIME.year, Literal(f"{day.year:04d}", datatype=XSD.gYear)))
        if precision is not Precision.YEAR:
            add((description, TIME.month, Literal(f"--{day.month:02d}", datatype=XSD.gMonth)))
        if precision is Precision.DAY:
            add((description, TIME.day, Literal(f"---{day.day:02d}", datatype=XSD.gDay)))
        return instant

    def _compile_figure(self, event: URIRef, event_id: str, number: int, table: Any, base: str | None = None) -> set[URIRef]:
        if not isinstance(table, dict):
            raise self.context.error("each [[event.figure]] must be a table", event_id, "figure")
        _check_keys(table, _FIGURE_FIELDS, self.context, event_id)
        source = self._source(table.get("source"), event_id, "figure")
        amount = _string(table, "amount", self.context, event_id)
        if not re.fullmatch(r"\d+(\.\d+)?", amount):
            raise self.context.error(f"`amount` must be a plain decimal number such as \"240000000000\"; found {amount!r}", event_id, "figure.amount")
        figure = URIRef(f"{base or f'{event}/figure'}/{number}")
        add = self.graph.add
        add((event, TL.reportedFigure, figure))
        add((figure, RDF.type, SCHEMA.MonetaryAmount))
        add((figure, SCHEMA.value, Literal(amount, datatype=XSD.decimal)))
        add((figure, SCHEMA.currency, Literal(_string(table, "currency", self.context, event_id))))
        basis = _optional_string(table, "basis", self.context, event_id)
        if basis:
            add((figure, TL.figureBasis, Literal(basis, lang="en")))
        add((figure, PROV.wasDerivedFrom, source.iri))
        return {source.iri} | self._annotate(figure, table.get("evidence"), event_id, "figure.evidence", source, required=True)

    # -- concepts and claims -----------------------------------------------------------------

    def _compile_concept(self, table: Mapping[str, Any]) -> None:
        concept_id = table["id"]
        _check_keys(table, _CONCEPT_FIELDS, self.context, concept_id)
        iri = self.concepts[concept_id]
        label = Literal(_string(table, "label", self.context, concept_id), lang="en")
        self.graph.add((iri, RDF.type, TL.CooperationArea))
        self.graph.add((iri, RDF.type, SKOS.Concept))
        self.graph.add((iri, RDFS.label, label))
        self.graph.add((iri, SKOS.prefLabel, label))
        for source in sorted(self._annotate(iri, table.get("evidence"), concept_id, "evidence", self.source, required=True)):
            self.graph.add((iri, PROV.wasDerivedFrom, source))

    def _compile_claim(self, claim_id: str, table: Mapping[str, Any]) -> None:
        _check_keys(table, _CLAIM_FIELDS, self.context, claim_id)
        iri = KB[f"claim/{claim_id}"]
        add = self.graph.add
        add((iri, RDF.type, TL.Claim))
        add((iri, RDF.type, PROV.Entity))
        add((iri, RDFS.label, Literal(_string(table, "label", self.context, claim_id), lang="en")))
        about = [self._named(item, claim_id, "about") for item in _string_list(table, "about", self.context, claim_id)]
        triple = table.get("triple")
        if triple is not None:
            if not (isinstance(triple, list) and len(triple) == 3 and all(isinstance(part, str) for part in triple)):
                raise self.context.error("`triple` must be [subject id, property, object id]", claim_id, "triple")
            subject = self._named(triple[0], claim_id, "triple")
            predicate = TL[triple[1]]
            if (predicate, RDF.type, OWL.ObjectProperty) not in self.ontology:
                raise self.context.error(f"{triple[1]!r} is no object property of the ontology", claim_id, "triple")
            obj = self._named(triple[2], claim_id, "triple")
            add((iri, RDF.type, RDF.Statement))
            add((iri, RDF.subject, subject))
            add((iri, RDF.predicate, predicate))
            add((iri, RDF.object, obj))
            add((subject, predicate, obj))
            about += [subject, obj]
        if not about:
            raise self.context.error("a claim needs `about` or `triple` to say what it is about", claim_id, "about")
        for item in about:
            add((iri, TL.about, item))
        for source in sorted(self._annotate(iri, table.get("evidence"), claim_id, "evidence", self.source, required=True)):
            add((iri, PROV.wasDerivedFrom, source))

    # -- evidence ----------------------------------------------------------------------------

    def _annotate(
        self, body: URIRef, items: Any, item_id: str, field: str, default_source: Source, required: bool, base: str | None = None
    ) -> set[URIRef]:
        """Write one Web Annotation per quote in `items`; return the sources quoted."""
        if items is None or items == []:
            if required:
                raise self.context.error("at least one quote from the source is required as evidence", item_id, field)
            return set()
        if not isinstance(items, list):
            raise self.context.error("`evidence` must be a list of quotes", item_id, field)
        sources: set[URIRef] = set()
        for number, item in enumerate(items, start=1):
            if isinstance(item, str):
                quote, prefix, source = item, None, default_source
            elif isinstance(item, dict) and isinstance(item.get("quote"), str):
                _check_keys(item, ("quote", "prefix", "source"), self.context, item_id)
                quote, prefix = item["quote"], item.get("prefix")
                source = self._source(item.get("source"), item_id, field) if "source" in item else default_source
            else:
                raise self.context.error("each evidence item is a quote, or a table { quote = \"...\", prefix = \"...\", source = \"...\" }", item_id, field)
            try:
                span = locate(source.text, quote, prefix)
            except QuoteNotFound as error:
                raise self.context.error(f"in source {source.id!r}: {error}", item_id, field) from None
            annotation = URIRef(f"{base or f'{body}/evidence'}/{number}")
            target = URIRef(f"{annotation}/target")
            quote_selector = URIRef(f"{annotation}/quote")
            position_selector = URIRef(f"{annotation}/position")
            add = self.graph.add
            add((annotation, RDF.type, OA.Annotation))
            add((annotation, OA.motivatedBy, OA.identifying))
            add((annotation, OA.hasBody, body))
            add((annotation, OA.hasTarget, target))
            add((target, RDF.type, OA.SpecificResource))
            add((target, OA.hasSource, source.iri))
            add((target, OA.hasSelector, quote_selector))
            add((target, OA.hasSelector, position_selector))
            add((quote_selector, RDF.type, OA.TextQuoteSelector))
            add((quote_selector, OA.exact, Literal(span.exact)))
            add((quote_selector, OA.prefix, Literal(span.prefix)))
            add((quote_selector, OA.suffix, Literal(span.suffix)))
            add((position_selector, RDF.type, OA.TextPositionSelector))
            # xsd:integer, not the xsd:nonNegativeInteger of the Web Annotation context: Oxigraph
            # stores derived integer types as xsd:integer, and an export must give back exactly
            # the literals that were loaded. The value is the same; the shapes require >= 0.
            add((position_selector, OA.start, Literal(span.start, datatype=XSD.integer)))
            add((position_selector, OA.end, Literal(span.end, datatype=XSD.integer)))
            sources.add(source.iri)
        return sources

    # -- names -------------------------------------------------------------------------------

    def _source(self, source_id: Any, item_id: str, field: str) -> Source:
        if source_id is None:
            return self.source
        if source_id not in self.sources:
            raise self.context.error(f"unknown source {source_id!r}; the sources are: {', '.join(self.sources)}", item_id, field)
        return self.sources[source_id]

    def _entity(self, name: str, item_id: str, field: str) -> URIRef:
        """An entity named by id, label, alias or Wikidata id; never a new one."""
        found, candidates = self.entities.find(name)
        if found is not None:
            return found
        if candidates:
            raise self.context.error(f"{name!r} may be any of {', '.join(candidates)}: use the id", item_id, field)
        raise self.context.error(f"unknown entity {name!r}: add it to entities.toml first", item_id, field)

    def _named(self, name: str, item_id: str, field: str) -> URIRef:
        for table in (self.all_events, self.entities.by_id, self.concepts):
            if name in table:
                return table[name]
        raise self.context.error(f"{name!r} is no event, concept or entity of the knowledge base", item_id, field)

    def _is_subclass(self, class_iri: URIRef, ancestor: URIRef) -> bool:
        return ancestor in set(self.ontology.transitive_objects(class_iri, RDFS.subClassOf))

    def _is_event_class(self, class_iri: URIRef) -> bool:
        return (class_iri, RDF.type, OWL.Class) in self.ontology and self._is_subclass(class_iri, SEM.Event)

    def _event_kinds(self) -> list[str]:
        classes = [c for c in self.ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)]
        return sorted(str(c).removeprefix(str(TL)) for c in classes if self._is_event_class(c))

    def _roles(self) -> list[str]:
        properties = self.ontology.subjects(RDFS.subPropertyOf, SEM.hasActor)
        return sorted(str(p).removeprefix(str(TL) + "has").lower() for p in properties)


# --------------------------------------------------------------------------------------------
# The whole folder
# --------------------------------------------------------------------------------------------


def compile_kb(kb_dir: Path, ontology: Graph) -> dict[Path, Graph]:
    """Compile every TOML file of a knowledge base folder; return each RDF file's graph."""
    sources_graph, sources = compile_sources(kb_dir)
    entities_graph, entities = compile_entities(kb_dir)
    outputs = {kb_dir / "sources.ttl": sources_graph, kb_dir / "entities.ttl": entities_graph}
    compilers = [_EventsCompiler(path, kb_dir, ontology, sources, entities) for path in sorted((kb_dir / "events").glob("*.toml"))]
    all_events: dict[str, URIRef] = {}
    defined_in: dict[URIRef, _EventsCompiler] = {}
    for compiler in compilers:
        for event_id, iri in compiler.declare().items():
            if event_id in all_events:
                raise compiler.context.error(
                    f"{defined_in[all_events[event_id]].display_path} defines this event too. Define an event in one "
                    f"file; in the other source's file, write `same-as = \"{event_id}\"` instead of `id`", event_id, "id"
                )
            all_events[event_id] = iri
            defined_in[iri] = compiler
    for compiler in compilers:
        outputs[compiler.path.with_suffix(".ttl")] = compiler.compile(all_events)
    _choose_preferred_datings(compilers, defined_in)
    outputs[kb_dir / "links.ttl"] = compile_links(kb_dir, {**entities.by_id, **all_events})
    return outputs


def _dating_rank(candidates: Sequence[tuple[Any, Any, ImpreciseDate, ImpreciseDate | None]], index: int) -> tuple[int, int, int]:
    """Finer begin first, then finer end; on a tie, the earlier written."""
    _, _, begin, end = candidates[index]
    return (begin.precision.rank, end.precision.rank if end is not None else 0, -index)


def _choose_preferred_datings(compilers: list[_EventsCompiler], defined_in: Mapping[URIRef, _EventsCompiler]) -> None:
    """Each event's preferred dating, among those of every source: the most precise; on a
    tie, the first written, the defining file's first. Its dates become the event's."""
    for event, owner in defined_in.items():
        candidates = [
            (compiler, interval, begin, end)
            for compiler in sorted(compilers, key=lambda c: c is not owner)
            for interval, begin, end in compiler.datings.get(event, [])
        ]
        if not candidates:
            ordered_only = any(event in compiler.orders for compiler in compilers)
            hint = ": an order such as \"shortly before X\" is not a date" if ordered_only else ""
            raise owner.context.error(
                f"every event needs at least one [[event.time]] that dates it{hint}", str(event).rsplit("/", 1)[-1], "time"
            )

        preferred = max(range(len(candidates)), key=partial(_dating_rank, candidates))
        for index, (compiler, interval, _, _) in enumerate(candidates):
            compiler.graph.add((interval, TL.isPreferredTime, Literal(index == preferred)))
        _, _, begin, end = candidates[preferred]
        owner.graph.add((event, SEM.hasBeginTimeStamp, Literal(begin.earliest, datatype=XSD.date)))
        owner.graph.add((event, TL.beginPrecision, URIRef(begin.precision.unit_iri)))
        if end is not None:
            owner.graph.add((event, SEM.hasEndTimeStamp, Literal(end.latest, datatype=XSD.date)))
            owner.graph.add((event, TL.endPrecision, URIRef(end.precision.unit_iri)))


def load_ontology() -> Graph:
    """The timeline ontology, which says which event kinds, roles and properties exist."""
    ontology = Graph(bind_namespaces="none")
    ontology.parse(ontology_dir() / "timeline.ttl", format="turtle")
    return ontology


def build(kb_dir: Path) -> list[Path]:
    """Compile the folder, validate the result with the shapes and checks every knowledge base
    must pass, and only then write its RDF files: nothing is written if anything fails."""
    compiled = {path: turtle(graph) for path, graph in compile_kb(kb_dir, load_ontology()).items()}
    _validate_compiled(kb_dir, compiled)
    for path, text in compiled.items():
        write_atomically(path, text)
    return list(compiled)


def _validate_compiled(kb_dir: Path, compiled: Mapping[Path, str]) -> None:
    from timeline.knowledge_base import graph_for
    from timeline.store import EmbeddedStore
    from timeline.validate import validate

    store = EmbeddedStore()
    store.load_turtle((ontology_dir() / "timeline.ttl").read_text(encoding="utf-8"), graph_for(kb_dir, ontology_dir() / "timeline.ttl"))
    for path, text in compiled.items():
        store.load_turtle(text, graph_for(kb_dir, path))
    violations = validate(store)
    if violations:
        listed = "; ".join(f"{v.focus}: {v.message} ({v.rule})" for v in violations[:5])
        more = f"; and {len(violations) - 5} more" if len(violations) > 5 else ""
        raise DataFileError(
            _display(kb_dir, kb_dir), f"the compiled knowledge base breaks its rules, so nothing was written: {listed}{more}"
        )


def stale_files(kb_dir: Path) -> list[Path]:
    """The RDF files that differ from what their TOML compiles to (or are missing)."""
    compiled = {path: turtle(graph) for path, graph in compile_kb(kb_dir, load_ontology()).items()}
    return [path for path, text in compiled.items() if not path.is_file() or path.read_text(encoding="utf-8") != text]
