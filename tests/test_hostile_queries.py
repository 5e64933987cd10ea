"""What a query may do, and how long: the read-only guard decides by lexing and tells the server what
it sends; a query nested thousands deep never reaches the engine; every query stops at its timeout
or at Ctrl-C; a user's slips are named.

Regression tests for defects found by trying timeline as an attacker would: each fails on the code
before its fix."""

from __future__ import annotations

import pytest

from sparql_servers import SELECT, empty_results, ScriptedServer
from timeline.cli import cli


# ---- the read-only guard decides by lexing, and tells the server what it sends ----------------


def test_an_update_behind_a_comment_closed_by_a_carriage_return_is_refused_before_any_request(runner):
    server = ScriptedServer(empty_results)
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
    server = ScriptedServer(empty_results)
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
    server = ScriptedServer(empty_results)
    try:
        store = ["--store", server.url] if engine_store == "remote" else []
        result = runner.invoke(cli, ["sparql", *store, deep])
    finally:
        server.stop()
    assert result.exit_code == 2
    assert result.output.startswith("Error: The query nests brackets more than 200 deep")
    assert server.requests == []


# ---- every query is bounded in time, and Ctrl-C stops it ---------------------------------------


CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_an_endless_query_on_the_embedded_store_stops_at_the_timeout(runner):
    import time

    started = time.monotonic()
    result = runner.invoke(cli, ["sparql", "--timeout", "1", CARTESIAN])
    assert time.monotonic() - started < 5
    assert result.exit_code == 2
    assert result.output == "Error: The query ran longer than 1 s and was stopped. Allow more time with --timeout, or narrow the query.\n"


@pytest.mark.slow  # a whole `timeline` process, signalled
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


def test_an_undeclared_prefix_is_named(runner):
    result = runner.invoke(cli, ["sparql", "SELECT * WHERE { ?s ex:p ?o }"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: The query uses the prefix ex: without declaring it.")


# ---- messages a user trips on -------------------------------------------------------------------


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


@pytest.mark.slow  # a whole `timeline` process
def test_tables_fit_the_terminal_and_help_summaries_are_whole():
    from timeline.rdf.model import plain_value  # noqa: F401 - the library is importable without a terminal
    from timeline.views.results import aligned

    table = aligned(["event", "label"], [["event:" + "x" * 120, "y" * 90]], max_width=80)
    assert all(len(line) <= 80 for line in table.splitlines())
    import subprocess
    import sys

    import os

    shown = subprocess.run([sys.executable, "-m", "timeline", "--help"], capture_output=True, text=True, env={**os.environ, "COLUMNS": "80"}).stdout
    commands = shown.split("Commands:", 1)[1].split("Exit codes", 1)[0]
    assert commands.strip() and "..." not in commands
