"""The engine behind `timeline serve` never blocks on its own log (D3 of the hardening issue):
its standard error is read all the time, into the serve log at a bounded rate."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import urllib.parse

from sparql_servers import Served
from timeline.serve.upstream import EngineLog


def test_the_engine_log_is_drained_to_its_end_and_written_at_a_bounded_rate():
    writer = subprocess.Popen([sys.executable, "-c", "import sys\nfor i in range(20000): sys.stderr.write(f'line {i} ' + 'x' * 100 + '\\n')"],
                              stderr=subprocess.PIPE)
    assert writer.stderr is not None
    log = io.StringIO()
    engine_log = EngineLog(writer.stderr, log, per_minute=10)
    # 2 MB through a 64 KiB pipe: the writer ends only if every line is read.
    assert writer.wait(timeout=60) == 0
    assert engine_log.tail().endswith("line 19999 " + "x" * 100)
    assert log.getvalue().count("\n") == 10
    assert log.getvalue().startswith("Oxigraph: line 0 ")


def test_a_closed_or_broken_log_does_not_stop_the_draining():
    writer = subprocess.Popen([sys.executable, "-c", "import sys\nfor i in range(5000): sys.stderr.write('y' * 100 + '\\n')"],
                              stderr=subprocess.PIPE)
    assert writer.stderr is not None
    closed = io.StringIO()
    closed.close()
    EngineLog(writer.stderr, closed)
    assert writer.wait(timeout=60) == 0


def test_serve_keeps_answering_after_its_engine_has_logged_far_more_than_a_pipe_holds(tmp_path):
    """Each failing SERVICE call writes a line of some 120 bytes to the engine's standard error
    (port 9 is refused by Oxigraph itself, so nothing leaves the machine); 800 of them are
    half again what a pipe holds. Before the fix the engine then blocked in `write`, and every
    later request waited for the timeout."""
    served = Served("--allow-service", timeout=10)
    try:
        query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
        body = urllib.parse.urlencode({"query": query}).encode()
        for _ in range(800):
            served.request("POST", "/query", body, {"Content-Type": "application/x-www-form-urlencoded"})
        started = time.monotonic()
        status, _, _ = served.request("GET", "/query?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}),
                                      headers={"Accept": "application/sparql-results+json"})
        assert status == 200
        assert time.monotonic() - started < 5
    finally:
        log = served.stop()
    assert "Oxigraph: " in log


# ---- the minor findings of the hardening issue --------------------------------------------------


def test_a_trailing_slash_redirects_to_a_path_never_to_the_clients_host():
    """M1: Starlette built the Location from the Host header (`Host: evil.example`)."""
    served = Served(timeout=10)
    try:
        status, headers, _ = served.request("GET", "/queries/timeline/?actor=x", headers={"Host": "evil.example"})
        assert status == 307 and headers["location"] == "/queries/timeline?actor=x"
        status, headers, _ = served.request("GET", "//evil.example/", headers={"Host": "evil.example"})
        assert status == 307 and headers["location"] == "/evil.example"  # one slash: a path, not a host
    finally:
        served.stop()


def test_a_trailing_slash_redirect_uses_the_public_url_when_one_is_given():
    served = Served("--public-url", "https://kb.example.org/timeline", timeout=10)
    try:
        status, headers, _ = served.request("GET", "/queries/", headers={"Host": "evil.example"})
        assert status == 307 and headers["location"] == "https://kb.example.org/timeline/queries"
    finally:
        served.stop()


def test_an_engine_error_in_the_middle_of_an_answer_is_a_502_not_a_truncated_200():
    """M4: the engine has sent its 200 when a SERVICE fails, and appends the error to the partial
    body; serve passed that on as a 200 with broken JSON."""
    served = Served("--allow-service", timeout=10)
    try:
        query = "SELECT * WHERE { BIND(1 AS ?x) SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
        for accept in ("application/sparql-results+json", "text/csv", "text/tab-separated-values", "application/sparql-results+xml"):
            status, _, body = served.request("GET", "/query?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})
            assert status == 502, (accept, body)
            assert b"failed while writing the answer" in body
        status, _, _ = served.request("GET", "/query?" + urllib.parse.urlencode({"query": "SELECT * WHERE { BIND(1 AS ?x) }"}),
                                      headers={"Accept": "text/csv"})
        assert status == 200
    finally:
        log = served.stop()
    assert "The engine failed while writing an answer" in log
