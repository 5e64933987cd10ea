"""What a newcomer meets first: suggestions for a mistyped command or name, help that shows
only the options a command uses, output that fits the terminal, and messages that say what to do."""

from __future__ import annotations

import pytest

from timeline.cli import cli
from timeline.views.events import event_views
from timeline.views.terminal import render_timeline


@pytest.mark.parametrize(("arguments", "suggestion"), [
    (["qeury"], "Did you mean 'query'?"),
    (["valdiate"], "'validate'"),
    (["link", "verfy"], "Did you mean 'verify'?"),
    (["query", "actor-timeline", "-p", "actor", "Puttin"], "Did you mean 'Putin'?"),
    (["query", "after", "-p", "event", "putin-fifth-inaguration-2024"], "Did you mean 'putin-fifth-inauguration-2024'?"),
])
def test_a_mistyped_command_or_name_gets_the_nearest(runner, arguments, suggestion):
    result = runner.invoke(cli, arguments)
    assert result.exit_code == 2
    assert suggestion in result.output


def test_a_name_near_nothing_gets_no_suggestion(runner):
    result = runner.invoke(cli, ["query", "after", "-p", "event", "zzzzzz"])
    assert result.exit_code == 2 and "Did you mean" not in result.output


@pytest.mark.parametrize(("command", "shown", "hidden"), [
    (["show"], ["--store", "--timeout"], ["--update-url", "--graph-store-url", "linking endpoint"]),
    (["query"], ["--store"], ["--update-url", "--graph-store-url"]),
    (["load"], ["--store", "--update-url", "--graph-store-url"], ["linking endpoint"]),
    (["export"], ["--graph-store-url", "another is an error"], ["--update-url", "else turtle"]),
    (["serve"], ["--store PATH "], ["PATH|URL", "--update-url"]),
    (["link", "suggest"], ["linking endpoint", "Wikidata's query service"], ["--target"]),
    (["link", "dbpedia"], ["DBpedia's query service"], ["--target"]),
    (["link", "verify"], ["--target"], ["--update-url"]),
])
def test_help_shows_the_options_a_command_uses_and_no_others(runner, command, shown, hidden):
    text = runner.invoke(cli, [*command, "--help"], terminal_width=200).output
    for option in shown:
        assert option in text, option
    for option in hidden:
        assert option not in text, option


def test_the_timeline_fits_the_terminal_and_a_pipe_keeps_whole_lines(seed_store):
    events = event_views(seed_store, with_evidence=False)
    whole = render_timeline(events)
    narrow = render_timeline(events, 64)
    assert max(len(line) for line in whole.splitlines()) > 64
    assert max(len(line) for line in narrow.splitlines()) <= 64
    assert narrow.split() == whole.split()  # the same words, none cut
    assert "Putin to…”" in whole and "Beijin…" not in whole  # a title is cut between words


def test_counts_agree_with_their_nouns(runner, tmp_path):
    assert runner.invoke(cli, ["init", "--empty", str(tmp_path / "kb")]).exit_code == 0
    assert runner.invoke(cli, ["--kb", str(tmp_path / "kb"), "show"]).output.startswith("0 events from 0 sources")
    text = tmp_path / "report.txt"
    text.write_text("Leaders met in Paris on Monday.\n", encoding="utf-8")
    runner.invoke(cli, ["--kb", str(tmp_path / "kb"), "source", "add", str(text), "--title", "T", "--published", "2024-05-06"])
    events_file = tmp_path / "kb" / "events" / "report.toml"
    events_file.write_text(events_file.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    built = runner.invoke(cli, ["--kb", str(tmp_path / "kb"), "build"])
    assert "Compiled 1 events file; 0 unchanged since the last build were not compiled again." in built.output


@pytest.mark.parametrize("published", ["12/03/2025", "2025-03", "May 2024"])
def test_a_publication_date_that_is_not_a_day_gets_one_explanation(runner, tmp_path, published):
    assert runner.invoke(cli, ["init", "--empty", str(tmp_path / "kb")]).exit_code == 0
    text = tmp_path / "report.txt"
    text.write_text("Leaders met in Paris on Monday.\n", encoding="utf-8")
    result = runner.invoke(cli, ["--kb", str(tmp_path / "kb"), "source", "add", str(text), "--title", "T", "--published", published])
    assert result.exit_code == 2
    assert result.output == f"Error: --published {published!r} is not a day: give it as YYYY-MM-DD (relative dates in the text are read against it).\n"


def test_parameter_messages_read_plainly(runner):
    no_parameters = runner.invoke(cli, ["query", "entities", "-p", "x", "y"])
    assert "has no parameter 'x'; it takes none." in no_parameters.output
    missing = runner.invoke(cli, ["query", "events-between", "-p", "from", "2024"])
    assert "needs -p to VALUE: the last day of the period (YYYY, YYYY-MM or YYYY-MM-DD)." in missing.output


def test_an_empty_query_on_standard_input_is_called_empty(runner):
    result = runner.invoke(cli, ["sparql", "-"], input="  \n")
    assert result.exit_code == 2 and "Standard input is empty: give a SPARQL query." in result.output


def test_a_federated_query_that_cannot_reach_its_endpoint_names_it(runner):
    result = runner.invoke(cli, ["sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } } LIMIT 1"])
    assert result.exit_code == 2
    assert "while asking http://127.0.0.1:9/sparql (its SERVICE clause)" in result.output
