"""Compile the curated TOML files of a knowledge base folder into its RDF files.

A knowledge base folder holds:

    sources.toml              the sources' metadata        -> sources.ttl     (curation.sources)
    sources/<file>            each source's text, byte for byte
    entities.toml             actors and places            -> entities.ttl    (curation.entities)
    events/<source-id>.toml   one source's events, claims  -> events/<source-id>.ttl (curation.events)
    links.toml                links to Wikidata, DBpedia   -> links.ttl       (curation.links)

This module compiles the whole folder: it resolves names across the events files, chooses
each event's preferred dating among every source's, validates the result with the shapes and
checks, and only then writes the files. The RDF is written deterministically: the same TOML
gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from timeline.curation.entities import compile_entities
from timeline.curation.events import EventsCompiler
from timeline.curation.fields import display_path
from timeline.curation.links import compile_links
from timeline.curation.sources import compile_sources
from timeline.errors import DataFileError
from timeline.kb.layout import graph_for
from timeline.model.dates import ImpreciseDate
from timeline.rdf.files import write_atomically
from timeline.rdf.namespaces import SEM, TL
from timeline.rdf.writers import ntriples, turtle
from timeline.resources import ontology_dir
from timeline.store import open_scratch_store
from timeline.validation import validate


def compile_kb(kb_dir: Path, ontology: Graph) -> dict[Path, Graph]:
    """Compile every TOML file of a knowledge base folder; return each RDF file's graph."""
    sources_graph, sources = compile_sources(kb_dir)
    entities_graph, entities = compile_entities(kb_dir)
    outputs = {kb_dir / "sources.ttl": sources_graph, kb_dir / "entities.ttl": entities_graph}
    compilers = [EventsCompiler(path, kb_dir, ontology, sources, entities) for path in sorted((kb_dir / "events").glob("*.toml"))]
    all_events: dict[str, URIRef] = {}
    defined_in: dict[URIRef, EventsCompiler] = {}
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


def _choose_preferred_datings(compilers: list[EventsCompiler], defined_in: Mapping[URIRef, EventsCompiler]) -> None:
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
    ontology = load_ontology()
    graphs = compile_kb(kb_dir, ontology)
    _validate_compiled(kb_dir, ontology, graphs)
    for path, graph in graphs.items():
        write_atomically(path, turtle(graph))
    return list(graphs)


def _validate_compiled(kb_dir: Path, ontology: Graph, graphs: Mapping[Path, Graph]) -> None:
    store = open_scratch_store()
    store.replace_graph(graph_for(kb_dir, ontology_dir() / "timeline.ttl"), ntriples(ontology))
    for path, graph in graphs.items():
        store.replace_graph(graph_for(kb_dir, path), ntriples(graph))
    violations = validate(store)
    if violations:
        listed = "; ".join(f"{v.focus}: {v.message} ({v.rule})" for v in violations[:5])
        more = f"; and {len(violations) - 5} more" if len(violations) > 5 else ""
        raise DataFileError(
            display_path(kb_dir, kb_dir), f"the compiled knowledge base breaks its rules, so nothing was written: {listed}{more}"
        )


def stale_files(kb_dir: Path) -> list[Path]:
    """The RDF files that differ from what their TOML compiles to (or are missing)."""
    compiled = {path: turtle(graph) for path, graph in compile_kb(kb_dir, load_ontology()).items()}
    return [path for path, text in compiled.items() if not path.is_file() or path.read_text(encoding="utf-8") != text]
