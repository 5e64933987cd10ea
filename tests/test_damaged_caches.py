"""A cache fails closed (D6 and D8 of the hardening issue): a damaged, planted or foreign entry
is a miss, never a traceback, a hang or a different answer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from timeline.catalog.headers import parse_stored_query
from timeline.rdf.files import read_cache_json

DEEP = "[" * 100000 + "]" * 100000


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "timeline" / "query-headers").glob("*.json"))


@pytest.fixture()
def cached_query(tmp_path, monkeypatch):
    """actor-timeline parsed once into a cache of this test's own: the query and its entry."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    query = tmp_path / "queries" / "actor-timeline.rq"
    query.parent.mkdir()
    query.write_bytes((Path(__file__).parents[1] / "queries" / "actor-timeline.rq").read_bytes())
    parsed = parse_stored_query(query, grlc_variables=True)  # the stored queries use grlc's names
    [entry] = _entries(tmp_path / "cache")
    return query, entry, parsed


def _parsed_within(query: Path, seconds: float = 20):
    """parse_stored_query in a thread, so that a hang fails the test instead of stopping it."""
    found: list[object] = []
    worker = threading.Thread(target=lambda: found.append(parse_stored_query(query, grlc_variables=True)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert found, "parsing the query hung on its cache entry"
    return found[0]


def test_a_deeply_nested_build_cache_means_a_full_build(runner, kb_copy):
    """D6: RecursionError, and every later build failed until .timeline was deleted."""
    from timeline.cli import cli

    (kb_copy / ".timeline").mkdir(exist_ok=True)
    (kb_copy / ".timeline" / "build.json").write_text(DEEP, encoding="utf-8")
    result = runner.invoke(cli, ["--kb", str(kb_copy), "build"])
    assert result.exit_code == 0, result.output
    assert json.loads((kb_copy / ".timeline" / "build.json").read_text(encoding="utf-8"))["files"]


def _packed_text(text: bytes) -> str:
    import base64
    import zlib

    return base64.b64encode(zlib.compress(text, 9)).decode("ascii")


@pytest.mark.parametrize("summary", [
    _packed_text(b" " * (80 << 20)),  # a bomb: 80 MB of spaces in 80 KB, above any summary
    _packed_text(DEEP.encode()),
    _packed_text(b'{"fingerprint": 7}'),
    "not base64 at all",
    {"fingerprint": "a summary as an older version wrote it"},
])
def test_a_planted_file_summary_in_the_build_cache_means_a_full_build(runner, kb_copy, summary):
    """Each file's summary is kept packed (compressed JSON); one that inflates beyond any real
    summary, or is not one, makes the cache a miss and the build a full one, in bounded memory."""
    from timeline.cli import cli
    from timeline.curation.build_cache import global_fingerprint

    (kb_copy / ".timeline").mkdir(exist_ok=True)
    planted = {"global": global_fingerprint(), "files": {"events/xi-putin-beijing-2024-05.toml": summary}}
    (kb_copy / ".timeline" / "build.json").write_text(json.dumps(planted), encoding="utf-8")
    result = runner.invoke(cli, ["--kb", str(kb_copy), "build"])
    assert result.exit_code == 0, result.output
    assert "Compiled 1 events file;" in result.output


@pytest.mark.parametrize("content", [
    DEEP,
    json.dumps({"global": "x", "files": {"events/a.toml": {"fingerprint": 7}}}),
    json.dumps({"global": "x", "files": []}),
    json.dumps([1, 2]),
])
def test_a_damaged_store_record_means_the_files_are_loaded_again(kb_copy, content, monkeypatch):
    from timeline.store import StoreLocation, kb_folder, open_store

    monkeypatch.setattr(kb_folder, "MIN_BYTES", 0)
    open_store(StoreLocation(kb_dir=kb_copy)).close()
    (kb_copy / kb_folder.RECORD).write_text(content.replace('"x"', json.dumps(kb_folder.FORMAT)), encoding="utf-8")
    store = open_store(StoreLocation(kb_dir=kb_copy))
    store.close()
    assert json.loads((kb_copy / kb_folder.RECORD).read_text(encoding="utf-8"))["format"] == kb_folder.FORMAT


def test_a_deeply_nested_header_entry_is_a_miss(cached_query):
    query, entry, parsed = cached_query
    entry.write_text(DEEP, encoding="utf-8")
    assert _parsed_within(query) == parsed


def test_a_header_entry_that_is_a_fifo_does_not_hang_the_query(cached_query):
    query, entry, parsed = cached_query
    entry.unlink()
    os.mkfifo(entry)
    assert _parsed_within(query) == parsed


def test_a_header_entry_that_links_to_an_endless_file_is_not_read(cached_query):
    query, entry, parsed = cached_query
    entry.unlink()
    entry.symlink_to("/dev/zero")
    assert _parsed_within(query) == parsed


@pytest.mark.parametrize(("field", "value"), [("variable", "_someone"), ("type", "string"), ("name", "agent")])
def test_a_header_entry_whose_parameter_disagrees_with_the_query_text_is_a_miss(cached_query, field, value):
    """D8: a renamed variable made `-p actor Putin` silently match every actor; a type changed to
    string gave no rows."""
    query, entry, parsed = cached_query
    kept = json.loads(entry.read_text(encoding="utf-8"))
    kept["fields"]["parameters"][0][field] = value
    entry.write_text(json.dumps(kept), encoding="utf-8")
    assert _parsed_within(query) == parsed


def test_a_planted_header_entry_changes_no_answer_of_the_command_line(tmp_path):
    """The same through `timeline query`, in a process of its own with its own cache folder."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def rows() -> list[str]:
        finished = subprocess.run([sys.executable, "-m", "timeline", "query", "actor-timeline", "-p", "actor", "Putin", "--format", "csv"],
                                  capture_output=True, text=True, env=environment, timeout=120)
        assert finished.returncode == 0, finished.stderr
        return finished.stdout.splitlines()

    honest = rows()
    for entry in _entries(tmp_path / "cache"):
        kept = json.loads(entry.read_text(encoding="utf-8"))
        for parameter in kept["fields"]["parameters"]:
            parameter["variable"] = "_renamed"
        entry.write_text(json.dumps(kept), encoding="utf-8")
    assert rows() == honest


def test_read_cache_json_reads_a_regular_file_within_its_size(tmp_path):
    good = tmp_path / "good.json"
    good.write_text('{"a": [1, 2]}', encoding="utf-8")
    assert read_cache_json(good, 100) == {"a": [1, 2]}
    assert read_cache_json(good, 5) is None
    assert read_cache_json(tmp_path / "missing.json", 100) is None
    (tmp_path / "folder.json").mkdir()
    assert read_cache_json(tmp_path / "folder.json", 100) is None
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00")
    assert read_cache_json(tmp_path / "binary.json", 100) is None


def test_the_kept_parse_is_the_gates_and_a_damaged_one_is_not_used(cached_query):
    """An entry keeps the gate's parse of the query, so that binding it needs no parser; a kept
    parse that is not what the gate writes (an operation none of SPARQL's, a WHERE group that
    is not a `{` of its text, where values are bound, a field of another type) is a miss: the
    query is parsed again and the entry written again."""
    from timeline.rdf.model import NamedNode
    from timeline.rdf.sparql_parser import read_sparql

    query, entry, parsed = cached_query
    assert parsed.read == read_sparql(parsed.text)
    assert _parsed_within(query).read == parsed.read  # from the cache
    putin = NamedNode("https://timeline.example/kb/entity/vladimir-putin")
    honest = parsed.bind(actor=putin)
    for field, value in [("where_group", 0), ("operation", "SELECTX"), ("sub_select_groups", [10**9]), ("text", 7), ("prefixes_used", "tl")]:
        kept = json.loads(entry.read_text(encoding="utf-8"))
        kept["fields"]["read"][field] = value
        entry.write_text(json.dumps(kept), encoding="utf-8")
        again = _parsed_within(query)  # a miss: the query parsed again, the entry written again
        assert again == parsed and again.read == parsed.read, field
        assert again.bind(actor=putin) == honest
        assert json.loads(entry.read_text(encoding="utf-8"))["fields"]["read"] == parsed.read.as_fields()
