"""`load` makes the store equal to the knowledge base or says why not, and a load or reload the disk
refuses leaves every graph as it was.

Regression tests for defects found by trying timeline as an attacker would: each fails on the code
before its fix."""

from __future__ import annotations

import pytest

from fresh_process import run_with_file_size_limit
from sparql_servers import ScriptedServer
from timeline.cli import cli


# ---- load makes the store equal to the knowledge base, or says why not -------------------------


def _graphs_of(runner, store):
    result = runner.invoke(cli, ["sparql", "--store", str(store), "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", "-f", "csv"])
    return result.output.splitlines()[1:]


def test_load_drops_the_graphs_of_files_the_knowledge_base_no_longer_has(runner, kb_copy, tmp_path):
    import shutil

    store = tmp_path / "store"
    second = kb_copy / "events" / "xi-putin-beijing-2024-05-copy.ttl"
    shutil.copy(kb_copy / "events" / "xi-putin-beijing-2024-05.ttl", second)
    assert runner.invoke(cli, ["--kb", str(kb_copy), "load", "--store", str(store)]).exit_code == 0
    assert "https://timeline.example/kb/graph/events/xi-putin-beijing-2024-05-copy" in _graphs_of(runner, store)
    second.unlink()
    result = runner.invoke(cli, ["--kb", str(kb_copy), "load", "--store", str(store)])
    assert result.exit_code == 0 and "dropped 1 graphs the knowledge base no longer has" in result.output
    assert "https://timeline.example/kb/graph/events/xi-putin-beijing-2024-05-copy" not in _graphs_of(runner, store)


def test_load_refuses_a_store_holding_other_graphs_unless_told_to_replace_all(runner, kb_copy, tmp_path):
    import pyoxigraph

    store = tmp_path / "store"
    other = pyoxigraph.Store(str(store))
    other.add(pyoxigraph.Quad(pyoxigraph.NamedNode("urn:a"), pyoxigraph.NamedNode("urn:b"), pyoxigraph.NamedNode("urn:c"), pyoxigraph.NamedNode("urn:other")))
    other.flush()
    del other
    refused = runner.invoke(cli, ["--kb", str(kb_copy), "load", "--store", str(store)])
    assert refused.exit_code == 2
    assert refused.output == (
        f"Error: {store} holds 1 graphs that are not this knowledge base's (urn:other); nothing was changed. "
        "Load into an empty store, or pass --replace-all to remove them.\n"
    )
    assert _graphs_of(runner, store) == ["urn:other"]
    assert runner.invoke(cli, ["--kb", str(kb_copy), "load", "--store", str(store), "--replace-all"]).exit_code == 0
    assert "urn:other" not in _graphs_of(runner, store)


def test_load_refuses_a_folder_that_is_not_a_store_and_writes_nothing(runner, kb_copy):
    before = sorted(path.name for path in kb_copy.iterdir())
    result = runner.invoke(cli, ["--kb", str(kb_copy), "load", "--store", str(kb_copy)])
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {kb_copy} is a folder with other files in it, not a store: nothing was written. "
        "Give a new or empty folder, or a store written by `timeline load`.\n"
    )
    assert sorted(path.name for path in kb_copy.iterdir()) == before


def test_a_load_that_fails_on_bad_turtle_creates_no_store_folder(runner, kb_copy, tmp_path):
    (kb_copy / "links.ttl").write_text("this is not turtle", encoding="utf-8")
    store = tmp_path / "store"
    result = runner.invoke(cli, ["--kb", str(kb_copy), "load", "--store", str(store)])
    assert result.exit_code == 2 and "not valid Turtle" in result.output
    assert not store.exists()


@pytest.mark.slow  # a whole `timeline` process under a file-size limit
def test_a_load_the_disk_refuses_is_a_clear_error_and_leaves_the_store_as_it_was(kb_copy, tmp_path):
    """The disk refuses a write half-way (a process limit on file size stands in for a full
    disk, a real refusal from the kernel): one line saying what to do, exit code 2, no
    traceback, the new store's folder removed at once and the store as empty as it was.
    TEST DATA: 20 copies of the seed's events graph, so that the store outgrows the limit."""

    events = (kb_copy / "events" / "xi-putin-beijing-2024-05.ttl").read_text(encoding="utf-8")
    for number in range(20):
        (kb_copy / "events" / f"test-data-copy-{number}.ttl").write_text(events, encoding="utf-8")
    store = tmp_path / "store"
    finished = run_with_file_size_limit(200_000, ["--kb", str(kb_copy), "load", "--store", str(store)])
    assert finished.returncode == 2, finished.stderr
    assert finished.stderr.startswith(f"Error: {store}: could not write the store (") and "Traceback" not in finished.stderr
    assert finished.stderr.rstrip().endswith("the store is as it was. Free some disk space, then load again.")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["kb", "store"]
    from timeline.store import StoreLocation, open_store

    assert open_store(StoreLocation(str(store))).graphs() == []


def test_load_to_an_update_url_that_answers_an_html_page_is_an_error(runner, tmp_path):
    from sparql_servers import OxigraphServer

    server = OxigraphServer(None, tmp_path).start()
    page = ScriptedServer(lambda index: (200, {"Content-Type": "text/html"}, b"<html>Welcome</html>"))
    try:
        result = runner.invoke(cli, ["load", "--store", server.url, "--update-url", page.url])
    finally:
        page.stop()
        server.stop()
    from timeline.kb.layout import kb_files, resolve_kb_dir
    from timeline.store.file_triples import parse_file

    ontology_triples = parse_file(kb_files(resolve_kb_dir())[0])[1]
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: {server.url} accepted https://timeline.example/kb/graph/ontology but holds 0 of its {ontology_triples} triples: "
        "check --update-url (or --graph-store-url)."
    )


@pytest.mark.slow  # whole `timeline` processes under a file-size limit
def test_a_reload_the_disk_refuses_leaves_every_graph_as_it_was_and_the_next_load_works(runner, kb_copy, tmp_path):
    """D7 of the hardening issue: a load into a store that holds data, refused half-way by the
    disk, was a traceback (exit 1) and left a mix of old and new graphs that the next load
    could not open. The file-size limit stands in for a full disk, as above.
    TEST DATA: 20 copies of the seed's events graph."""

    from timeline.store import StoreLocation, open_store

    store = tmp_path / "store"
    assert runner.invoke(cli, ["--kb", str(kb_copy), "load", "--store", str(store)]).exit_code == 0
    reader = open_store(StoreLocation(str(store)))
    before = {str(graph): reader.graph_ntriples(graph) for graph in reader.graphs()}
    reader.close()
    events = (kb_copy / "events" / "xi-putin-beijing-2024-05.ttl").read_text(encoding="utf-8")
    for number in range(20):
        (kb_copy / "events" / f"test-data-copy-{number}.ttl").write_text(events, encoding="utf-8")
    (kb_copy / "links.ttl").write_text((kb_copy / "links.ttl").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    finished = run_with_file_size_limit(300_000, ["--kb", str(kb_copy), "load", "--store", str(store)])
    assert finished.returncode == 2, finished.stderr
    assert finished.stderr.startswith(f"Error: {store}: could not write the store (") and "Traceback" not in finished.stderr
    assert finished.stderr.rstrip().endswith("the store is as it was. Free some disk space, then load again.")
    reader = open_store(StoreLocation(str(store)))
    assert {str(graph): reader.graph_ntriples(graph) for graph in reader.graphs()} == before
    reader.close()
    result = runner.invoke(cli, ["--kb", str(kb_copy), "load", "--store", str(store)])
    assert result.exit_code == 0, result.output
    reader = open_store(StoreLocation(str(store)))
    assert len(reader.graphs()) == len(before) + 20
    reader.close()
