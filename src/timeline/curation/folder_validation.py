"""`timeline validate` on a knowledge base folder, in bounded memory: its files validated a
batch of events files at a time (timeline.validation.batches), each batch beside the files it
needs, which the build cache names for every file the last build wrote and nobody touched
since; any other events file is read once to find the events it defines and names. Memory
holds the shared graphs and a batch, not the knowledge base: at 417 articles, 190 MB rather than
the 456 MB of every file in one store, with the same findings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from timeline.curation.build_cache import remembered_events
from timeline.kb.folder_lock import steady_files
from timeline.kb.layout import kb_files
from timeline.rdf.prefixes import KB_IRI
from timeline.store.file_triples import events_in_file
from timeline.validation.batches import EventIndex, validate_files
from timeline.validation.findings import Violation


def validate_folder(kb_dir: Path, progress: Callable[[int, int], None] = lambda done, total: None) -> list[Violation]:
    """Every violation of the shapes and checks in the folder's RDF files, as validating them in
    one store finds them. `progress` hears of the events files done: (done, total)."""
    with steady_files(kb_dir):  # no build writes the files while they are read
        files = kb_files(kb_dir)
        events = [kb_file for kb_file in files if kb_file.part == "events"]
        shared = [kb_file for kb_file in files if kb_file.part != "events"]
        remembered = remembered_events(kb_dir)
        defines: dict[Path, list[str]] = {}
        names: dict[Path, list[str]] = {}
        for kb_file in events:
            if kb_file.path in remembered:
                defines[kb_file.path], names[kb_file.path] = remembered[kb_file.path]
            else:
                defined, mentioned = events_in_file(kb_file, f"{KB_IRI}event/")
                defines[kb_file.path], names[kb_file.path] = sorted(defined), sorted(mentioned - defined)
        return validate_files(shared, events, EventIndex(defines, names), progress)
