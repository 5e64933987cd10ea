"""`timeline serve` as its users use it: a real server process on a loopback port, called over
HTTP by a client, by headless Chromium and by many clients at once, and stopped by signals."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import shutil
import signal
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.catalog import stored_queries
from timeline.cli import cli
from timeline.kb.layout import resolve_kb_dir
from timeline.serve.drawn_page import accepts_gzip

from sparql_servers import Served

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

FEDERATED = {"people-from-wikidata", "places-from-wikidata"}  # SERVICE: refused unless --allow-service


@pytest.fixture(scope="module")
def served_store(tmp_path_factory):
    """A store folder loaded from a copy of the seed knowledge base, and a serve of it."""
    folder = tmp_path_factory.mktemp("served")
    kb = folder / "kb"
    shutil.copytree(resolve_kb_dir(), kb)
    result = CliRunner().invoke(cli, ["--kb", str(kb), "load", "--store", str(folder / "store")])
    assert result.exit_code == 0, result.output
    served = Served("--store", str(folder / "store"), kb=kb)
    yield served, kb, folder / "store"
    served.stop()


@pytest.fixture(scope="module")
def server(served_store):
    return served_store[0]


def _cli_rows(name: str, example: dict[str, str], store: Path) -> list[dict[str, str]]:
    arguments = [argument for key, value in example.items() for argument in ("-p", f"{key}={value}")]
    result = CliRunner().invoke(cli, ["query", name, *arguments, "-f", "json", "--store", str(store)])
    assert result.exit_code == 0, result.output
    return _values(json.loads(result.stdout))


def _values(document: dict) -> list[dict[str, str]]:
    """The rows of a SPARQL JSON result as variable -> value, for comparing answers."""
    return [{name: term["value"] for name, term in binding.items()} for binding in document["results"]["bindings"]]


# ---- the query API ------------------------------------------------------------------------------


def test_the_catalogue_lists_every_stored_query_with_typed_parameters(server):
    status, catalogue = server.get_json("/queries")
    assert status == 200
    listed = {entry["name"]: entry for entry in catalogue["queries"]}
    assert set(listed) == set(stored_queries().queries)
    actor = listed["actor-timeline"]
    assert actor["parameters"] == [{"name": "actor", "type": "entity", "required": True, "variable": "?_actor_iri",
                                    "description": "the actor, as a label, an id, an IRI or a Wikidata id"}]
    assert actor["example_url"] == "/queries/actor-timeline?actor=Putin"
    assert [p["type"] for p in listed["events-between"]["parameters"]] == ["start-date", "end-date"]


@pytest.mark.parametrize("name", sorted(set(stored_queries().queries) - FEDERATED))
def test_each_stored_query_answers_as_the_command_line_does(name, served_store):
    server, _, store = served_store
    query = stored_queries().get(name)
    status, document = server.get_json(f"/queries/{name}?{urllib.parse.urlencode(query.example)}")
    assert status == 200, document
    assert _values(document) == _cli_rows(name, query.example, store)


def test_a_federated_query_is_refused_as_the_endpoint_refuses_service(server):
    status, problem = server.get_json("/queries/people-from-wikidata?endpoint=https://query.wikidata.org/sparql")
    assert status == 403 and problem["title"] == "SERVICE is off" and "--allow-service" in problem["detail"]


@pytest.mark.parametrize(("path", "accept", "media"), [
    ("/queries/actor-timeline.csv?actor=Putin", "", "text/csv"),
    ("/queries/actor-timeline.tsv?actor=Putin", "", "text/tab-separated-values"),
    ("/queries/actor-timeline.json?actor=Putin", "", "application/sparql-results+json"),
    ("/queries/actor-timeline?actor=Putin", "text/csv", "text/csv"),
    ("/queries/actor-timeline?actor=Putin", "text/html;q=0.9, text/tab-separated-values", "text/tab-separated-values"),
    ("/queries/actor-timeline?actor=Putin", "application/json", "application/sparql-results+json"),
    ("/queries/actor-timeline?actor=Q7747", "", "application/sparql-results+json"),
])
def test_results_come_in_the_format_a_suffix_or_accept_asks_for(server, path, accept, media):
    status, headers, body = server.request("GET", path, headers={"Accept": accept} if accept else {})
    assert status == 200 and headers["content-type"].startswith(media)
    first_line = body.decode().splitlines()[0]
    if media == "text/csv":
        assert first_line == "event,begin,end,label,role,status"
    elif media == "text/tab-separated-values":
        assert first_line == "?event\t?begin\t?end\t?label\t?role\t?status"
    else:
        assert len(json.loads(body)["results"]["bindings"]) == 12


@pytest.mark.parametrize(("path", "parameter", "detail"), [
    ("/queries/actor-timeline", "actor", "Query 'actor-timeline' needs the parameter 'actor': the actor, as a label, an id, an IRI or a "
                                         "Wikidata id. Example: /queries/actor-timeline?actor=Putin"),
    ("/queries/actor-timeline?actor=Nobody", "actor", "No entity matches 'Nobody' for parameter 'actor'. GET /queries/entities lists them."),
    ("/queries/actor-timeline?actor=Putin&colour=red", "colour", "Query 'actor-timeline' has no parameter 'colour'; its parameters are: actor."),
    ("/queries/actor-timeline?actor=Putin&actor=Xi", "actor", "Parameter 'actor' is given twice; give it once."),
    ("/queries/events-between?from=2024-13&to=2024", "from", None),
    ("/queries/events-between?from=2024-05&to=2023", "from", "Parameter 'from' (2024-05) comes after 'to' (2023): give the earlier date first."),
    ("/queries/evidence?event=%3E%7D%20DROP%20ALL", "event", None),
])
def test_a_bad_parameter_is_a_400_problem_that_names_it(server, path, parameter, detail):
    status, headers, body = server.request("GET", path)
    problem = json.loads(body)
    assert (status, headers["content-type"]) == (400, "application/problem+json")
    assert problem["type"] == "about:blank" and problem["status"] == 400 and problem["title"] == "Bad Request"
    assert problem["parameter"] == parameter and problem["instance"] == urllib.parse.urlsplit(path).path
    if detail:
        assert problem["detail"] == detail


def test_an_unknown_query_is_a_404_problem_with_the_nearest_names(server):
    status, headers, body = server.request("GET", "/queries/actor-timline")
    assert (status, headers["content-type"]) == (404, "application/problem+json")
    assert json.loads(body) == {
        "type": "about:blank", "title": "Not Found", "status": 404, "instance": "/queries/actor-timline",
        "detail": "No stored query named 'actor-timline'. Did you mean 'actor-timeline' or 'timeline'? GET /queries lists them.",
        "nearest": ["actor-timeline", "timeline"],
    }


def test_a_format_the_api_does_not_have_is_a_406_problem(server):
    status, _, body = server.request("GET", "/queries/timeline", headers={"Accept": "image/png"})
    assert status == 406 and "add .json, .csv or .tsv" in json.loads(body)["detail"]


def test_a_stored_querys_text_is_served_as_it_is_stored(server):
    status, headers, body = server.request("GET", "/queries/events-between.rq")
    assert (status, headers["content-type"]) == (200, "application/sparql-query")
    assert body.decode() == stored_queries().get("events-between").text


def test_the_openapi_document_is_valid_and_describes_every_query(server):
    from openapi_spec_validator import validate

    status, document = server.get_json("/openapi.json")
    assert status == 200
    validate(document)
    assert document["servers"] == [{"url": server.url.rstrip("/")}]
    operation = document["paths"]["/queries/events-between"]["get"]
    assert [(p["name"], p["in"], p["required"], p["example"]) for p in operation["parameters"]] == [
        ("from", "query", True, "2024-05"), ("to", "query", True, "2024-05")]
    assert operation["parameters"][0]["schema"]["pattern"] == r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
    assert set(operation["responses"]["200"]["content"]) == {"application/sparql-results+json", "text/csv", "text/tab-separated-values"}
    assert {path.removeprefix("/queries/") for path in document["paths"]} - {"/queries"} == set(stored_queries().queries)


# ---- SPARQL, the page, HTTP ---------------------------------------------------------------------


def test_the_sparql_endpoint_answers_and_refuses_writes_on_every_path(server):
    form = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    status, _, body = server.request("POST", "/query", urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).encode(), form)
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "2962"
    for method, path in (("POST", "/update"), ("PUT", "/store?default"), ("DELETE", "/store/x"), ("PUT", "/query"), ("PATCH", "/sparql")):
        assert server.request(method, path, b"DROP ALL")[0] == 403, (method, path)
    update = urllib.parse.urlencode({"query": "DROP ALL"}).encode()
    status, _, body = server.request("POST", "/sparql", update, form)
    assert status == 403 and body == b"This SPARQL endpoint is read-only: updates and graph writes are refused.\n"
    # A path that is not an endpoint has no write methods at all: 405, saying which it has.
    for method, path in (("PUT", "/"), ("DELETE", "/queries/timeline"), ("PATCH", "/queries")):
        status, headers, _ = server.request(method, path, b"x")
        assert status == 405 and set(headers["allow"].split(", ")) == {"GET", "HEAD"}, (method, path)


def test_the_endpoint_knows_timelines_prefixes_and_says_so_of_others(server):
    form = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    known = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?e a sem:Event . entity:vladimir-putin rdfs:label ?name }"})
    status, _, body = server.request("POST", "/query", known.encode(), form)
    assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0
    unknown = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s nope:p ?o }"})
    status, _, body = server.request("POST", "/query", unknown.encode(), form)
    assert status == 400 and body.decode().startswith("The query uses the prefix nope: without declaring it.")


def test_the_service_description_names_the_public_url(server, served_store):
    status, headers, body = server.request("GET", "/query", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert f"sd:endpoint <{server.url}query>" in body.decode()
    public = Served("--store", str(served_store[2]), "--public-url", "https://kb.example.org/timeline/")
    try:
        _, _, body = public.request("GET", "/query")
        assert "sd:endpoint <https://kb.example.org/timeline/query>" in body.decode()
        assert public.get_json("/openapi.json")[1]["servers"] == [{"url": "https://kb.example.org/timeline"}]
    finally:
        public.stop()


def test_http_1_1_keeps_the_connection_and_head_answers_without_a_body(server):
    connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        for path in ("/", "/queries", "/openapi.json", "/queries/timeline.csv"):
            connection.request("HEAD", path)
            response = connection.getresponse()
            assert response.status == 200 and response.version == 11 and response.read() == b""
            assert int(response.getheader("Content-Length")) > 0
        connection.request("GET", "/queries")
        assert connection.getresponse().read()  # the same connection, still open
    finally:
        connection.close()


def test_the_page_at_root_links_each_part_and_is_read_from_the_served_store(server):
    status, headers, body = server.request("GET", "/")
    page = body.decode()
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    for href in ("/queries", "/openapi.json", "/sparql", "/query"):
        assert f'href="{href}"' in page
    # The page carries the actors for its filter and no event: it asks for each window.
    assert "Vladimir Putin" in page and "Putin sworn in as president for a fifth term" not in page
    labels = {row["content"] for row in server.get_json("/timeline/window.json")[1]["rows"]}
    assert any("Putin sworn in as president for a fifth term" in label for label in labels)


def test_the_page_goes_gzipped_to_a_client_that_accepts_it_and_whole_to_one_that_does_not(server):
    plain_status, plain_headers, plain = server.request("GET", "/", headers={"Accept-Encoding": "identity"})
    status, headers, packed = server.request("GET", "/", headers={"Accept-Encoding": "br;q=1.0, gzip;q=0.8"})
    assert plain_status == status == 200
    assert headers["content-encoding"] == "gzip" and "content-encoding" not in plain_headers
    assert headers["vary"] == plain_headers["vary"] == "Accept-Encoding"
    assert len(packed) * 3 < len(plain)
    assert gzip.decompress(packed) == plain
    assert int(plain_headers["content-length"]) == len(plain) and int(headers["content-length"]) == len(packed)
    assert plain.decode().startswith("<!DOCTYPE html>") and plain.decode().rstrip().endswith("</html>")
    refused = server.request("GET", "/", headers={"Accept-Encoding": "gzip;q=0, *;q=0.5"})
    assert "content-encoding" not in refused[1] and refused[2] == plain


@pytest.mark.parametrize(("header", "accepted"), [
    ("gzip", True), ("GZIP", True), ("deflate, gzip;q=0.5", True), ("*", True), ("x-gzip", True), ("br, *;q=0.1", True),
    ("", False), ("identity", False), ("gzip;q=0", False), ("gzip;q=0.000", False), ("gzip;q=nonsense", False), ("*;q=0", False),
    ("*, gzip;q=0", False), ("br, deflate", False),
])
def test_accept_encoding_is_read_as_rfc_9110_weighs_it(header, accepted):
    assert accepts_gzip(header) is accepted


def test_a_load_into_the_served_store_shows_on_the_next_request(served_store, edit):
    server, kb, store = served_store
    before = json.dumps(server.get_json("/timeline/window.json")[1])
    assert "(as edited for a test)" not in before
    label = "Putin sworn in as president for a fifth term"
    for path in kb.rglob("*.ttl"):
        if f'"{label}"' in path.read_text(encoding="utf-8"):
            edit(path, f'"{label}"', f'"{label} (as edited for a test)"')
    result = CliRunner().invoke(cli, ["--kb", str(kb), "load", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert f"{label} (as edited for a test)" in json.dumps(server.get_json("/timeline/window.json")[1], ensure_ascii=False)
    rows = _values(server.get_json("/queries/timeline")[1])
    assert f"{label} (as edited for a test)" in {row["label"] for row in rows}


def test_the_query_page_works_offline_in_chromium(server):
    from playwright.sync_api import expect

    browser, context, page = _chromium()
    try:
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{server.url}sparql")
        page.wait_for_selector("#stored option:nth-child(3)", state="attached")
        page.select_option("#stored", "/queries/quotes.rq")
        expect(page.locator("#query")).to_have_value(re.compile("Who said what"))
        page.click("#run")
        page.wait_for_selector("#results table")
        assert page.locator("#results th").all_text_contents()[:3] == ["date", "speaker", "words"]
        page.fill("#query", "SELECT ?event ?label ?begin WHERE { ?event a sem:Event ; rdfs:label ?label ; sem:hasBeginTimeStamp ?begin } "
                            "ORDER BY ?begin LIMIT 100".replace("SELECT", "PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>\n"
                                                                "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT"))
        page.click("#run")
        page.wait_for_selector("#results table")
        assert "rows in" in page.locator("#status").text_content()
        assert page.locator("#results th").all_text_contents() == ["event", "label", "begin"]
        page.fill("#query", "DROP ALL")
        page.click("#run")
        expect(page.locator("#status")).to_have_class("error")
        assert page.locator("#status").text_content().startswith("403: This SPARQL endpoint is read-only")
        assert all(url.startswith(server.url) for url in requested), requested
    finally:
        context.close()
        browser.close()


def test_chromium_opens_the_page_clicks_an_event_and_sees_its_evidence(server):
    browser, context, page = _chromium()
    try:
        page.goto(server.url)
        page.wait_for_selector(".vis-item")
        page.locator(".vis-item", has_text="Xi and Putin hold talks in Beijing").first.click()
        details = page.locator("#details")
        assert details.locator("h2").text_content() == "Xi and Putin hold talks in Beijing"
        assert details.locator(".passage mark").count() >= 1
        assert "Beijing" in details.locator(".passage").first.text_content()
        page.click("text=stored queries")
        page.wait_for_url(f"{server.url}queries")
    finally:
        context.close()
        browser.close()


def _chromium():
    from playwright.sync_api import sync_playwright

    from test_timeline_page import CHROMIUM, FLAGS

    assert CHROMIUM.exists(), "Chromium is missing: `make test` installs Debian's chromium package"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
    context = browser.new_context()
    original_close = browser.close

    def close() -> None:
        original_close()
        playwright.stop()

    browser.close = close  # type: ignore[method-assign]
    return browser, context, context.new_page()


# ---- an HTTP server users trust -----------------------------------------------------------------


def test_cors_is_off_unless_the_operator_names_an_origin(server, served_store):
    assert "access-control-allow-origin" not in server.request("GET", "/queries", headers={"Origin": "https://example.org"})[1]
    shared = Served("--store", str(served_store[2]), "--cors", "https://example.org")
    try:
        _, headers, _ = shared.request("GET", "/queries/timeline.json", headers={"Origin": "https://example.org"})
        assert headers["access-control-allow-origin"] == "https://example.org"
        status, headers, _ = shared.request("OPTIONS", "/query", headers={
            "Origin": "https://example.org", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
        assert status == 200 and "POST" in headers["access-control-allow-methods"]
        _, headers, _ = shared.request("GET", "/queries", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in headers
    finally:
        shared.stop()


def test_each_request_is_logged_in_the_common_log_format(served_store):
    served = Served("--store", str(served_store[2]))
    served.request("GET", "/queries/actor-timeline.csv?actor=Putin")
    served.request("GET", "/queries/nope")
    log = served.stop().splitlines()
    common = re.compile(r'127\.0\.0\.1 - - \[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "GET (\S+) HTTP/1\.1" (\d{3}) (\d+|-)')
    logged = [common.fullmatch(line).groups() for line in log if line.startswith("127.0.0.1")]
    assert [(path, status) for path, status, _ in logged] == [("/queries/actor-timeline.csv?actor=Putin", "200"), ("/queries/nope", "404")]
    assert not any("Traceback" in line for line in log)


def test_a_log_line_cannot_be_forged_by_a_request_target(served_store):
    import socket

    served = Served("--store", str(served_store[2]))
    with socket.create_connection((served.host, served.port), timeout=10) as connection:
        # A quote in the target would end the request field early and let the rest pose as
        # status and size.
        connection.sendall(b'GET /x"_404_1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
        connection.recv(65536)
    log = [line for line in served.stop().splitlines() if line.startswith("127.0.0.1")]
    assert len(log) == 1 and log[0].endswith('"GET /x\\x22_404_1 HTTP/1.1" 404 ' + log[0].rsplit(" ", 1)[1]), log


def test_binding_beyond_loopback_warns(served_store):
    served = Served("--store", str(served_store[2]), "--host", "0.0.0.0")
    deadline = time.monotonic() + 10
    while len(served.log_lines) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    log = served.stop()
    assert "Warning: listening on 0.0.0.0, not on loopback: anyone who can reach this machine can read the knowledge base" in log


@pytest.mark.parametrize("options", [["--cors", "example.org"], ["--cors", "https://example.org/path"], ["--public-url", "ftp://x"]])
def test_a_bad_origin_or_public_url_is_refused_in_one_line(runner, options):
    result = runner.invoke(cli, ["serve", *options])
    assert result.exit_code == 2 and result.output.startswith("Error: --") and len(result.output.splitlines()) == 1


def test_limits_hold_on_the_api_too(served_store):
    served = Served("--store", str(served_store[2]), "--max-result-bytes", "2000", "--max-request-bytes", "1000")
    try:
        status, problem = served.get_json("/queries/timeline")
        assert status == 422 and problem["detail"].startswith("The result is larger than this endpoint's limit of 2000 bytes")
        status, _, body = served.request("POST", "/query", b"x" * 2000, {"Content-Type": "application/sparql-query"})
        assert status == 413 and body == b"A request body may be at most 1000 bytes.\n"
    finally:
        served.stop()


def test_many_clients_at_once_get_every_answer(server):
    from serve_load import hammer

    report = hammer(server.url, ["/queries/actor-timeline.json?actor=Putin", "/queries/timeline.csv", "/queries", "/query?query=ASK%7B%7D"],
                    clients=8, requests_per_client=200)
    print(report.summary())
    assert report.errors == [] and report.count == 1600


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGKILL])
def test_stopping_the_server_leaves_no_engine_behind(served_store, signal_number):
    served = Served("--store", str(served_store[2]))
    children = served.children()
    assert children  # the Oxigraph engine
    # After a load the engine is replaced: the new one must be stopped as well.
    os.utime(served_store[2] / "CURRENT")
    assert served.request("GET", "/queries")[0] == 200
    assert served.request("GET", "/queries/timeline.json")[0] == 200
    children = sorted(set(children) | set(served.children()))
    os.kill(served.process.pid, signal_number)
    served.process.wait(timeout=20)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.1)
    assert not [pid for pid in children if _alive(pid)]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as status:
            return status.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_serve_answers_whole_old_or_whole_new_while_a_load_writes_into_its_folder(tmp_path):
    """`serve --store DIR` while `timeline load` replaces the graphs in DIR: every answer is
    200 and holds the graphs as they were or as they are after the load, never a mix.
    TEST DATA: 20 renamed copies of the seed's events graph, each with a label of its own."""
    import subprocess
    import sys

    kb = tmp_path / "kb"
    shutil.copytree(resolve_kb_dir(), kb)
    store = tmp_path / "store"
    assert CliRunner().invoke(cli, ["--kb", str(kb), "load", "--store", str(store)]).exit_code == 0
    events = (kb / "events" / "xi-putin-beijing-2024-05.ttl").read_text(encoding="utf-8")
    for number in range(20):
        copy = events.replace("https://timeline.example/kb/event/", f"https://timeline.example/kb/event/copy{number}-")
        copy = copy.replace('"Putin\'s state visit to China"@en', f'"COPY-{number}"@en')
        (kb / "events" / f"test-data-copy-{number}.ttl").write_text(copy, encoding="utf-8")
    served = Served("--store", str(store), kb=kb)
    try:
        load = subprocess.Popen([sys.executable, "-m", "timeline", "--kb", str(kb), "load", "--store", str(store)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seen = []
        while load.poll() is None or len(seen) < 3:
            status, _, body = served.request("GET", "/queries/timeline.json")
            assert status == 200, body[:300]
            labels = {row["label"] for row in _values(json.loads(body))}
            seen.append(sum(1 for label in labels if label.startswith("COPY-")))
            if len(seen) > 2000:
                break
        assert load.wait(timeout=120) == 0, load.stderr.read() if load.stderr else ""
        assert set(seen) <= {0, 20}, seen  # one whole state or the other
        status, _, body = served.request("GET", "/queries/timeline.json")
        assert sum(1 for row in _values(json.loads(body)) if row["label"].startswith("COPY-")) == 20
    finally:
        served.stop()


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_stopping_the_server_removes_its_temporary_store(signal_number):
    import tempfile

    served = Served()  # the knowledge base loaded into a temporary store of its own
    try:
        folders = list(Path(tempfile.gettempdir()).glob(f"timeline-serve-{served.process.pid}-*"))
        assert len(folders) == 1 and folders[0].is_dir()
        assert served.request("GET", "/queries")[0] == 200
        os.kill(served.process.pid, signal_number)
        served.process.wait(timeout=20)
    finally:
        served.stop()
    assert not folders[0].exists()
    assert served.process.returncode in (128 + signal_number, 130)
