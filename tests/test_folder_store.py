"""A knowledge base folder keeps a derived Oxigraph store beside its files: used when it is
current, refreshed when a file changes (even within the same clock tick, even to the same
size), never trusted when stale, and safe when two commands use it at once."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from timeline.catalog import select, stored_queries
from timeline.kb.layout import kb_files
from timeline.store import StoreLocation, open_store
from timeline.store import kb_folder
from timeline.store.kb_folder import LOCK, RECORD, STORE, FolderStore

EVENTS = "events/xi-putin-beijing-2024-05.ttl"


@pytest.fixture(autouse=True)
def every_folder_keeps_a_store(monkeypatch):
    monkeypatch.setattr(kb_folder, "MIN_BYTES", 0)


def _labels(store) -> list[str]:
    return [row["label"].value for row in select(stored_queries().get("timeline"), {}, store).records()]


def test_a_folder_store_is_made_then_used_and_answers_as_memory_does(kb_copy, seed_store):
    first = open_store(StoreLocation(kb_dir=kb_copy))
    assert isinstance(first, FolderStore) and (kb_copy / STORE).is_dir() and (kb_copy / RECORD).is_file()
    assert _labels(first) == _labels(seed_store)
    first.close()
    record = (kb_copy / RECORD).read_bytes()
    second = open_store(StoreLocation(kb_dir=kb_copy))
    assert _labels(second) == _labels(seed_store)
    assert (kb_copy / RECORD).read_bytes() == record  # nothing changed, nothing refreshed
    second.close()


def test_an_edit_of_the_same_size_in_the_same_tick_is_seen(kb_copy):
    open_store(StoreLocation(kb_dir=kb_copy)).close()
    events = kb_copy / EVENTS
    status = events.stat()
    text = events.read_text(encoding="utf-8")
    # Same length, same modification time: only the content says it changed.
    events.write_text(text.replace('"Putin\'s state visit to China"@en', '"Putin\'s state visit to CHINA"@en', 1), encoding="utf-8")
    os.utime(events, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert events.stat().st_size == status.st_size
    store = open_store(StoreLocation(kb_dir=kb_copy))
    assert "Putin's state visit to CHINA" in _labels(store)
    store.close()


def test_a_removed_file_takes_its_graph_out_of_the_store(kb_copy):
    open_store(StoreLocation(kb_dir=kb_copy)).close()
    (kb_copy / "links.ttl").unlink()
    store = open_store(StoreLocation(kb_dir=kb_copy))
    assert all(not str(graph).endswith("/links") for graph in store.graphs())
    store.close()


def test_broken_turtle_is_an_error_and_the_store_is_not_trusted_afterwards(kb_copy, edit):
    from timeline.errors import DataFileError

    open_store(StoreLocation(kb_dir=kb_copy)).close()
    good = (kb_copy / EVENTS).read_text(encoding="utf-8")
    (kb_copy / EVENTS).write_text(good + "\nthis is not turtle\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid Turtle"):
        open_store(StoreLocation(kb_dir=kb_copy))
    assert not (kb_copy / RECORD).exists()
    (kb_copy / EVENTS).write_text(good, encoding="utf-8")
    store = open_store(StoreLocation(kb_dir=kb_copy))
    assert len(_labels(store)) == 24
    store.close()


def test_a_refresh_waits_for_no_one_forever_when_a_reader_holds_the_store(kb_copy, monkeypatch):
    monkeypatch.setattr(kb_folder, "LOCK_WAIT_SECONDS", 0.2)
    open_store(StoreLocation(kb_dir=kb_copy)).close()
    reader = open_store(StoreLocation(kb_dir=kb_copy))  # holds the shared lock, as `serve` would
    (kb_copy / "links.ttl").write_text((kb_copy / "links.ttl").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    # The folder changed but the store is busy: the files are read in memory instead, current.
    other = open_store(StoreLocation(kb_dir=kb_copy))
    assert not isinstance(other, FolderStore) and len(_labels(other)) == 24
    reader.close()


def test_a_current_store_is_read_while_another_reader_holds_it(kb_copy, monkeypatch):
    """A current store needs no refresh, so no exclusive lock: a command run while `serve`
    reads the folder uses the store at once. (It once asked for the exclusive lock on every
    run, and, with a reader holding the store, waited and then read every file in memory.)"""
    monkeypatch.setattr(kb_folder, "LOCK_WAIT_SECONDS", 0.2)
    open_store(StoreLocation(kb_dir=kb_copy)).close()
    reader = open_store(StoreLocation(kb_dir=kb_copy))
    other = open_store(StoreLocation(kb_dir=kb_copy))
    assert isinstance(reader, FolderStore) and isinstance(other, FolderStore) and len(_labels(other)) == 24
    other.close()
    reader.close()


def test_a_query_on_a_current_folder_store_imports_neither_rdflib_nor_yaml(kb_copy, tmp_path):
    """No query on a folder imports rdflib (0.1 s to import), not even the first, which makes
    the store; the second costs what a query on a store folder costs: no PyYAML either (the
    headers come from the cache)."""
    from fresh_process import packages, run_timeline

    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    arguments = ["--kb", str(kb_copy), "query", "actor-timeline", "-p", "actor", "Putin", "-f", "tsv"]
    runs = [run_timeline(arguments, environment, before="from timeline.store import kb_folder; kb_folder.MIN_BYTES = 0") for _ in range(2)]
    assert packages(runs[0][1]) & {"rdflib", "yaml"} == {"yaml"}  # made the store, parsed the headers
    assert not packages(runs[1][1]) & {"rdflib", "yaml"}
    # The stored queries' parses are kept with their headers: no parser, grammar or lexer either.
    assert not {"timeline.rdf.sparql_parser", "timeline.rdf.sparql_grammar", "timeline.rdf.sparql_lexer"} & runs[1][1]
    assert "Xi and Putin hold talks in Beijing" in runs[1][0]


READING_COMMANDS = [
    ["show"], ["html", "-o", "{out}/page.html"], ["export", "--format", "turtle", "-o", "{out}/kb.ttl"],
    ["export", "--format", "nquads", "-o", "{out}/kb.nq"], ["export", "--format", "jsonld", "-o", "{out}/kb.jsonld"],
    ["export", "--format", "csv", "-o", "{out}/kb.csv"], ["sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"],
]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=lambda command: "-".join(command[:3]).replace("{out}/", ""))
def test_the_commands_that_read_a_knowledge_base_import_no_rdflib(command, kb_copy, tmp_path):
    """Every term a store gives is Oxigraph's, so showing, drawing, exporting and a CONSTRUCT
    query need no rdflib (0.1 s to import): it stays behind the doors of the code that builds
    and validates graphs."""
    from fresh_process import packages, run_timeline

    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    arguments = ["--kb", str(kb_copy), *(part.replace("{out}", str(tmp_path)) for part in command)]
    before = "from timeline.store import kb_folder; kb_folder.MIN_BYTES = 0"
    printed, modules = run_timeline(arguments, environment, before=before)
    assert "rdflib" not in packages(modules)
    written = [Path(part) for part in arguments if part.startswith(str(tmp_path))]
    if written:
        assert all(path.stat().st_size > 0 for path in written)
    else:
        assert "Putin" in printed or "xi-jinping" in printed


def test_two_processes_refreshing_at_once_both_see_the_current_files(kb_copy):
    script = (
        "import sys; from pathlib import Path\n"
        "from timeline.store import kb_folder, open_store, StoreLocation\n"
        "kb_folder.MIN_BYTES = 0\n"
        "store = open_store(StoreLocation(kb_dir=Path(sys.argv[1])))\n"
        "print(sum(1 for _ in store.quads()))\n"
    )
    runs = [subprocess.Popen([sys.executable, "-c", script, str(kb_copy)], stdout=subprocess.PIPE, text=True) for _ in range(3)]
    counts = [int(run.communicate(timeout=120)[0]) for run in runs]
    expected = sum(1 for _ in open_store(StoreLocation(kb_dir=kb_copy)).quads())
    assert counts == [expected] * 3


def test_the_lock_is_shared_while_a_store_is_read(kb_copy):
    store = open_store(StoreLocation(kb_dir=kb_copy))
    with (kb_copy / LOCK).open("a+b") as other:
        fcntl.flock(other, fcntl.LOCK_SH | fcntl.LOCK_NB)  # another reader may come in
        fcntl.flock(other, fcntl.LOCK_UN)
        with pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a refresh may not
    store.close()


def test_small_folders_are_read_in_memory(kb_copy, monkeypatch):
    monkeypatch.setattr(kb_folder, "MIN_BYTES", 8 * 1024 * 1024)
    store = open_store(StoreLocation(kb_dir=kb_copy))
    assert not isinstance(store, FolderStore) and not (kb_copy / STORE).exists()
    assert sum(f.path.stat().st_size for f in kb_files(kb_copy)) < kb_folder.MIN_BYTES
