"""The command line: exact output and messages, exit codes, formats, and every help text's
example run for real."""

import csv
import io
import json
import re
import shutil
import subprocess
import sys

import pytest

from timeline import __version__
from timeline.cli import cli
from timeline.kb.layout import resolve_kb_dir

from conftest import REPOSITORY

COMMANDS = cli.list_commands(None)
# `timeline serve` runs until stopped: tests/test_remote.py runs its example in a subprocess.
FINITE_COMMANDS = [command for command in COMMANDS if command != "serve"]


def test_the_clis_own_name_lists_match_the_library():
    # cli.py keeps copies so that `timeline --help` imports no RDF library; they must agree.
    from timeline import cli as cli_module
    from timeline.store.transfer import RDF_FORMATS as EXPORT_FORMATS
    from timeline.views.event_exports import VIEW_FORMATS
    from timeline.kb.layout import PARTS
    from timeline.views.results import FORMATS

    assert cli_module.ROW_FORMATS == FORMATS
    assert cli_module.EXPORT_FORMATS == EXPORT_FORMATS + VIEW_FORMATS
    assert cli_module.PARTS == PARTS
    from timeline.cli.kb_commands import REPORT_FORMATS as CLI_REPORT_FORMATS
    from timeline.validation.report import REPORT_FORMATS

    assert CLI_REPORT_FORMATS == REPORT_FORMATS


def test_every_command_module_registers_exactly_the_commands_the_lazy_group_names():
    """The group imports a command's module when the command is asked for (COMMAND_MODULES):
    every module of timeline.cli must register exactly the commands the table gives it."""
    import importlib
    import pkgutil

    from timeline import cli as cli_package
    from timeline.cli.app import COMMAND_MODULES

    for module in pkgutil.iter_modules(cli_package.__path__):
        importlib.import_module(f"timeline.cli.{module.name}")
    assert set(cli.commands) == set(COMMAND_MODULES)
    assert {name: command.callback.__module__ for name, command in cli.commands.items()} == {
        name: f"timeline.cli.{module}" for name, module in COMMAND_MODULES.items()
    }


def test_a_stored_query_imports_no_other_commands_module():
    from fresh_process import run_timeline

    _, modules = run_timeline(["query", "actor-timeline", "-p", "actor", "Putin", "-f", "tsv"])
    assert sorted(name for name in modules if name.startswith("timeline.cli.")) == ["timeline.cli.app", "timeline.cli.query_commands"]


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.output == f"timeline, version {__version__}\n"


def test_python_dash_m_runs_the_same_command():
    result = subprocess.run([sys.executable, "-m", "timeline", "--help"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("Usage: timeline [OPTIONS] COMMAND [ARGS]...")


@pytest.mark.parametrize("command", FINITE_COMMANDS)
def test_every_command_has_help_ending_with_a_runnable_example(command, runner, tmp_path, monkeypatch):
    help_text = runner.invoke(cli, [command, "-h"]).output
    examples = re.findall(r"^\s+(timeline .+)$", help_text.split("Example", 1)[1], flags=re.MULTILINE)
    assert examples, f"`timeline {command} --help` shows no example"
    shutil.copytree(resolve_kb_dir(), tmp_path / "kb")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TIMELINE_KB", raising=False)
    for example in examples:
        import shlex

        result = runner.invoke(cli, shlex.split(example)[1:])
        assert result.exit_code == 0, f"{example}: {result.output}"


def test_every_command_is_in_the_readme():
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"timeline {command}" in readme or f"timeline --kb kb {command}" in readme, command


def test_show_prints_the_timeline_at_the_precision_of_its_evidence(runner):
    lines = runner.invoke(cli, ["show"]).output.splitlines()
    assert lines[0] == "24 events from 2 sources, dated at the precision the evidence supports"
    assert 'also dated 2022 ("in 2022") by “Xi welcomes ‘old friend’ Putin to…”' in "\n".join(lines)
    assert "2012 – 16 May 2024        Putin and Xi have met more than 40 times since 2012  [ongoing]" in lines
    assert "17–21 May 2024            Russia-China Expo in Harbin  [planned]" in lines
    assert "from 24 February 2022     Russian invasion of Ukraine  [ongoing]" in lines


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["query", "nope"], "Error: No stored query named 'nope'. Run `timeline queries` to list them.\n"),
        (
            ["query", "actor-timeline"],
            "Error: Query 'actor-timeline' needs -p actor VALUE: the actor, as a label, an id, an IRI or a Wikidata id. "
            "Example: timeline query actor-timeline -p actor Putin\n",
        ),
        (
            ["query", "actor-timeline", "-p", "actor", "Xi", "-p", "actor", "Putin"],
            "Error: Parameter 'actor' is given twice; give it once.\n",
        ),
        (
            ["query", "actor-timeline", "-p", "person", "Xi"],
            "Error: Query 'actor-timeline' has no parameter 'person'; its parameters are: actor.\n",
        ),
        (
            ["query", "events-between", "-p", "from", "May 2024", "-p", "to", "2024"],
            "Error: Parameter 'from': 'May 2024' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (for example 2022, 2024-05, 2024-05-16).\n",
        ),
        (
            ["query", "actor-timeline", "-p", "actor", 'x" } ; DROP ALL ; #'],
            "Error: No entity matches 'x\" } ; DROP ALL ; #' for parameter 'actor'. Run `timeline query entities` to see them.\n",
        ),
        (
            ["sparql", "DROP ALL"],
            "Error: This is a SPARQL update (DROP), and `timeline` only reads here: nothing was changed. "
            "To change the knowledge base, edit its TOML files and run `timeline build`.\n",
        ),
    ],
)
def test_user_errors_print_one_line_and_exit_2(arguments, message, runner):
    result = runner.invoke(cli, arguments)
    assert (result.exit_code, result.output) == (2, message)


def test_a_broken_turtle_file_is_named_with_line_and_column(runner, kb_copy):
    events = kb_copy / "events" / "xi-putin-beijing-2024-05.ttl"
    events.write_text(events.read_text(encoding="utf-8").replace("tl:status tl:ongoing .", "tl:status tl:ongoing", 1), encoding="utf-8")
    result = runner.invoke(cli, ["--kb", str(kb_copy), "show"])
    assert result.exit_code == 2
    assert re.match(rf"Error: {re.escape(str(events))}:\d+:\d+: not valid Turtle: ", result.output), result.output
    assert "Traceback" not in result.output


def test_rows_come_in_the_w3c_formats(runner):
    arguments = ["query", "meetings-between", "-p", "actor", "Putin", "-p", "other", "Xi"]
    document = json.loads(runner.invoke(cli, [*arguments, "--format", "json"]).output)
    assert document["head"]["vars"] == ["event", "begin", "end", "label", "kind", "place"]
    first = document["results"]["bindings"][0]
    assert first["event"] == {"type": "uri", "value": "https://timeline.example/kb/event/putin-xi-meetings-since-2012"}
    assert first["label"] == {"type": "literal", "value": "Putin and Xi have met more than 40 times since 2012", "xml:lang": "en"}
    assert "place" not in first
    rows = list(csv.reader(io.StringIO(runner.invoke(cli, [*arguments, "--format", "csv"]).output)))
    assert rows[0] == ["event", "begin", "end", "label", "kind", "place"] and len(rows) == 7
    tsv = runner.invoke(cli, [*arguments, "--format", "tsv"]).output.splitlines()
    assert tsv[0] == "?event\t?begin\t?end\t?label\t?kind\t?place"
    assert tsv[1].startswith('<https://timeline.example/kb/event/putin-xi-meetings-since-2012>\t"2012"\t"2024-05-16"\t')
    jsonl = [json.loads(line) for line in runner.invoke(cli, [*arguments, "--format", "jsonl"]).output.splitlines()]
    assert jsonl[0]["begin"] == "2012" and jsonl[0]["place"] is None


def test_a_table_ends_with_its_row_count(runner):
    output = runner.invoke(cli, ["query", "before", "-p", "event", "russian-invasion-of-ukraine"]).output
    assert output.splitlines()[-1] == "(2 rows)"
    assert output.splitlines()[2].split() == ["event:china-russia-trade-2020", "2020", "2020", "China-Russia", "trade", "in", "2020", "dates"]


def test_sparql_reads_a_file_or_standard_input(runner, tmp_path):
    query = "SELECT (COUNT(?e) AS ?events) WHERE { ?e a sem:Event }"
    (tmp_path / "count.rq").write_text(query, encoding="utf-8")
    # W3C CSV results end lines with CRLF (RFC 4180); CliRunner's .output folds them, the bytes do not.
    assert runner.invoke(cli, ["sparql", str(tmp_path / "count.rq"), "-f", "csv"]).stdout_bytes == b"events\r\n24\r\n"
    assert runner.invoke(cli, ["sparql", "-", "-f", "csv"], input=query).stdout_bytes == b"events\r\n24\r\n"
    assert runner.invoke(cli, ["sparql", "ASK { event:russian-invasion-of-ukraine owl:sameAs wd:Q110999040 }"]).output == "true\n"


def test_validate_says_valid_and_exits_0(runner):
    result = runner.invoke(cli, ["validate"])
    assert (result.exit_code, result.output) == (0, "Valid: the knowledge base satisfies the SHACL shapes and all 11 checks.\n")


def test_validate_lists_violations_and_exits_1(runner, kb_copy, edit):
    edit(kb_copy / "events" / "xi-putin-beijing-2024-05.ttl", 'tl:quote "old friend" ;', 'tl:quote "best friend" ;')
    result = runner.invoke(cli, ["--kb", str(kb_copy), "validate", "--format", "csv"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "rule,focus,message",
        "check quote-not-in-evidence,event:xi-calls-putin-old-friend-2024,Statements whose quote is not among the exact "
        "words of their own evidence. quote=best friend",
    ]


def test_export_to_a_file_reports_what_it_wrote(runner, tmp_path):
    target = tmp_path / "kb.nq"
    result = runner.invoke(cli, ["export", "--format", "nquads", "-o", str(target)])
    assert result.exit_code == 0 and result.output == f"Wrote {target} (nquads).\n"
    assert len(target.read_text(encoding="utf-8").splitlines()) == 2962


def test_build_check_reports_a_stale_file_and_exits_1(runner, kb_copy, edit):
    edit(kb_copy / "entities.toml", 'label = "Harbin"', 'label = "Harbin City"')
    result = runner.invoke(cli, ["--kb", str(kb_copy), "build", "--check"])
    assert result.exit_code == 1
    assert result.output == f"Out of date: {kb_copy / 'entities.ttl'}\nRun `timeline build` to rewrite them.\n"
    assert runner.invoke(cli, ["--kb", str(kb_copy), "build"]).exit_code == 0
    assert runner.invoke(cli, ["--kb", str(kb_copy), "build", "--check"]).exit_code == 0
    output = runner.invoke(cli, ["--kb", str(kb_copy), "query", "entities", "-f", "csv"]).output
    assert "Harbin City" in output


def _reference(runner) -> str:
    """docs/cli.md: the --help text of the group and of every command."""
    parts = ["# `timeline` command reference", "", "Generated from `--help` by tests/test_cli.py; do not edit by hand.", ""]
    import click

    commands = [[command] for command in COMMANDS]
    for command in COMMANDS:
        group = cli.get_command(None, command)
        if isinstance(group, click.Group):
            commands += [[command, sub] for sub in sorted(group.commands)]
    for arguments in [[]] + sorted(commands):
        title = " ".join(["timeline", *arguments])
        text = runner.invoke(cli, [*arguments, "--help"], prog_name="timeline", terminal_width=100).output
        parts += [f"## {title}", "", "```text", text.rstrip(), "```", ""]
    return "\n".join(parts)


def test_the_cli_reference_is_what_help_prints(runner):
    reference = REPOSITORY / "docs" / "cli.md"
    text = _reference(runner)
    if __import__("os").environ.get("TIMELINE_UPDATE_EXPECTED"):
        reference.write_text(text, encoding="utf-8")
    assert reference.read_text(encoding="utf-8") == text


def test_timeline_queries_as_json_is_plain_objects_not_sparql_results(runner):
    import json

    listed = json.loads(runner.invoke(cli, ["queries", "-f", "json"]).output)
    assert listed[0] == {
        "name": "actor-timeline",
        "parameters": "actor (entity)",
        "summary": "Every event of one actor in date order, with the actor's role in it.",
    }
    assert all(set(entry) == {"name", "parameters", "summary"} for entry in listed)
