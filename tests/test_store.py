"""The store seam: read-only queries, broken files reported with file, line and column."""

import pytest

from timeline.catalog import program_query
from timeline.errors import DataFileError, QueryError, ReadOnlyError
from timeline.rdf.namespaces import PREFIXES
from timeline.store import StoreLocation, open_store
from timeline.store.query_forms import refuse_updates


@pytest.mark.parametrize(
    "update",
    [
        "DROP ALL",
        "INSERT DATA { <a:b> <a:c> <a:d> }",
        "PREFIX x: <http://x/>\n# a comment\nDELETE WHERE { ?s ?p ?o }",
        "  clear default",
        "LOAD <http://example.org/data.ttl>",
        "WITH <g:x> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
@pytest.mark.parametrize("engine", ["seed_store", "rdflib_store"])
def test_an_update_is_refused_and_nothing_changes(update, engine, request):
    store = request.getfixturevalue(engine)
    before = sorted(map(str, store.quads()))
    with pytest.raises(ReadOnlyError, match="only reads here: nothing was changed"):
        store.query(update)
    assert sorted(map(str, store.quads())) == before


def test_queries_that_mention_update_words_are_not_refused():
    assert refuse_updates("SELECT ?insert WHERE { ?insert <http://x/drop> ?o }").operation == "SELECT"
    assert refuse_updates("PREFIX delete: <http://x/>\nASK { ?s delete:p ?o }").operation == "ASK"


def test_a_syntax_error_points_at_the_users_own_line_and_column(seed_store):
    with pytest.raises(QueryError) as caught:
        seed_store.query("SELECT ?x\nWHERE { ?x a tl:Pledge", prefixes=PREFIXES)
    assert str(caught.value).startswith("The query is not valid SPARQL 1.1: it ends at line 2, column 23, where SPARQL expects one of")


def test_a_broken_turtle_file_is_reported_with_file_line_and_column(kb_copy):
    events = kb_copy / "events" / "xi-putin-beijing-2024-05.ttl"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = next(number for number, line in enumerate(lines) if number > 20 and line.endswith(" ;\n"))
    lines[broken] = lines[broken].replace(" ;\n", " ;;; <broken\n")
    events.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        open_store(StoreLocation(kb_dir=kb_copy))
    assert str(caught.value).startswith(f"{events}:{broken + 1}:")
    assert "not valid Turtle" in str(caught.value)


def test_a_missing_rdf_file_says_to_build(kb_copy):
    (kb_copy / "entities.ttl").unlink()
    with pytest.raises(DataFileError) as caught:
        open_store(StoreLocation(kb_dir=kb_copy))
    assert str(caught.value) == f"{kb_copy / 'entities.ttl'}: file not found; run `timeline build` to make it"


def test_a_load_into_a_filled_store_writes_only_the_graphs_that_changed(kb_copy, tmp_path, edit, monkeypatch):
    from timeline.store.transfer import load

    folder = tmp_path / "store"

    def open_target():
        return open_store(StoreLocation(str(folder)), writable=True)

    first = load(kb_copy, open_target)
    assert first.triples == 2962
    import timeline.store.updates as updates

    written = []
    original = updates.replace_graph_update
    monkeypatch.setattr(updates, "replace_graph_update", lambda graph, text: (written.append(graph), original(graph, text))[1])
    events = kb_copy / "events" / "xi-putin-beijing-2024-05.ttl"
    edit(events, '"Putin sworn in as president for a fifth term"@en', '"Putin sworn in for a fifth term"@en')
    again = load(kb_copy, open_target)
    assert [graph.value for graph in written] == ["https://timeline.example/kb/graph/events/xi-putin-beijing-2024-05"]
    assert again.triples == 2962
    label = open_store(StoreLocation(str(folder))).select(
        'SELECT ?l WHERE { <https://timeline.example/kb/event/putin-fifth-inauguration-2024> <http://www.w3.org/2000/01/rdf-schema#label> ?l }')
    assert [row["l"].value for row in label.records()] == ["Putin sworn in for a fifth term"]


@pytest.mark.slow  # a load killed half-way in a process of its own (30 s): left out by make test-fast
def test_a_first_load_killed_half_way_leaves_the_store_empty_and_the_next_load_fills_it(kb_copy, tmp_path):
    """An empty store folder is filled by the bulk loader, which is not transactional, in a
    folder beside it that takes its place at the end. TEST DATA: 300 copies of the seed's
    events graph, each its own file, so that the load lasts long enough to be killed (SIGKILL,
    nothing cleans up) after it has bulk-loaded some of them."""
    import signal
    import subprocess
    import sys
    import time

    events = (kb_copy / "events" / "xi-putin-beijing-2024-05.ttl").read_text(encoding="utf-8")
    for number in range(300):
        (kb_copy / "events" / f"test-data-copy-{number}.ttl").write_text(events, encoding="utf-8")
    store = tmp_path / "store"
    command = [sys.executable, "-m", "timeline", "--kb", str(kb_copy), "load", "--store", str(store)]
    loading = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staging = tmp_path / f".store.filling-{loading.pid}"
    deadline = time.monotonic() + 60
    while not staging.is_dir() and loading.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.3)  # some graphs bulk-loaded
    loading.send_signal(signal.SIGKILL)
    assert loading.wait() == -signal.SIGKILL, "the load finished before it could be killed: give it more files"
    assert staging.is_dir()
    assert open_store(StoreLocation(str(store))).graphs() == []  # as empty as it was, not half filled
    finished = subprocess.run(command, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert not staging.exists() and [path.name for path in tmp_path.iterdir() if path.name.startswith(".store")] == []
    from timeline.kb.layout import kb_files

    assert open_store(StoreLocation(str(store))).graphs() == sorted(kb_file.graph for kb_file in kb_files(kb_copy))


@pytest.mark.parametrize("output_format", ["tsv", "csv", "json", "jsonl", "table"])
def test_a_stored_query_on_a_store_folder_runs_and_prints_without_importing_rdflib(output_format, tmp_path):
    """rdflib's import alone costs more than a small query: a stored query, its parameter
    resolved by label, and its rows written, must not need it (timeline.rdf.model)."""
    import subprocess
    import sys

    from fresh_process import packages, run_timeline

    store = tmp_path / "store"
    subprocess.run([sys.executable, "-m", "timeline", "load", "--store", str(store)], check=True, capture_output=True)
    printed, modules = run_timeline(["query", "actor-timeline", "-p", "actor", "Putin", "--store", str(store), "-f", output_format])
    assert "Xi and Putin hold talks in Beijing" in printed
    assert "rdflib" not in packages(modules)


def test_a_stored_query_run_before_needs_no_yaml(tmp_path):
    """PyYAML's import and a header's parse cost a tenth of a small query: the second run of
    a stored query reads its header, and the program queries' headers, from the cache."""
    import os
    import subprocess
    import sys

    from fresh_process import run_timeline

    store = tmp_path / "store"
    subprocess.run([sys.executable, "-m", "timeline", "load", "--store", str(store)], check=True, capture_output=True)
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [run_timeline(["query", "actor-timeline", "-p", "actor", "Putin", "--store", str(store), "-f", "tsv"], environment) for _ in range(2)]
    assert "yaml" in runs[0][1]
    assert "yaml" not in runs[1][1]
    assert runs[1][0] == runs[0][0]


def test_a_servers_json_terms_keep_their_lexical_forms_and_a_malformed_one_is_a_query_error():
    from timeline.rdf.model import BlankNode, Literal, NamedNode, term_from_json

    decimal = "http://www.w3.org/2001/XMLSchema#decimal"
    assert term_from_json({"type": "literal", "value": "240000000000", "datatype": decimal}) == Literal(
        "240000000000", datatype=NamedNode(decimal)
    )
    assert term_from_json({"type": "literal", "value": "Пекин", "xml:lang": "ru"}) == Literal("Пекин", language="ru")
    assert term_from_json({"type": "bnode", "value": "b0"}) == BlankNode("b0")
    # Virtuoso's labels are no N-Triples labels: each becomes one, the same for the same label.
    virtuoso = term_from_json({"type": "bnode", "value": "nodeID://b10001"})
    assert virtuoso == term_from_json({"type": "bnode", "value": "nodeID://b10001"})
    assert virtuoso != term_from_json({"type": "bnode", "value": "nodeID://b10002"})
    for malformed in ({"type": "uri", "value": "not an iri"}, {"type": "literal", "value": "x", "xml:lang": "not a tag"}):
        with pytest.raises(QueryError, match="not an RDF term"):
            term_from_json(malformed)


def test_loading_into_the_current_folder_names_it(tmp_path, monkeypatch):
    """`load --store .` once ended "into .." (the folder, then the full stop)."""
    from click.testing import CliRunner

    from timeline.cli import cli

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["load", "--store", "."])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"triples, into {tmp_path.resolve()}.\n")


@pytest.mark.parametrize("command", [
    ["show"], ["html", "-o", "page.html"], ["export", "-f", "csv", "-o", "events.csv"], ["export", "-f", "timelinejs", "-o", "events.json"],
])
def test_the_timeline_and_its_page_from_a_store_folder_import_no_rdflib(command, tmp_path):
    """The views read the events as the query path's terms (timeline.rdf.model): `show`,
    `html` and the exports of events for other tools need no rdflib, whose import alone costs
    more than a small query."""
    import subprocess
    import sys

    from fresh_process import packages, run_timeline

    store = tmp_path / "store"
    subprocess.run([sys.executable, "-m", "timeline", "load", "--store", str(store)], check=True, capture_output=True)
    written = tmp_path / command[-1]
    arguments = [*command[:1], "--store", str(store), *[str(written) if part == command[-1] else part for part in command[1:]]]
    printed, modules = run_timeline(arguments)
    assert "rdflib" not in packages(modules)
    assert "Xi and Putin hold talks in Beijing" in (printed if command == ["show"] else written.read_text(encoding="utf-8"))


@pytest.mark.parametrize("engine", ["seed_store", "rdflib_store"])
def test_rows_read_as_they_come_are_the_rows_of_the_table(engine, request):
    store = request.getfixturevalue(engine)
    query = program_query("dating-values").text
    read: list[dict] = []
    store.read_rows(query, read.append)
    assert read == store.select(query).records() and len(read) > 24
    with pytest.raises(QueryError, match="Expected a SELECT query, which gives rows; this one gives a boolean"):
        store.read_rows("ASK { ?s ?p ?o }", read.append)


def test_rows_read_as_they_come_stop_at_the_stores_time_limit():
    import time

    store = open_store(StoreLocation(timeout=1))
    read: list[dict] = []

    def read_slowly(row: dict) -> None:  # the reader's time counts: it runs while the rows come
        read.append(row)
        time.sleep(0.3)

    started = time.monotonic()
    with pytest.raises(QueryError, match="ran longer than 1 s"):
        store.read_rows(program_query("evidence-of-every-event").text, read_slowly)
    assert time.monotonic() - started < 5 and 0 < len(read) < 24


def test_a_store_filled_a_few_files_at_a_time_holds_every_graph_whole(runner, tmp_path, seed_store, monkeypatch):
    import timeline.store.embedded as embedded
    from timeline.cli import cli

    monkeypatch.setattr(embedded, "FILES_PER_BULK_LOAD", 2)  # the seed's 5 files in three bulk loads
    folder = tmp_path / "store"
    result = runner.invoke(cli, ["load", "--store", str(folder)])
    assert result.exit_code == 0, result.output
    store = open_store(StoreLocation(str(folder)))
    try:
        assert store.graphs() == seed_store.graphs() and len(store.graphs()) == 5
        for graph in seed_store.graphs():
            assert store.graph_nquads(graph) == seed_store.graph_nquads(graph)
    finally:
        store.close()
