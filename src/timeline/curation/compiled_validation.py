"""Validating what a build compiled before anything is written: the shared graphs on their
own, then the recompiled events files a batch at a time (timeline.validation.batches), each
beside the files it needs (read as compiled, or from disk when built before) and the sources it
cites. Memory holds a batch, not the knowledge base."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from rdflib import Graph

from timeline.curation.build_cache import Summaries, events_of
from timeline.curation.compiled_outputs import unpacked
from timeline.curation.fields import display_path
from timeline.errors import DataFileError
from timeline.kb.layout import KbFile, graph_for
from timeline.rdf.writers import ntriples
from timeline.resources import ontology_dir
from timeline.store import open_scratch_store
from timeline.store.file_triples import parse_file
from timeline.validation import Violation, validate
from timeline.validation.batches import BATCH, EventIndex, SharedGraphs, subjects_of

Progress = Callable[[str, int, int], None]  # (what, done, total)


def validate_compiled(
    kb_dir: Path, summaries: Summaries, ontology: Graph, compiled: Mapping[Path, bytes], recompiled: set[Path],
    progress: Progress | None = None,
) -> None:
    """Validate the shared graphs on their own, then the recompiled events files, BATCH at a
    time, each batch with what it needs beside it (EventIndex.context) and the sources it cites
    (CitedSources): memory holds a batch, not the knowledge base."""
    index = EventIndex(*events_of(summaries))
    events_outputs = {path.with_suffix(".ttl") for path in recompiled}
    shared = [(graph_for(kb_dir, ontology_dir() / "timeline.ttl"), ntriples(ontology))]
    shared += [(graph_for(kb_dir, path), unpacked(packed)) for path, packed in compiled.items() if path not in events_outputs]
    beside = SharedGraphs(shared, index)
    del shared
    found: dict[Violation, None] = dict.fromkeys(beside.findings)
    ordered = sorted(recompiled)
    for start in range(0, len(ordered), BATCH):
        batch = set(ordered[start : start + BATCH])
        found.update(dict.fromkeys(_violations(kb_dir, beside, compiled, batch, recompiled, index)))
        if progress:
            progress("validate", min(start + BATCH, len(ordered)), len(ordered))
    violations = list(found)
    if violations:
        listed = "; ".join(f"{v.focus}: {v.message} ({v.rule})" for v in violations[:5])
        more = f"; and {len(violations) - 5} more" if len(violations) > 5 else ""
        raise DataFileError(
            display_path(kb_dir, kb_dir), f"the compiled knowledge base breaks its rules, so nothing was written: {listed}{more}"
        )


def _violations(
    kb_dir: Path, beside: SharedGraphs, compiled: Mapping[Path, bytes], batch: set[Path], recompiled: set[Path], index: EventIndex
) -> list[Violation]:
    """The findings about one batch of recompiled events files, in a store that holds them, the
    shared graphs, the sources they cite and the files they need beside them. A file loaded
    only as context is valid on its own (built before and unchanged, or in another batch): a
    finding about a node only context files hold, or about an event another batch answers
    for, may come from what is not loaded here, so it is left to them."""
    around, answered = index.context(batch, recompiled)
    store = open_scratch_store()
    own = set(beside.subjects)
    for path in sorted(batch):
        output = path.with_suffix(".ttl")
        text = unpacked(compiled[output])
        store.replace_graph(graph_for(kb_dir, output), text)
        if around:
            own.update(subjects_of(text))
    context: set[str] = set()
    for path in sorted(around):
        output = path.with_suffix(".ttl")
        graph = graph_for(kb_dir, output)
        # A file recompiled in another batch is read as compiled: the one on disk is the old one.
        text = unpacked(compiled[output]) if output in compiled else parse_file(KbFile(output, graph.value, "events"))[0]
        store.replace_graph(graph, text)
        context.update(subjects_of(text))
    beside.write_beside(store)
    only_context = context - own
    try:
        return [v for v in validate(store) if index.reported(v, answered, only_context)]
    finally:
        store.close()
