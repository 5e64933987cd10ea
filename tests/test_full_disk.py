"""A full disk during a build or a refresh of the derived store: one line or no trouble at
all, nothing half-written. A process limit on file size stands in for a full disk (a real
refusal from the kernel, as in test_hostile_stores' load tests)."""

from __future__ import annotations

import subprocess
import sys

from fresh_process import run_with_file_size_limit

EVENTS_TOML = "events/xi-putin-beijing-2024-05.toml"
EVENTS_TTL = "events/xi-putin-beijing-2024-05.ttl"


def test_a_build_the_disk_refuses_changes_nothing_and_the_next_build_works(kb_copy, edit):
    edit(kb_copy / EVENTS_TOML, "Putin's state visit to China", "Putin's state visit to China (edited)")
    before = {path: path.read_bytes() for path in kb_copy.rglob("*") if path.is_file() and path.suffix in (".ttl", ".json")}
    finished = run_with_file_size_limit(20_000, ["--kb", str(kb_copy), "build"])
    assert finished.returncode == 2, finished.stderr
    assert finished.stderr == (f"Error: {kb_copy}: could not write the build (File too large); nothing was changed. "
                               "Free some disk space, then build again.\n")
    after = {path: path.read_bytes() for path in kb_copy.rglob("*") if path.is_file() and path.suffix in (".ttl", ".json")}
    assert after == before
    assert not [path for path in kb_copy.rglob(".*.tmp")]
    rebuilt = subprocess.run([sys.executable, "-m", "timeline", "--kb", str(kb_copy), "build"], capture_output=True, text=True, timeout=300)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "(edited)" in (kb_copy / EVENTS_TTL).read_text(encoding="utf-8")


def test_a_derived_store_the_disk_refuses_is_dropped_and_the_query_answered_from_memory(kb_copy):
    every_folder_keeps_a_store = "import timeline.store.kb_folder as kb_folder; kb_folder.MIN_BYTES = 0"
    expected = subprocess.run([sys.executable, "-m", "timeline", "--kb", str(kb_copy), "query", "timeline", "--format", "csv"],
                              capture_output=True, text=True, timeout=300, check=True).stdout
    finished = run_with_file_size_limit(30_000, ["--kb", str(kb_copy), "query", "timeline", "--format", "csv"],
                                                before=every_folder_keeps_a_store)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout == expected and finished.stderr == ""
    assert not (kb_copy / ".timeline" / "store").exists() and not (kb_copy / ".timeline" / "store.json").exists()
