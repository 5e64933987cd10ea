"""Regression tests for the defects found by trying timeline as an attacker would: each fails on
the code before its fix. Credentials go only to the store's origins; an update hidden from a
naive reader is still an update; a query that would crash the engine never reaches it."""

from __future__ import annotations

import base64
import json

import pytest

from fresh_process import run_with_file_size_limit
from sparql_servers import EMPTY_RESULTS, ScriptedServer, Served
from timeline.cli import cli

SECRET = "s3cret-pa55"
SELECT = "SELECT * WHERE { ?s ?p ?o }"


def _results(index):
    return (200, {"Content-Type": "application/sparql-results+json"}, EMPTY_RESULTS)


@pytest.fixture()
def store_credentials(monkeypatch):
    monkeypatch.setenv("TIMELINE_STORE_USER", "analyst")
    monkeypatch.setenv("TIMELINE_STORE_PASSWORD", SECRET)


# ---- the read-only guard decides by lexing, and tells the server what it sends ----------------


def test_an_update_behind_a_comment_closed_by_a_carriage_return_is_refused_before_any_request(runner):
    server = ScriptedServer(_results)
    try:
        hidden = "PREFIX ex: <http://ex/> #\rDROP GRAPH <https://timeline.example/kb/graph/links> ; INSERT DATA { <a:a> <a:a> <a:a> }"
        result = runner.invoke(cli, ["sparql", "--store", server.url, hidden])
    finally:
        server.stop()
    assert result.exit_code == 2
    assert result.output == (
        "Error: This is a SPARQL update (DROP), and `timeline` only reads here: nothing was changed. "
        "To change the knowledge base, edit its TOML files and run `timeline build`.\n"
    )
    assert server.requests == []


def test_a_query_after_comment_lines_is_sent_as_a_query(runner):
    server = ScriptedServer(_results)
    try:
        result = runner.invoke(cli, ["sparql", "--store", server.url, f"# all\n# loaded earlier\n{SELECT}", "-f", "json"])
    finally:
        server.stop()
    assert result.exit_code == 0, result.output
    assert all(request["body"].startswith("query=") for request in server.requests)
    assert not any("update=" in request["body"] for request in server.requests)


@pytest.mark.parametrize("engine_store", ["memory", "remote"])
def test_a_query_nested_thousands_deep_is_refused_before_it_can_crash_the_engine(runner, engine_store):
    deep = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
    server = ScriptedServer(_results)
    try:
        store = ["--store", server.url] if engine_store == "remote" else []
        result = runner.invoke(cli, ["sparql", *store, deep])
    finally:
        server.stop()
    assert result.exit_code == 2
    assert result.output.startswith("Error: The query nests brackets more than 200 deep")
    assert server.requests == []


# ---- credentials are scoped to the store -------------------------------------------------------


def test_store_credentials_never_go_to_a_linking_endpoint(runner, store_credentials):
    server = ScriptedServer(_results)
    try:
        runner.invoke(cli, ["link", "verify", "--endpoint", server.url])
    finally:
        server.stop()
    assert server.requests and all(request["authorization"] == "" for request in server.requests)


def test_store_credentials_do_not_follow_a_redirect_to_another_origin(runner, store_credentials):
    elsewhere = ScriptedServer(_results)
    # The store asks for Basic credentials, then redirects the request that carries them.
    store = ScriptedServer(lambda index: (401, {"WWW-Authenticate": 'Basic realm="kb"'}, b"") if index == 0 else (302, {"Location": elsewhere.url}, b""))
    try:
        runner.invoke(cli, ["sparql", "--store", store.url, SELECT])
    finally:
        store.stop()
        elsewhere.stop()
    basic = "Basic " + base64.b64encode(f"analyst:{SECRET}".encode()).decode()
    assert store.requests[0]["authorization"] == ""  # nothing before the server asks
    assert store.requests[1]["authorization"] == basic
    assert elsewhere.requests and all(request["authorization"] == "" for request in elsewhere.requests)


@pytest.mark.parametrize("option", ["--store", "--update-url", "--graph-store-url"])
def test_credentials_in_any_url_option_are_refused_and_masked(runner, option):
    url = f"http://analyst:{SECRET}@127.0.0.1:1/query"
    arguments = ["load", "--store", "http://127.0.0.1:1/query"] if option != "--store" else ["load"]
    result = runner.invoke(cli, [*arguments, option, url])
    assert result.exit_code == 2
    assert SECRET not in result.output and "analyst" not in result.output
    assert "not in the URL (http://***@127.0.0.1:1/query)" in result.output


def test_an_endpoint_that_sends_headers_then_trickles_is_stopped_at_the_timeout(runner):
    import socket
    import threading
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    def trickle():
        connection, _ = listener.accept()
        connection.recv(65536)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 1000\r\n\r\n")
        for _ in range(40):
            try:
                connection.sendall(b" ")
            except OSError:
                break
            time.sleep(0.25)
        connection.close()

    threading.Thread(target=trickle, daemon=True).start()
    from timeline.store.sparql_client import Endpoint, EndpointError, EndpointSettings

    endpoint = Endpoint(EndpointSettings(f"http://127.0.0.1:{port}/sparql", timeout=1.5, max_retries=0))
    started = time.monotonic()
    with pytest.raises(EndpointError, match="did not answer within 1.5 s"):
        endpoint.results(SELECT)
    assert time.monotonic() - started < 4
    listener.close()


def test_an_answer_larger_than_the_limit_is_refused_not_read(runner):
    from timeline.store.sparql_client import Endpoint, EndpointError, EndpointSettings

    big = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "literal", "value": "x" * 100}}] * 2000}}).encode()
    server = ScriptedServer(lambda index: (200, {"Content-Type": "application/sparql-results+json"}, big))
    try:
        endpoint = Endpoint(EndpointSettings(server.url, max_response_bytes=10_000))
        with pytest.raises(EndpointError, match="more than timeline reads"):
            endpoint.results(SELECT)
    finally:
        server.stop()


# ---- a curated file cannot make the build read files outside the knowledge base ----------------


@pytest.mark.parametrize("file_name", ["/etc/passwd", "../../../../etc/passwd", "../sources.toml", "escape.txt"])
def test_a_source_file_outside_the_sources_folder_is_refused(runner, kb_copy, edit, file_name):
    (kb_copy / "sources" / "escape.txt").symlink_to("/etc/hostname")
    edit(kb_copy / "sources.toml", 'file = "xi-putin-beijing-2024-05.txt"', f'file = "{file_name}"')
    before = {path: path.read_bytes() for path in kb_copy.rglob("*.ttl")}
    result = runner.invoke(cli, ["--kb", str(kb_copy), "build"])
    assert result.exit_code == 2
    assert f"{file_name!r} is not a file name inside kb/sources/" in result.output
    assert {path: path.read_bytes() for path in kb_copy.rglob("*.ttl")} == before


# ---- timeline serve -----------------------------------------------------------------------------


def _serve(*options):
    served = Served(*options, timeout=5)
    return served.process, f"{served.url}query"


def _post(url, query):
    import urllib.error
    import urllib.parse
    import urllib.request

    request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def served_endpoint():
    process, url = _serve()
    yield process, url
    process.terminate()
    process.wait(timeout=10)


def test_serve_refuses_service_unless_the_operator_allows_it(served_endpoint):
    target = ScriptedServer(_results)
    try:
        status, text = _post(served_endpoint[1], f"SELECT * WHERE {{ SERVICE <{target.url}> {{ ?s ?p ?o }} }}")
    finally:
        target.stop()
    assert status == 403 and "SERVICE is off on this endpoint" in text
    assert target.requests == []


def test_serve_refuses_a_query_that_would_crash_its_engine_and_keeps_serving(served_endpoint):
    status, text = _post(served_endpoint[1], "SELECT * WHERE " + "{" * 20000 + "}" * 20000)
    assert status == 400 and "nests brackets more than 200 deep" in text
    assert _post(served_endpoint[1], "ASK { ?s ?p ?o }")[0] == 200


def test_serve_starts_its_engine_again_when_it_dies(served_endpoint):
    import subprocess

    process, url = served_endpoint
    children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    assert children
    subprocess.run(["kill", "-KILL", *children], check=True)
    assert _post(url, "ASK { ?s ?p ?o }")[0] == 200


def test_a_killed_serve_leaves_a_store_the_next_serve_removes():
    import glob
    import os
    import signal
    import tempfile

    process, _ = _serve()
    pattern = os.path.join(tempfile.gettempdir(), f"timeline-serve-{process.pid}-*")
    assert glob.glob(pattern)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert glob.glob(pattern)  # SIGKILL leaves no chance to clean up
    second, _ = _serve()
    try:
        assert not glob.glob(pattern)
    finally:
        second.terminate()
        second.wait(timeout=10)


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
    from timeline.store.transfer import parse_file

    ontology_triples = parse_file(kb_files(resolve_kb_dir())[0])[1]
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: {server.url} accepted https://timeline.example/kb/graph/ontology but holds 0 of its {ontology_triples} triples: "
        "check --update-url (or --graph-store-url)."
    )


# ---- every query is bounded in time, and Ctrl-C stops it ---------------------------------------

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_an_endless_query_on_the_embedded_store_stops_at_the_timeout(runner):
    import time

    started = time.monotonic()
    result = runner.invoke(cli, ["sparql", "--timeout", "1", CARTESIAN])
    assert time.monotonic() - started < 5
    assert result.exit_code == 2
    assert result.output == "Error: The query ran longer than 1 s and was stopped. Allow more time with --timeout, or narrow the query.\n"


def test_ctrl_c_stops_a_query_at_once_with_exit_130():
    import signal
    import subprocess
    import sys
    import time

    process = subprocess.Popen([sys.executable, "-m", "timeline", "sparql", CARTESIAN], stderr=subprocess.PIPE, text=True)
    time.sleep(2)
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, error = process.communicate(timeout=10)
    assert time.monotonic() - sent < 3
    assert process.returncode == 130
    assert error == "Interrupted: nothing more was done.\n"


@pytest.mark.parametrize("answer", ["closed port", "html", "server error", "silent"])
def test_a_failing_service_gives_one_line_and_exit_2(runner, answer):
    from sparql_servers import SilentServer

    from timeline.serve.upstream import free_port

    server = None
    if answer == "closed port":
        url = f"http://127.0.0.1:{free_port()}/sparql"
    elif answer == "silent":
        server = SilentServer()
        url = server.url
    else:
        status, kind = (200, "text/html") if answer == "html" else (500, "text/plain")
        server = ScriptedServer(lambda index: (status, {"Content-Type": kind}, b"<html>no</html>"))
        url = server.url
    try:
        result = runner.invoke(cli, ["sparql", "--timeout", "3", f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"])
    finally:
        if server is not None:
            server.stop()
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: ") and len(result.output.splitlines()) == 1
    assert "Traceback" not in result.output


def test_an_undeclared_prefix_is_named(runner):
    result = runner.invoke(cli, ["sparql", "SELECT * WHERE { ?s ex:p ?o }"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: The query uses the prefix ex: without declaring it.")


# ---- dates are ASCII ISO dates, and periods run forwards ----------------------------------------


@pytest.mark.parametrize("text", ["٢٠٢٤", "2024\n", "２０２４-05", " 2024"])
def test_only_ascii_iso_dates_are_dates(text):
    from timeline.model.dates import ImpreciseDate

    with pytest.raises(ValueError, match="is not a date"):
        ImpreciseDate.parse(text)


def test_a_reversed_period_is_refused(runner):
    result = runner.invoke(cli, ["query", "events-between", "-p", "from", "2024-05-16", "-p", "to", "2024-05-01"])
    assert result.exit_code == 2
    assert result.output == "Error: Parameter 'from' (2024-05-16) comes after 'to' (2024-05-01): give the earlier date first.\n"
    page = runner.invoke(cli, ["html", "--from", "2024-05", "--to", "2024-04", "-o", "/dev/null"])
    assert page.exit_code == 2
    assert page.output == "Error: --from (2024-05) comes after --to (2024-04): give the earlier date first.\n"


def test_a_period_within_one_month_is_not_reversed(runner):
    assert runner.invoke(cli, ["query", "events-between", "-p", "from", "2024-05", "-p", "to", "2024-05"]).exit_code == 0


# ---- what timeline writes into TOML people edit is escaped, and source add checks its input ----


def test_a_title_with_control_characters_is_written_escaped_and_read_back(runner, kb_copy, tmp_path):
    import tomllib

    text = tmp_path / "report.txt"
    text.write_text("Putin and Xi met.\n", encoding="utf-8")
    title = 'Tab\there, "quotes", a bell \x07 and a\nnewline'
    result = runner.invoke(cli, ["--kb", str(kb_copy), "source", "add", str(text), "--title", title, "--published", "2024-05-17"])
    assert result.exit_code == 0, result.output
    sources = tomllib.loads((kb_copy / "sources.toml").read_text(encoding="utf-8"))["source"]
    assert sources[-1]["title"] == title
    assert (kb_copy / "sources.toml").read_text(encoding="utf-8").startswith("# The sources of the knowledge base")


@pytest.mark.parametrize("url", ["https://example.org/a b", "https://example.org/<x>", "/relative/path", "ftp://example.org/x"])
def test_source_add_refuses_a_url_that_is_not_an_absolute_http_url(runner, kb_copy, tmp_path, url):
    text = tmp_path / "report.txt"
    text.write_text("Putin and Xi met.\n", encoding="utf-8")
    before = (kb_copy / "sources.toml").read_bytes()
    result = runner.invoke(cli, ["--kb", str(kb_copy), "source", "add", str(text), "--title", "T", "--published", "2024-05-17", "--url", url])
    assert result.exit_code == 2 and "is not an absolute http(s) URL" in result.output
    assert (kb_copy / "sources.toml").read_bytes() == before


# ---- formats: from the file name, fitting the result, typed where JSON has types ---------------


@pytest.mark.parametrize("name, first_bytes", [("x.nq", b"<https://"), ("x.jsonld", b"{\n  \"@context\""), ("x.ttl", b"@prefix"), ("x.csv", b"id,label")])
def test_export_takes_the_format_from_the_file_name(runner, tmp_path, name, first_bytes):
    result = runner.invoke(cli, ["export", "-o", str(tmp_path / name)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).read_bytes().startswith(first_bytes)


@pytest.mark.parametrize("path, message", [
    ("/proc/x.ttl", "Error: Cannot write /proc/x.ttl: No such file or directory. Give a path you can write to.\n"),
    ("{tmp}/missing/x.ttl", "Error: Cannot write {tmp}/missing/x.ttl: the folder {tmp}/missing does not exist. Create it first, or give another path.\n"),
])
def test_export_to_a_path_it_cannot_write_says_so_and_makes_no_folder(runner, tmp_path, path, message):
    path = path.format(tmp=tmp_path)
    result = runner.invoke(cli, ["export", "-o", path])
    assert (result.exit_code, result.output) == (2, message.format(tmp=tmp_path))
    assert not (tmp_path / "missing").exists()


def test_a_graph_result_with_a_row_format_says_which_formats_fit(runner):
    result = runner.invoke(cli, ["sparql", "CONSTRUCT WHERE { ?s a tl:Pledge }", "-f", "json"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: A CONSTRUCT or DESCRIBE query gives a graph, which prints as Turtle; --format json")


def test_json_lines_give_numbers_and_booleans_as_json_types(runner):
    rows = [json.loads(line) for line in runner.invoke(cli, ["query", "trade-volume", "-f", "jsonl"]).output.splitlines()]
    assert {type(row["amount"]) for row in rows} == {int}
    assert {type(row["record"]) for row in rows} == {bool}
    assert all(isinstance(row["period"], str) for row in rows)


# ---- other encodings and oversized or deep input: named, refused, nothing changed --------------


def test_a_utf16_query_file_and_standard_input_are_named(runner, tmp_path):
    query = tmp_path / "q.rq"
    query.write_bytes(SELECT.encode("utf-16"))
    assert runner.invoke(cli, ["sparql", str(query)]).output == f"Error: {query} is UTF-16, not UTF-8; save the query as UTF-8.\n"
    piped = runner.invoke(cli, ["sparql", "-"], input=SELECT.encode("latin-1") + "é".encode("latin-1"))
    assert piped.exit_code == 2 and piped.output.startswith("Error: Standard input is not UTF-8")


def test_a_missing_query_file_is_named(runner):
    result = runner.invoke(cli, ["sparql", "missing.rq"])
    assert (result.exit_code, result.output) == (2, "Error: No file missing.rq: give the path of a query file, the query itself, or - for standard input.\n")


@pytest.mark.parametrize("name, what", [("entities.toml", "TOML"), ("sources/xi-putin-beijing-2024-05.txt", "text")])
def test_build_names_a_file_that_is_not_utf8_and_writes_nothing(runner, kb_copy, name, what):
    path = kb_copy / name
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    before = {p: p.read_bytes() for p in kb_copy.rglob("*.ttl")}
    for arguments in (["build"], ["build", "--check"]):
        result = runner.invoke(cli, ["--kb", str(kb_copy), *arguments])
        assert result.exit_code == 2 and "UTF-16, not UTF-8" in result.output and "Traceback" not in result.output
    assert {p: p.read_bytes() for p in kb_copy.rglob("*.ttl")} == before


def test_a_turtle_file_in_utf16_is_named(runner, kb_copy):
    links = kb_copy / "links.ttl"
    links.write_bytes(links.read_text(encoding="utf-8").encode("utf-16"))
    result = runner.invoke(cli, ["--kb", str(kb_copy), "show"])
    assert result.output == f"Error: {links}: not valid Turtle: the file is UTF-16, not UTF-8; Turtle is UTF-8\n"


def test_a_literal_larger_than_oxigraph_reads_is_refused_with_the_limit(runner, kb_copy):
    links = kb_copy / "links.ttl"
    links.write_text(links.read_text(encoding="utf-8") + '<urn:big> <urn:p> "' + "x" * (17 * 1024 * 1024) + '" .\n', encoding="utf-8")
    for command in (["show"], ["export", "-f", "nquads"], ["validate"]):
        result = runner.invoke(cli, ["--kb", str(kb_copy), *command])
        assert result.exit_code == 2
        assert result.output == (
            f"Error: {links}: a term in this file is longer than the 16 MiB that Oxigraph reads in one piece; "
            "split the text, or keep a large text outside the knowledge base\n"
        )


def test_validate_names_an_events_file_edited_into_broken_turtle(runner, kb_copy):
    """An events file the build cache no longer vouches for is read to find the events it
    names, before its batch: broken Turtle there is one line naming file and place."""
    events = kb_copy / "events" / "xi-putin-beijing-2024-05.ttl"
    events.write_text(events.read_text(encoding="utf-8") + "\n<urn:a> <urn:b> .\n", encoding="utf-8")
    result = runner.invoke(cli, ["--kb", str(kb_copy), "validate"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: {events}:") and "not valid Turtle" in result.output and result.output.count("\n") == 1


def test_a_source_text_over_the_limit_is_refused(runner, kb_copy, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (2 * 1024 * 1024))
    result = runner.invoke(cli, ["--kb", str(kb_copy), "source", "add", str(big), "--title", "Big", "--published", "2024-05-17"])
    assert result.exit_code == 2 and "a source may have at most 8,388,608 (8 MiB)" in result.output


def test_a_deeply_nested_toml_array_is_refused_not_a_traceback(runner, kb_copy):
    (kb_copy / "entities.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["--kb", str(kb_copy), "build"])
    assert result.exit_code == 2
    assert result.output == "Error: kb/entities.toml: not valid TOML: its arrays or tables are nested too deeply to read\n"


def _raw(url, data: bytes, timeout=15) -> bytes:
    import socket
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as connection:
        connection.sendall(data)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


@pytest.mark.parametrize("request_bytes, status", [
    (b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", b"400"),
    (b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", b"400"),
    (b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n", b"413"),
])
def test_serve_answers_a_malformed_request_at_once(served_endpoint, request_bytes, status):
    answer = _raw(served_endpoint[1], request_bytes)
    assert answer.split(b" ", 2)[1] == status


def test_serve_closes_an_http_0_9_request_without_holding_it(served_endpoint):
    import time

    started = time.monotonic()
    assert _raw(served_endpoint[1], b"GET /query\r\n") == b""
    assert time.monotonic() - started < 5


def test_serve_bounds_its_threads_under_a_flood_of_half_open_connections(served_endpoint):
    import socket
    import time
    import urllib.parse

    process, url = served_endpoint
    parts = urllib.parse.urlsplit(url)
    flood = []
    for _ in range(100):  # more than the 64 connections served at once
        connection = socket.create_connection((parts.hostname, parts.port), timeout=5)
        connection.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\n")  # and never the rest
        flood.append(connection)
        time.sleep(0.005)  # as a client would: the accept queue is not the subject here
    threads = int(next(line for line in open(f"/proc/{process.pid}/status") if line.startswith("Threads:")).split()[1])
    assert threads < 100
    # Still answering, at once: with a slot free, or with a 503 when every slot is held.
    answer = _raw(url, b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=5)
    assert answer.startswith((b"HTTP/1.1 200", b"HTTP/1.1 503"))
    for connection in flood:
        connection.close()
    time.sleep(1)
    assert _post(url, "ASK { ?s ?p ?o }")[0] == 200


# ---- messages a user trips on -------------------------------------------------------------------


def test_serve_on_a_folder_that_is_not_a_store_says_so_in_one_line(runner, tmp_path, kb_copy):
    for folder, state in ((tmp_path / "missing", "does not exist"), (kb_copy, "is not a store")):
        result = runner.invoke(cli, ["serve", "--store", str(folder)])
        assert result.exit_code == 2
        assert result.output == f"Error: {folder} {state}: give a store folder written by `timeline load --store {folder}`, or leave out --store.\n"


def test_a_kb_folder_that_does_not_exist_is_named(runner, tmp_path):
    missing = tmp_path / "nope"
    for command in (["show"], ["build"]):
        result = runner.invoke(cli, ["--kb", str(missing), *command])
        assert result.exit_code == 2 and result.output.startswith(f"Error: The knowledge base folder {missing} does not exist.")


@pytest.mark.parametrize("arguments", [["-p", "actor=Putin"], ["-p", "actor", "Putin"]])
def test_a_parameter_may_be_written_name_value_or_name_equals_value(runner, arguments):
    result = runner.invoke(cli, ["query", "actor-timeline", *arguments, "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) == 13


def test_a_misspelt_query_name_gets_the_nearest(runner):
    result = runner.invoke(cli, ["query", "actor-timline"])
    assert result.output == (
        "Error: No stored query named 'actor-timline'. Did you mean 'actor-timeline' or 'timeline'? Run `timeline queries` to list them.\n"
    )


def test_a_huge_parameter_value_is_not_echoed_whole(runner):
    result = runner.invoke(cli, ["query", "actor-timeline", "-p", "actor", "x" * 100_000])
    assert result.exit_code == 2 and len(result.output) < 400


def test_tables_fit_the_terminal_and_help_summaries_are_whole():
    from timeline.rdf.terms import plain_value  # noqa: F401 - the library is importable without a terminal
    from timeline.views.results import aligned

    table = aligned(["event", "label"], [["event:" + "x" * 120, "y" * 90]], max_width=80)
    assert all(len(line) <= 80 for line in table.splitlines())
    import subprocess
    import sys

    import os

    shown = subprocess.run([sys.executable, "-m", "timeline", "--help"], capture_output=True, text=True, env={**os.environ, "COLUMNS": "80"}).stdout
    commands = shown.split("Commands:", 1)[1].split("Exit codes", 1)[0]
    assert commands.strip() and "..." not in commands


def test_a_redirect_loop_on_the_update_url_is_one_line_naming_it(runner, tmp_path):
    from sparql_servers import OxigraphServer

    loop = ScriptedServer(lambda index: (302, {"Location": "/elsewhere"}, b""))
    server = OxigraphServer(None, tmp_path).start()
    try:
        result = runner.invoke(cli, ["load", "--store", server.url, "--update-url", loop.url])
    finally:
        loop.stop()
        server.stop()
    base = loop.url.rsplit("/", 1)[0]
    assert result.exit_code == 2
    assert result.output == f"Error: {base}/elsewhere redirects in a loop or too many times (HTTP 302). Check the URL.\n"


def _echoing(count: int) -> ScriptedServer:
    """A server that answers with `count` extra headers, as Virtuoso echoes each graph a query names."""
    headers = {"Content-Type": "application/sparql-results+json", **{f"X-SPARQL-default-graph-{i}": f"urn:test:g{i}" for i in range(count)}}
    server = ScriptedServer([(200, headers, EMPTY_RESULTS)])
    server.http.handle_error = lambda request, address: None  # type: ignore[method-assign]  # the client hangs up mid-answer
    return server


def test_a_header_for_every_graph_a_query_names_is_read():
    from timeline.store.sparql_client import Endpoint, EndpointSettings

    graphs = [f"urn:test:g{i}" for i in range(100)]
    server = _echoing(2 * len(graphs))
    try:
        document = Endpoint(EndpointSettings(server.url)).results("SELECT * WHERE { ?s ?p ?o }", graphs, graphs)
    finally:
        server.stop()
    assert document["results"]["bindings"] == []


def test_a_flood_of_headers_the_query_cannot_explain_is_refused(runner):
    server = _echoing(5000)
    try:
        result = runner.invoke(cli, ["sparql", "--store", server.url, "SELECT * WHERE { ?s ?p ?o }"])
    finally:
        server.stop()
    assert result.exit_code == 2
    assert result.output == f"Error: Could not reach {server.url}: got more than 100 headers. Check the URL and that the endpoint is up.\n"


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


def test_a_307_to_a_post_is_followed_with_its_body_and_without_credentials(runner, store_credentials):
    """M2: urllib follows 307 and 308 for GET only, and a POST redirected so was reported as
    "redirects in a loop or too many times"."""
    elsewhere = ScriptedServer(_results)
    store = ScriptedServer(lambda index: (307, {"Location": elsewhere.url}, b""))
    try:
        result = runner.invoke(cli, ["sparql", "--store", store.url, SELECT, "-f", "json"])
    finally:
        store.stop()
        elsewhere.stop()
    assert result.exit_code == 0, result.output
    assert elsewhere.requests and elsewhere.requests[0]["body"].startswith("query=")
    assert all(request["authorization"] == "" for request in elsewhere.requests)


def test_a_linking_endpoint_that_asks_for_credentials_is_not_told_about_the_stores(runner):
    """M3: the hint named $TIMELINE_STORE_USER, which timeline never sends to a linking endpoint."""
    endpoint = ScriptedServer(lambda index: (401, {"WWW-Authenticate": 'Basic realm="wd"'}, b""))
    try:
        result = runner.invoke(cli, ["link", "verify", "--endpoint", endpoint.url])
    finally:
        endpoint.stop()
    assert result.exit_code == 2
    assert "refused access (HTTP 401)" in result.output and "TIMELINE_STORE_USER" not in result.output
    assert "credentials to the store alone" in result.output
