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
