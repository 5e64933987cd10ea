"""`timeline serve` under hostile requests: SERVICE only where the operator allows it, an engine that
dies started again, malformed and half-open requests answered or closed at once.

Regression tests for defects found by trying timeline as an attacker would: each fails on the code
before its fix."""

from __future__ import annotations

import pytest

from sparql_servers import empty_results, ScriptedServer, Served
from timeline.cli import cli


pytestmark = pytest.mark.servers  # each test starts `timeline serve`


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
    target = ScriptedServer(empty_results)
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


def test_serve_on_a_folder_that_is_not_a_store_says_so_in_one_line(runner, tmp_path, kb_copy):
    for folder, state in ((tmp_path / "missing", "does not exist"), (kb_copy, "is not a store")):
        result = runner.invoke(cli, ["serve", "--store", str(folder)])
        assert result.exit_code == 2
        assert result.output == f"Error: {folder} {state}: give a store folder written by `timeline load --store {folder}`, or leave out --store.\n"
