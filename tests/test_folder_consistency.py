"""What a command reads from a knowledge base folder is one build's output, and what the derived
store records is what it loaded (D4 and D5 of the hardening issue): a build writes its files
under `.timeline/build.lock` held exclusively, a reader reads them under it held shared."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from timeline.catalog import select, stored_queries
from timeline.kb.folder_lock import steady_files
from timeline.store import StoreLocation, open_store
from timeline.store import kb_folder
from timeline.store.embedded import EmbeddedStore

EVENTS_TOML = "events/xi-putin-beijing-2024-05.toml"
EVENTS_TTL = "events/xi-putin-beijing-2024-05.ttl"


@pytest.fixture(autouse=True)
def every_folder_keeps_a_store(monkeypatch):
    monkeypatch.setattr(kb_folder, "MIN_BYTES", 0)


def _labels(kb) -> set[str]:
    store = open_store(StoreLocation(kb_dir=kb))
    try:
        return {row["label"].value for row in select(stored_queries().get("timeline"), {}, store).records()}
    finally:
        store.close()


def test_a_file_replaced_while_the_store_loads_it_is_seen_as_changed_next_time(kb_copy, monkeypatch):
    """D4: the refresh recorded the status and hash of the file as it was after loading, so a
    file replaced between the load and the record stayed stale in the store for good. Now the
    record is taken before the load."""
    events = kb_copy / EVENTS_TTL
    original = events.read_text(encoding="utf-8")
    assert "Putin's state visit to China" in _labels(kb_copy)
    events.write_text(original.replace("Putin's state visit to China", "MIX-1"), encoding="utf-8")
    load = EmbeddedStore.reload_file

    def load_then_replace(self, kb_file, bulk=False, **more):
        load(self, kb_file, bulk, **more)
        if kb_file.path == events:  # a writer that takes no lock replaces the file just after
            events.write_text(original.replace("Putin's state visit to China", "MIX-2"), encoding="utf-8")

    monkeypatch.setattr(EmbeddedStore, "reload_file", load_then_replace)
    assert "MIX-1" in _labels(kb_copy)  # what was loaded
    monkeypatch.setattr(EmbeddedStore, "reload_file", load)
    assert "MIX-2" in _labels(kb_copy)  # the next command sees the file as it is now


def test_a_build_waits_for_a_reader_and_a_reader_sees_one_build(kb_copy, edit):
    """D5: a query during a build read some files of the new build and some of the old. Now the
    build writes only once no reader reads, and all its files before any reader reads again."""
    subprocess.run([sys.executable, "-m", "timeline", "--kb", str(kb_copy), "build"], check=True, capture_output=True, timeout=300)
    before = (kb_copy / EVENTS_TTL).read_bytes()
    edit(kb_copy / EVENTS_TOML, "Putin's state visit to China", "Putin's state visit to China, MIX-2")
    with steady_files(kb_copy):
        build = subprocess.Popen([sys.executable, "-m", "timeline", "--kb", str(kb_copy), "build"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(8)  # a build of the seed compiles and validates in a few seconds, then waits
        assert build.poll() is None, build.communicate()
        assert (kb_copy / EVENTS_TTL).read_bytes() == before
    _, errors = build.communicate(timeout=300)
    assert build.returncode == 0, errors
    assert "MIX-2" in (kb_copy / EVENTS_TTL).read_text(encoding="utf-8")
    assert "Putin's state visit to China, MIX-2" in _labels(kb_copy)


def test_readers_do_not_wait_for_each_other(kb_copy):
    with steady_files(kb_copy):
        started = time.monotonic()
        assert "Putin's state visit to China" in _labels(kb_copy)
        assert time.monotonic() - started < 30
