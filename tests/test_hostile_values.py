"""Dates are ASCII ISO dates and periods run forwards; formats come from the file name, fit the result,
and are typed where JSON has types.

Regression tests for defects found by trying timeline as an attacker would: each fails on the code
before its fix."""

from __future__ import annotations

import json

import pytest

from timeline.cli import cli


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
