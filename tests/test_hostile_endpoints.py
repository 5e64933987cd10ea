"""SPARQL endpoints that misbehave, and credentials kept to the store's origins: a trickling or
oversized answer, a failing service, redirect loops and floods of headers are each one clear line.

Regression tests for defects found by trying timeline as an attacker would: each fails on the code
before its fix."""

from __future__ import annotations

import base64
import json

import pytest

from sparql_servers import EMPTY_RESULTS, SECRET, SELECT, empty_results, ScriptedServer
from timeline.cli import cli


# ---- credentials are scoped to the store -------------------------------------------------------


def test_store_credentials_never_go_to_a_linking_endpoint(runner, store_credentials):
    server = ScriptedServer(empty_results)
    try:
        runner.invoke(cli, ["link", "verify", "--endpoint", server.url])
    finally:
        server.stop()
    assert server.requests and all(request["authorization"] == "" for request in server.requests)


def test_store_credentials_do_not_follow_a_redirect_to_another_origin(runner, store_credentials):
    elsewhere = ScriptedServer(empty_results)
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
    from timeline.store.endpoint_access import EndpointError, EndpointSettings
    from timeline.store.sparql_client import Endpoint

    endpoint = Endpoint(EndpointSettings(f"http://127.0.0.1:{port}/sparql", timeout=1.5, max_retries=0))
    started = time.monotonic()
    with pytest.raises(EndpointError, match="did not answer within 1.5 s"):
        endpoint.results(SELECT)
    assert time.monotonic() - started < 4
    listener.close()


def test_an_answer_larger_than_the_limit_is_refused_not_read(runner):
    from timeline.store.endpoint_access import EndpointError, EndpointSettings
    from timeline.store.sparql_client import Endpoint

    big = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "literal", "value": "x" * 100}}] * 2000}}).encode()
    server = ScriptedServer(lambda index: (200, {"Content-Type": "application/sparql-results+json"}, big))
    try:
        endpoint = Endpoint(EndpointSettings(server.url, max_response_bytes=10_000))
        with pytest.raises(EndpointError, match="more than timeline reads"):
            endpoint.results(SELECT)
    finally:
        server.stop()


def test_rows_read_as_they_come_are_bounded_checked_and_the_readers_own_errors_stay_its_own():
    from timeline.store.endpoint_access import EndpointError, EndpointSettings
    from timeline.store.sparql_client import Endpoint

    rows = [{"s": {"type": "literal", "value": f"row {index}"}} for index in range(2000)]
    big = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": rows}}).encode()
    answers = {"big": (200, {"Content-Type": "application/sparql-results+json"}, big), "html": (200, {"Content-Type": "text/html"}, b"<html>no</html>")}
    server = ScriptedServer(lambda index: answers["html" if index == 2 else "big"])
    try:
        read: list[dict] = []
        with pytest.raises(EndpointError, match="answered with more than 10,000 bytes, more than timeline reads"):
            Endpoint(EndpointSettings(server.url, max_response_bytes=10_000)).read_rows(SELECT, read.append)
        assert 0 < len(read) < 2000  # rows came as they arrived, until the limit

        def refuse(row: dict) -> None:
            raise ValueError(f"the reader refuses {row['s'].value}")

        with pytest.raises(ValueError, match="the reader refuses row 0"):
            Endpoint(EndpointSettings(server.url)).read_rows(SELECT, refuse)
        with pytest.raises(EndpointError, match=r"answered with something that is not SPARQL JSON results \(Content-Type text/html: Parser error"):
            Endpoint(EndpointSettings(server.url)).read_rows(SELECT, read.append)
    finally:
        server.stop()


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
    from timeline.store.endpoint_access import EndpointSettings
    from timeline.store.sparql_client import Endpoint

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


def test_a_307_to_a_post_is_followed_with_its_body_and_without_credentials(runner, store_credentials):
    """M2: urllib follows 307 and 308 for GET only, and a POST redirected so was reported as
    "redirects in a loop or too many times"."""
    elsewhere = ScriptedServer(empty_results)
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
