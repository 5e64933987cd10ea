"""Validating a knowledge base a batch of events files at a time, so that memory holds a batch
and what it needs beside it, not the knowledge base.

The shapes and checks are about one node and what it links to. A node of an events file is
validated in a store that holds its file, the files whose events it names (and those name, and
so on), every file that defines or names the same events (another source's dating of an event
decides which of its datings is preferred), and the shared graphs (ontology, sources,
entities, links). Each event is answered for by the batch that holds the file that defines it;
a node only a context file holds is left to that file's batch; a finding about a shared node
is found by every batch and reported once. The build validates what it recompiled this way
(timeline.curation.build), and `timeline validate` a knowledge base folder
(timeline.curation.folder_validation).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from timeline.catalog import program_query, select
from timeline.kb.layout import KbFile
from timeline.store import open_scratch_store
from timeline.store.protocol import Store
from timeline.validation import validate
from timeline.validation.findings import Violation, in_report_order

# Events files validated together: memory holds this many files' graphs (and those they need
# beside them), not the whole knowledge base's.
BATCH = 100


class EventIndex:
    """Which events file defines each event and which files name it (events as N-Triples
    terms, `<https://...>`): what a batch of files must be validated beside, and which events'
    findings it answers for."""

    def __init__(self, defines: Mapping[Path, Iterable[str]], names: Mapping[Path, Iterable[str]]) -> None:
        self.owner_of: dict[str, Path] = {}
        for path, events in defines.items():
            for event in events:
                self.owner_of.setdefault(event, path)
        self.defines = {path: sorted(set(events)) for path, events in defines.items()}
        self.names = {path: sorted(set(events) & self.owner_of.keys()) for path, events in names.items()}
        self.named_by: dict[str, list[Path]] = {}
        for path, events in self.names.items():
            for event in events:
                self.named_by.setdefault(event, []).append(path)
        self.event_terms = set(self.owner_of)

    def context(self, batch: set[Path], validated: set[Path]) -> tuple[set[Path], set[str]]:
        """The events files, beyond the batch, that validating it needs, and the events whose
        findings it answers for. `validated` are the files being validated (in this batch or
        another); the rest were validated before and are only context.

        It needs every file it names (and those name, and so on). An event it defines or names
        is answered for by the batch that holds the event's defining file, or, when that file
        is not being validated, by every batch that names it (a naming file adds roles and
        datings to the event); the batch that answers for an event needs every file that
        defines or names it. A much-named event's files are thus loaded once, with its owner."""
        around: set[Path] = set()
        pending = list(batch)
        while pending:
            path = pending.pop()
            for event in self.names.get(path, []):
                other = self.owner_of[event]
                if other not in batch and other not in around:
                    around.add(other)
                    pending.append(other)
        answered: set[str] = set()
        for path in batch:
            for event in [*self.defines.get(path, []), *self.names.get(path, [])]:
                owner = self.owner_of.get(event)
                if owner is None or (owner not in batch and owner in validated):
                    continue
                answered.add(event)
                around.update(other for other in [owner, *self.named_by.get(event, [])] if other not in batch)
        return around, answered

    def reported(self, violation: Violation, answered: set[str], only_context: set[str]) -> bool:
        """Whether a batch reports a finding: one about an event only if it answers for the
        event, one about another node only if a file of its own (or a shared one) holds it."""
        if violation.focus_node is None:
            return True
        term = violation.focus_node.n3()
        return term in answered if term in self.event_terms else term not in only_context


def subjects(store: Store, graphs: Iterable[KbFile]) -> set[str]:
    """The subjects of the files' graphs in the store, as N-Triples terms."""
    query = program_query("graph-subjects")
    return {
        subject.n3() for kb_file in graphs for row in select(query, {"graph": kb_file.graph_name}, store).rows
        if (subject := row["subject"]) is not None
    }


def validate_files(
    shared: Sequence[KbFile], events: Sequence[KbFile], index: EventIndex, progress: Callable[[int, int], None] = lambda done, total: None,
) -> list[Violation]:
    """Every violation of the shapes and checks in the files, BATCH events files at a time: the
    same findings as validating them all in one store (timeline.validation.validate), in the
    same order. Each batch's files, and those it needs, are loaded beside the shared files from
    disk, into a store of their own."""
    by_path = {kb_file.path: kb_file for kb_file in events}
    ordered = sorted(by_path)
    shared_subjects: set[str] | None = None
    found: dict[Violation, None] = {}
    validated = set(ordered)
    for start in range(0, max(len(ordered), 1), BATCH):
        batch = set(ordered[start : start + BATCH])
        around, answered = index.context(batch, validated)
        # A new store for each batch: Oxigraph's in-memory store keeps what a removed graph held.
        store = open_scratch_store()
        for kb_file in [*shared, *(by_path[path] for path in sorted(batch | around) if path in by_path)]:
            store.write_graph_file(kb_file, filling=True)
        only_context: set[str] = set()
        if around:  # which nodes only the context files hold (none without them)
            if shared_subjects is None:
                shared_subjects = subjects(store, shared)
            own = shared_subjects | subjects(store, (by_path[path] for path in batch))
            only_context = subjects(store, (by_path[path] for path in around if path in by_path)) - own
        found.update(dict.fromkeys(v for v in validate(store) if index.reported(v, answered, only_context)))
        store.close()
        progress(min(start + BATCH, len(ordered)), len(ordered))
    return in_report_order(found)
