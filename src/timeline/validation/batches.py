"""Validating a knowledge base a batch of events files at a time, so that memory holds a batch
and what it needs beside it, not the knowledge base.

The shapes and checks are about one node and what it links to. A node of an events file is
validated in a store that holds its file, the files whose events it names (and those name, and
so on), every file that defines or names the same events (another source's dating of an event
decides which of its datings is preferred), the shared graphs (ontology, entities, links), and
of the sources, those its files name (`CitedSources`). Each event is answered for by the batch
that holds the file that defines it; a node only a context file holds is left to that file's
batch. The shared graphs are validated once on their own, whole; a finding about a shared node
that a batch finds again is reported once. The build validates what it recompiled this way
(timeline.curation.build), and `timeline validate` a knowledge base folder
(timeline.curation.folder_validation).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.catalog import program_query, select
from timeline.kb.layout import KbFile, part_of
from timeline.store import open_scratch_store
from timeline.store.protocol import Store
from timeline.validation import validate
from timeline.validation.findings import Violation, in_report_order

if TYPE_CHECKING:
    from timeline.rdf.model import NamedNode

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
        term = str(violation.focus_node)  # in N-Triples, as the event terms are
        return term in answered if term in self.event_terms else term not in only_context


class CitedSources:
    """The sources graph (every source with its whole text) split by subject, so that a batch
    loads the sources its files name rather than all of them: with every source in every batch,
    validation grew with the square of the knowledge base (40 batches of 4,000 sources at 4,000
    articles). A source comes with the sources it names in turn, and every blank node's
    statements come with any source."""

    def __init__(self, graph: NamedNode, ntriples_text: str) -> None:
        self.graph = graph
        lines: dict[str, list[str]] = {}
        anonymous: list[str] = []
        # N-Triples lines end at "\n" only: a literal may hold U+2028 or a form feed unescaped.
        for line in ntriples_text.split("\n"):
            if line:
                subject = line.split(" ", 1)[0]
                (lines.setdefault(subject, []) if subject.startswith("<") else anonymous).append(line + "\n")
        self._by_subject = {subject: "".join(said) for subject, said in lines.items()}
        self._anonymous = "".join(anonymous)
        # Every source's IRI starts with this (the empty string when they share nothing): the
        # batch is asked only for the IRIs that do, not for each of its own.
        self._prefix = os.path.commonprefix([subject[1:-1] for subject in self._by_subject]) if self._by_subject else ""

    def write_cited(self, store: Store) -> None:
        """Write into the store's sources graph the sources its other graphs name."""
        asked = select(program_query("named-iris"), {"prefix": self._prefix}, store)
        named = {f"<{row[0].value}>" for row in asked.table if row[0] is not None}
        wanted = named & self._by_subject.keys()
        pending = list(wanted)
        while pending:  # and the sources those name
            for statement in self._by_subject[pending.pop()].split("\n"):
                term = statement.split(" ", 2)[2][:-2] if statement else ""
                if term.startswith("<") and term in self._by_subject and term not in wanted:
                    wanted.add(term)
                    pending.append(term)
        store.replace_graph(self.graph, self._anonymous + "".join(self._by_subject[subject] for subject in sorted(wanted)))


class SharedGraphs:
    """The graphs every batch is validated beside (ontology, sources, entities, links, as
    N-Triples text), validated once on their own: their findings, the nodes they hold, and
    what a batch loads of them (all but the sources whole; of the sources, those it cites)."""

    def __init__(self, shared: Iterable[tuple[NamedNode, str]], index: EventIndex) -> None:
        graphs = list(shared)
        store = open_scratch_store()
        try:
            for graph, text in graphs:
                store.replace_graph(graph, text)
            # An event a shared graph names (a link of it) is answered for by its batch, which holds its files.
            self.findings = [v for v in validate(store) if index.reported(v, set(), set())]
        finally:
            store.close()
        self.subjects = {subject for _, text in graphs for subject in subjects_of(text)}
        self._whole = [(graph, text) for graph, text in graphs if part_of(graph.value) != "sources"]
        self._sources = [CitedSources(graph, text) for graph, text in graphs if part_of(graph.value) == "sources"]

    def write_beside(self, store: Store) -> None:
        """Write the shared graphs into a store that holds a batch's files already."""
        for graph, text in self._whole:
            store.replace_graph(graph, text)
        for sources in self._sources:
            sources.write_cited(store)


def subjects_of(ntriples_text: str) -> set[str]:
    """The subjects of N-Triples lines, as N-Triples terms."""
    return {line.split(" ", 1)[0] for line in ntriples_text.split("\n") if line}


def subjects(store: Store, graphs: Iterable[KbFile]) -> set[str]:
    """The subjects of the files' graphs in the store, as N-Triples terms."""
    query = program_query("graph-subjects")
    return {
        str(subject) for kb_file in graphs for row in select(query, {"graph": kb_file.graph_name}, store).each_record()
        if (subject := row["subject"]) is not None
    }


def validate_files(
    shared: Sequence[KbFile], events: Sequence[KbFile], index: EventIndex, progress: Callable[[int, int], None] = lambda done, total: None,
) -> list[Violation]:
    """Every violation of the shapes and checks in the files, BATCH events files at a time: the
    same findings as validating them all in one store (timeline.validation.validate), in the
    same order. The shared files are validated once on their own; each batch's files, and those
    it needs, are loaded beside the shared files (of the sources, those they cite) from disk,
    into a store of their own."""
    from timeline.store.file_triples import parse_file

    by_path = {kb_file.path: kb_file for kb_file in events}
    ordered = sorted(by_path)
    shared_graphs = SharedGraphs(((kb_file.graph, parse_file(kb_file)[0]) for kb_file in shared), index)
    found: dict[Violation, None] = dict.fromkeys(shared_graphs.findings)
    validated = set(ordered)
    for start in range(0, len(ordered), BATCH):
        batch = set(ordered[start : start + BATCH])
        around, answered = index.context(batch, validated)
        # A new store for each batch: Oxigraph's in-memory store keeps what a removed graph held.
        store = open_scratch_store()
        for kb_file in (by_path[path] for path in sorted(batch | around) if path in by_path):
            store.write_graph_file(kb_file, filling=True)
        shared_graphs.write_beside(store)
        only_context: set[str] = set()
        if around:  # which nodes only the context files hold (none without them)
            own = shared_graphs.subjects | subjects(store, (by_path[path] for path in batch))
            only_context = subjects(store, (by_path[path] for path in around if path in by_path)) - own
        found.update(dict.fromkeys(v for v in validate(store) if index.reported(v, answered, only_context)))
        store.close()
        progress(min(start + BATCH, len(ordered)), len(ordered))
    return in_report_order(found)
