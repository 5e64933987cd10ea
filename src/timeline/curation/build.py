"""Compile the curated TOML files of a knowledge base folder into its RDF files, recompiling
only what changed.

A knowledge base folder holds:

    sources.toml              the sources' metadata        -> sources.ttl     (curation.sources)
    sources/<file>            each source's text, byte for byte
    entities.toml             actors and places            -> entities.ttl    (curation.entities)
    events/<source-id>.toml   one source's events, claims  -> events/<source-id>.ttl (curation.events)
    links.toml                links to Wikidata, DBpedia   -> links.ttl       (curation.links)

This module compiles the folder: it resolves names across the events files, chooses each
event's preferred dating among every source's, validates the result with the shapes and checks,
and only then writes the files. The RDF is written deterministically: the same TOML gives the
same bytes.

The cost follows the edit. `.timeline/build.json` in the folder remembers, for each events file,
a fingerprint of its inputs (its TOML, the texts and dates of the sources it cites, the
ontology, this compiler's version), the entity names it resolved and to what, the other files'
events it names, and what the cross-file steps need (the ids it declares and its datings). A
file is recompiled when its fingerprint changes, when one of its names resolves differently,
when an event it names disappears, when its output was touched by hand, or when another
file's change moves its preferred datings. Validation then runs on what was recompiled and on
the files those name, with the sources, entities, links and ontology beside them; the checks
that span the whole folder (duplicate ids, preferred datings, links) run on the remembered
summaries. A missing or unreadable cache means a full build.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from timeline.curation.build_cache import (
    CACHE_FILE, FileSummary, Summaries, cache_text, date_json, digest, file_fingerprint, load_cache, output_stat,
)
from timeline.curation.compiled_outputs import CompiledOutputs, packed, unpacked, write_refused
from timeline.curation.compiled_validation import Progress, validate_compiled
from timeline.curation.entities import EntityIndex, compile_entities
from timeline.curation.events import EventsCompiler
from timeline.curation.fields import display_path
from timeline.curation.links import compile_links
from timeline.curation.preferred_datings import Datings, gains_of, preferred_datings
from timeline.curation.sources import Source, compile_sources
from timeline.curation.vocabulary import load_ontology
from timeline.kb.folder_lock import writing_files
from timeline.rdf.files import write_beside
from timeline.rdf.prefixes import local_id
from timeline.rdf.writers import ntriples, turtle_from_ntriples


@dataclass
class BuildReport:
    written: list[Path]
    compiled: list[Path]
    reused: int


@dataclass
class _Plan:
    """One build: what each events file is, and what it will be."""

    kb_dir: Path
    ontology: Graph
    sources: dict[str, Source]
    entities: EntityIndex
    summaries: Summaries
    compilers: dict[Path, EventsCompiler] = field(default_factory=dict)
    fingerprints: dict[Path, str] = field(default_factory=dict)  # the digest of each compiling file's TOML
    compiled: set[Path] = field(default_factory=set)  # the files compiled in this build


# --------------------------------------------------------------------------------------------
# Compiling
# --------------------------------------------------------------------------------------------


def compile_kb(kb_dir: Path, ontology: Graph) -> dict[Path, str]:
    """Compile every TOML file of a knowledge base folder from scratch; each RDF file's Turtle."""
    outputs: dict[Path, bytes] = {}
    _compile(kb_dir, ontology, Summaries(), outputs)
    return {path: turtle_from_ntriples(unpacked(kept)) for path, kept in outputs.items()}


def _compile(
    kb_dir: Path, ontology: Graph, cached: Summaries, outputs: MutableMapping[Path, bytes], progress: Progress | None = None
) -> tuple[_Plan, set[Path]]:
    """The triples of every output that must be rewritten, as packed N-Triples (compiled_outputs.packed) put in
    `outputs`, and the events files recompiled. Each source's graph is packed as soon as it is
    compiled: a build holds every compiled graph until the preferred datings are known and the
    whole is validated, which as rdflib graphs took 5.2 GB at 1,000 sources, as text 0.4 GB at
    417; a build keeps them on disk (compiled_outputs), and each compiler keeps only what the
    build remembers of its file."""
    sources_graph, sources = compile_sources(kb_dir)
    outputs[kb_dir / "sources.ttl"] = packed(ntriples(sources_graph))
    entities_graph, entities = compile_entities(kb_dir)
    outputs[kb_dir / "entities.ttl"] = packed(ntriples(entities_graph))
    del sources_graph, entities_graph  # packed: a graph of thousands of sources is not held
    plan = _Plan(kb_dir, ontology, sources, entities, Summaries())
    paths = sorted((kb_dir / "events").glob("*.toml"))
    stale = [path for path in paths if path not in cached or not cached[path].still_holds(path, plan.sources, plan.entities)]
    for path in paths:
        if path not in stale:
            plan.summaries.take(cached, path)
    for path in stale:
        _compiler_for(plan, path)

    all_events, defined_in = _all_events(plan, paths)
    # A remembered file naming an event that no longer exists is compiled again, to say so.
    for path, summary in list(plan.summaries.items()):
        if any(reference not in all_events for reference in summary.references):
            _compiler_for(plan, path)
    compiling = sorted(plan.compilers)
    for done, path in enumerate(compiling, start=1):
        outputs[path.with_suffix(".ttl")] = packed(ntriples(plan.compilers[path].compile(all_events)))
        _remember(plan, path, all_events)
        if progress:
            progress("compile", done, len(compiling))

    # Each file's datings read once: the choice holds them all anyway.
    datings = {path: _datings(plan, path) for path in paths}
    chosen = preferred_datings(datings.items(), defined_in, _undated(plan, paths))
    for path in paths:
        gains = gains_of(path, datings.pop(path), _declared(plan, path).values(), chosen)
        added_digest = digest(gains.fingerprint())
        if path not in plan.compiled:
            if plan.summaries[path].additions == added_digest:
                continue
            # A remembered file whose preferred datings moved (another source of its events
            # changed) is compiled again with its new ones.
            _compiler_for(plan, path)
            outputs[path.with_suffix(".ttl")] = packed(ntriples(plan.compilers[path].compile(all_events)))
            _remember(plan, path, all_events)
        added = gains.triples()
        if added:
            output = path.with_suffix(".ttl")
            outputs[output] = packed(unpacked(outputs[output]) + ntriples(added))
        summary = plan.summaries[path]
        summary.additions = added_digest
        plan.summaries[path] = summary
    outputs[kb_dir / "links.ttl"] = packed(ntriples(compile_links(kb_dir, {**entities.by_id, **all_events})))
    return plan, plan.compiled


def _declared(plan: _Plan, path: Path) -> dict[str, URIRef]:
    if path in plan.compilers:
        return plan.compilers[path].events
    return {key: URIRef(iri) for key, iri in plan.summaries[path].declared.items()}


def _all_events(plan: _Plan, paths: list[Path]) -> tuple[dict[str, URIRef], dict[URIRef, Path]]:
    all_events: dict[str, URIRef] = {}
    defined_in: dict[URIRef, Path] = {}
    for path in paths:
        for event_id, iri in _declared(plan, path).items():
            if event_id in all_events:
                other = display_path(defined_in[all_events[event_id]], plan.kb_dir)
                raise _compiler_for(plan, path).context.error(
                    f"{other} defines this event too. Define an event in one "
                    f"file; in the other source's file, write `same-as = \"{event_id}\"` instead of `id`", event_id, "id"
                )
            all_events[event_id] = iri
            defined_in[iri] = path
    return all_events, defined_in


def _remember(plan: _Plan, path: Path, all_events: Mapping[str, URIRef]) -> None:
    """What the build remembers of a file just compiled, in place of its compiler: a build of
    thousands of files keeps a summary of each, not its compiler. Its `additions` (the digest of
    what the preferred datings give it) are set once those are known."""
    compiler = plan.compilers.pop(path)
    cited = sorted(compiler.cited_sources)
    plan.summaries[path] = FileSummary(
        fingerprint=file_fingerprint(plan.fingerprints.pop(path), cited, plan.sources),
        cited_sources=cited,
        declared={key: str(iri) for key, iri in compiler.events.items()},
        references=sorted(compiler.references & set(all_events)),
        entity_names=dict(sorted(compiler.entity_names.items())),
        datings=[
            [str(event), str(interval), date_json(begin), date_json(end)]
            for event, datings in compiler.datings.items()
            for interval, begin, end in datings
        ],
        orders=sorted(str(event) for event in compiler.orders),
        additions="",
    )
    plan.compiled.add(path)


def _compiler_for(plan: _Plan, path: Path) -> EventsCompiler:
    """The file's compiler, its ids declared: a file compiled again is no longer remembered."""
    if path not in plan.compilers:
        plan.fingerprints[path] = digest(path.read_bytes())
        plan.compilers[path] = EventsCompiler(path, plan.kb_dir, plan.ontology, plan.sources, plan.entities)
        plan.compilers[path].declare()
        plan.summaries.pop(path, None)
    return plan.compilers[path]


def _datings(plan: _Plan, path: Path) -> Datings:
    return plan.compilers[path].datings if path in plan.compilers else plan.summaries[path].datings_by_event()


def _orders(plan: _Plan, path: Path) -> set[str]:
    if path in plan.compilers:
        return {str(event) for event in plan.compilers[path].orders}
    return set(plan.summaries[path].orders)


def _undated(plan: _Plan, paths: list[Path]) -> Callable[[URIRef, Path], Exception]:
    def error(event: URIRef, owner: Path) -> Exception:
        ordered_only = any(str(event) in _orders(plan, path) for path in paths)
        hint = ": an order such as \"shortly before X\" is not a date" if ordered_only else ""
        return _compiler_for(plan, owner).context.error(
            f"every event needs at least one [[event.time]] that dates it{hint}", local_id(str(event)), "time"
        )

    return error


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------


def build(kb_dir: Path, progress: Progress | None = None) -> BuildReport:
    """Compile what changed, validate it with the shapes and checks every knowledge base must
    pass in the context it needs, and only then write the RDF files that differ: nothing is
    written if anything fails."""
    cached = load_cache(kb_dir)
    ontology = load_ontology()
    with CompiledOutputs(kb_dir) as compiled:
        plan, recompiled = _compile(kb_dir, ontology, cached, compiled, progress)
        validate_compiled(kb_dir, plan.summaries, ontology, compiled, recompiled, progress)
        return _write(plan, compiled, recompiled, cached)


def _write(
    plan: _Plan, compiled: MutableMapping[Path, bytes], recompiled: set[Path], cached: Mapping[Path, FileSummary],
) -> BuildReport:
    """Write the outputs that differ from the files, each beside its file first, then every one in
    place at once (and the cache): a reader sees this build's files or the last one's."""
    kb_dir = plan.kb_dir
    written = []
    staged: list[tuple[Path, Path]] = []  # (new file beside, the file it replaces)
    try:
        for path in sorted(compiled):
            text = turtle_from_ntriples(unpacked(compiled.pop(path)))  # one file's Turtle in memory at a time
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                staged.append((write_beside(path, text), path))
                written.append(path)
        outputs = {target: temporary for temporary, target in staged}
        for path in plan.summaries:
            output = path.with_suffix(".ttl")
            summary = plan.summaries[path]
            written_stat = output_stat(outputs.get(output, output))  # a rename keeps size and time
            if summary.output != written_stat:  # packed again only where it changed
                summary.output = written_stat
                plan.summaries[path] = summary
        staged.append((write_beside(kb_dir / CACHE_FILE, cache_text(kb_dir, plan.summaries)), kb_dir / CACHE_FILE))
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise write_refused(kb_dir, error) from None
    with writing_files(kb_dir):  # a reader sees this build's files or the last one's, never a mix
        for orphan in sorted(set(cached) - set(plan.summaries)):
            # An events file that was built before and is gone: its RDF goes with it.
            if not orphan.exists():
                orphan.with_suffix(".ttl").unlink(missing_ok=True)
        for temporary, target in staged:
            temporary.replace(target)
    return BuildReport(written, sorted(path.with_suffix(".ttl") for path in recompiled), len(plan.summaries) - len(recompiled))


def stale_files(kb_dir: Path) -> list[Path]:
    """The RDF files that differ from what their TOML compiles to (or are missing). Files the
    build cache vouches for (inputs and output unchanged since they were written) are not
    compiled again."""
    cached = load_cache(kb_dir)
    with CompiledOutputs(kb_dir) as compiled:
        _compile(kb_dir, load_ontology(), cached, compiled)
        return sorted(
            path for path, kept in compiled.items()
            if not path.is_file() or path.read_text(encoding="utf-8") != turtle_from_ntriples(unpacked(kept))
        )


