"""Knowledge base folders for people: init, source add, the folder a command works on, and
entities named by label, alias or Wikidata id in the authoring files."""

import tomllib
from pathlib import Path

import pytest

from timeline.curation.build import build
from timeline.cli import cli
from timeline.errors import DataFileError

EVENTS = Path("events") / "xi-putin-beijing-2024-05.toml"
REPORT = "Putin arrived in Harbin on Friday.\nHe toured the expo.\n"


def test_init_copies_the_seed_and_commands_inside_use_it(runner, tmp_path, monkeypatch):
    monkeypatch.delenv("TIMELINE_KB", raising=False)
    result = runner.invoke(cli, ["init", str(tmp_path / "mine")])
    assert result.exit_code == 0, result.output
    assert result.output == f"Created the knowledge base {tmp_path / 'mine'} (4 RDF files). Work in it: cd {tmp_path / 'mine'}\n"
    mine = tmp_path / "mine"
    assert sorted(p.name for p in mine.iterdir()) == [
        ".gitignore", ".timeline", "entities.toml", "entities.ttl", "events", "links.toml", "links.ttl", "sources", "sources.toml", "sources.ttl"
    ]
    (mine / "entities.toml").write_text((mine / "entities.toml").read_text().replace('label = "Moscow"', 'label = "Moskva"'))
    (mine / "events").joinpath("deep").mkdir()
    monkeypatch.chdir(mine / "events" / "deep")  # inside the folder, however deep
    assert runner.invoke(cli, ["build"]).exit_code == 0
    assert "Moskva" in runner.invoke(cli, ["query", "entities", "-f", "csv"]).output


def test_init_empty_gives_a_valid_empty_knowledge_base(runner, tmp_path):
    assert runner.invoke(cli, ["init", str(tmp_path / "blank"), "--empty"]).exit_code == 0
    shown = runner.invoke(cli, ["--kb", str(tmp_path / "blank"), "show"])
    assert shown.output.startswith("0 events from 0 sources")
    assert runner.invoke(cli, ["--kb", str(tmp_path / "blank"), "validate"]).exit_code == 0


def test_init_never_overwrites(runner, tmp_path):
    assert runner.invoke(cli, ["init", str(tmp_path / "mine")]).exit_code == 0
    again = runner.invoke(cli, ["init", str(tmp_path / "mine")])
    assert (again.exit_code, again.output) == (2, f"Error: {tmp_path / 'mine'} is a knowledge base already; nothing was changed.\n")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    crowded = runner.invoke(cli, ["init", str(tmp_path / "full")])
    assert crowded.output == f"Error: {tmp_path / 'full'} is not empty; give a new or empty folder.\n"


def test_source_add_keeps_the_text_byte_for_byte_and_starts_its_events_file(runner, kb_copy, tmp_path):
    text = tmp_path / "harbin-arrival.txt"
    text.write_bytes(REPORT.encode("utf-8"))
    result = runner.invoke(cli, ["--kb", str(kb_copy), "source", "add", str(text), "--title", "Putin arrives in Harbin",
                                 "--published", "2024-05-17", "--publisher", "Test Wire"])
    assert result.exit_code == 0, result.output
    assert (kb_copy / "sources" / "harbin-arrival.txt").read_bytes() == REPORT.encode("utf-8")
    added = tomllib.loads((kb_copy / "sources.toml").read_text())["source"][-1]
    assert added == {
        "id": "harbin-arrival", "file": "harbin-arrival.txt", "title": "Putin arrives in Harbin", "reference-date": "2024-05-17",
        "reference-date-basis": "Stated: the publication date given when the source was added.", "publisher": "Test Wire",
    }
    assert tomllib.loads((kb_copy / "events" / "harbin-arrival.toml").read_text()) == {"source": "harbin-arrival"}
    titles = runner.invoke(cli, ["--kb", str(kb_copy), "sparql", "-f", "csv", "SELECT ?t WHERE { source:harbin-arrival dcterms:title ?t }"])
    assert titles.stdout_bytes == b"t\r\nPutin arrives in Harbin\r\n"


@pytest.mark.parametrize(
    ("arguments", "content", "message"),
    [
        (["--published", "May 2024"], REPORT.encode(), "Error: --published 'May 2024' is not a day: give it as YYYY-MM-DD"),
        (["--published", "2024-05"], REPORT.encode(), "Error: --published '2024-05' is not a day: give it as YYYY-MM-DD"),
        (["--published", "2024-05-17"], b"\xff\xfe not utf-8", "is not UTF-8 text (byte 0); convert it to UTF-8 first."),
        (["--published", "2024-05-17", "--id", "xi-putin-beijing-2024-05"], REPORT.encode(), "Error: A source 'xi-putin-beijing-2024-05' exists already"),
    ],
)
def test_a_bad_source_is_refused_and_nothing_is_written(runner, kb_copy, tmp_path, arguments, content, message):
    text = tmp_path / "report.txt"
    text.write_bytes(content)
    before = {path: path.read_bytes() for path in kb_copy.rglob("*") if path.is_file()}
    result = runner.invoke(cli, ["--kb", str(kb_copy), "source", "add", str(text), "--title", "T", *arguments])
    assert result.exit_code == 2
    assert message in result.output
    assert {path: path.read_bytes() for path in kb_copy.rglob("*") if path.is_file()} == before


def test_entities_can_be_named_by_label_alias_or_wikidata_id(kb_copy, edit):
    compiled = (kb_copy / "events" / "xi-putin-beijing-2024-05.ttl").read_bytes()
    edit(kb_copy / EVENTS, 'roles = { guest = ["vladimir-putin"], host = ["xi-jinping"] }\nplaces = ["beijing", "harbin"]',
         'roles = { guest = ["Putin"], host = ["Q15031"] }\nplaces = ["BEIJING", "harbin"]')
    build(kb_copy)
    assert (kb_copy / "events" / "xi-putin-beijing-2024-05.ttl").read_bytes() == compiled


def test_an_ambiguous_or_unknown_name_is_an_error(kb_copy, edit):
    entities = kb_copy / "entities.toml"
    entities.write_text(entities.read_text() + '\n[[entity]]\nid = "lyudmila-putina"\nkind = "person"\nlabel = "Lyudmila Putina"\naliases = ["Putin"]\n')
    edit(kb_copy / EVENTS, 'roles = { guest = ["vladimir-putin"], host = ["xi-jinping"] }', 'roles = { guest = ["Putin"], host = ["xi-jinping"] }')
    with pytest.raises(DataFileError, match="'Putin' may be any of lyudmila-putina, vladimir-putin: use the id"):
        build(kb_copy)
    edit(kb_copy / EVENTS, 'roles = { guest = ["Putin"], host = ["xi-jinping"] }', 'roles = { guest = ["Putin V."], host = ["xi-jinping"] }')
    with pytest.raises(DataFileError, match="unknown entity 'Putin V.': add it to entities.toml first"):
        build(kb_copy)
