"""The compiler from curated TOML to RDF: the seed compiles to the committed files, the same
input gives the same bytes, and every mistake is reported with file, line and field while
nothing is written."""

from pathlib import Path

import pytest

from timeline.curation.build import build, compile_kb, stale_files
from timeline.curation.vocabulary import load_ontology
from timeline.errors import DataFileError

from conftest import REPOSITORY

EVENTS = Path("events") / "xi-putin-beijing-2024-05.toml"


def test_the_committed_rdf_is_what_the_curated_toml_compiles_to():
    assert stale_files(REPOSITORY / "kb") == []


def test_compiling_twice_gives_the_same_bytes():
    first = {path.name: text for path, text in compile_kb(REPOSITORY / "kb", load_ontology()).items()}
    second = {path.name: text for path, text in compile_kb(REPOSITORY / "kb", load_ontology()).items()}
    assert first == second


def test_the_written_turtle_declares_only_the_project_prefixes(kb_copy):
    build(kb_copy)
    text = (kb_copy / "events" / "xi-putin-beijing-2024-05.ttl").read_text(encoding="utf-8")
    assert "@prefix ns1:" not in text and "_:" not in text
    assert "@prefix event: <https://timeline.example/kb/event/> ." in text


def _error_for(kb_copy: Path, edit, relative: Path, old: str, new: str) -> str:
    edit(kb_copy / relative, old, new)
    before = {path: path.read_bytes() for path in kb_copy.rglob("*.ttl")}
    with pytest.raises(DataFileError) as caught:
        build(kb_copy)
    assert {path: path.read_bytes() for path in kb_copy.rglob("*.ttl")} == before, "a failed build wrote files"
    return str(caught.value)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'evidence = ["will attend a bilateral trade expo"]',
            'evidence = ["will attend a bilateral trade fair"]',
            "kb/events/xi-putin-beijing-2024-05.toml:128: 'russia-china-expo-harbin-2024', field 'evidence': "
            "in source 'xi-putin-beijing-2024-05': 'will attend a bilateral trade fair' is not in the text; "
            "the nearest passage is 'will attend a bilateral trade expo'",
        ),
        (
            '    "he said",\n',
            '    "said",\n',
            None,
        ),
        (
            'roles = { attendee = ["vladimir-putin"] }\nplaces = ["harbin"]\nevidence = ["will attend',
            'roles = { attendee = ["vladimir-puttin"] }\nplaces = ["harbin"]\nevidence = ["will attend',
            "kb/events/xi-putin-beijing-2024-05.toml:128: 'russia-china-expo-harbin-2024', field 'roles': "
            "unknown entity 'vladimir-puttin': add it to entities.toml first",
        ),
        (
            'begin = "2024-05-17"\nend = "2024-05-21"',
            'begin = "2024-05-17"\nend = "21 May 2024"',
            "kb/events/xi-putin-beijing-2024-05.toml:128: 'russia-china-expo-harbin-2024', field 'time.end': "
            "'21 May 2024' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (for example 2022, 2024-05, 2024-05-16)",
        ),
        (
            'kind = "TradeFair"',
            'kind = "Fair"',
            "kb/events/xi-putin-beijing-2024-05.toml:128: 'russia-china-expo-harbin-2024', field 'kind': "
            "`kind` must name an event class of the ontology",
        ),
        (
            'status = "planned"\npart-of = ["putin-state-visit-china-2024"]\nroles = { attendee',
            'status = "expected"\npart-of = ["putin-state-visit-china-2024"]\nroles = { attendee',
            "kb/events/xi-putin-beijing-2024-05.toml:128: 'russia-china-expo-harbin-2024', field 'status': "
            "`status` must be one of completed, ongoing, planned; found 'expected'",
        ),
        (
            'id = "russia-china-expo-harbin-2024"\n',
            'id = "russia-china-expo-harbin-2024"\nvenue = "Harbin"\n',
            "kb/events/xi-putin-beijing-2024-05.toml:128: 'russia-china-expo-harbin-2024', field 'venue': unknown field 'venue'",
        ),
        (
            'source = "xi-putin-beijing-2024-05"\n',
            'source = "xi-putin-beijing-2024-05"\n[[event]\n',
            "kb/events/xi-putin-beijing-2024-05.toml:12:8: not valid TOML: Expected ']]' at the end of an array declaration",
        ),
    ],
)
def test_a_mistake_in_an_events_file_names_file_line_and_field_and_writes_nothing(kb_copy, edit, old, new, message):
    error = _error_for(kb_copy, edit, EVENTS, old, new)
    if message is None:
        assert error.startswith(
            "kb/events/xi-putin-beijing-2024-05.toml:229: 'putin-on-choosing-china-2024', field 'evidence': "
            "in source 'xi-putin-beijing-2024-05': 'said' occurs 3 times in the text ('…"
        ), error
    else:
        assert error.startswith(message), error


def test_a_malformed_wikidata_link_is_refused(kb_copy, edit):
    error = _error_for(kb_copy, edit, Path("links.toml"), 'vladimir-putin = "Q7747"', 'vladimir-putin = "7747"')
    assert error == "kb/links.toml:25: 'vladimir-putin', field 'wikidata': a Wikidata link must be an item id such as \"Q7747\"; found '7747'"


def test_a_link_for_an_unknown_id_is_refused(kb_copy, edit):
    error = _error_for(kb_copy, edit, Path("links.toml"), 'xinhua = "Q204839"', 'xinhua = "Q204839"\nlenin = "Q1394"')
    assert error == "kb/links.toml:28: 'lenin', field 'wikidata': 'lenin' is no entity or event of the knowledge base"


def test_a_source_whose_text_file_is_missing_is_refused(kb_copy, edit):
    error = _error_for(kb_copy, edit, Path("sources.toml"), 'file = "reference-facts.md"', 'file = "missing.md"')
    assert error == "kb/sources.toml:19: 'reference-facts', field 'file': no file 'missing.md' in kb/sources/"


NO_KB_TO_WRITE = ("Error: Give the knowledge base folder to write to with --kb DIR (a folder with sources.toml), or run the command "
                  "inside it; `timeline init DIR` makes a new one.\n")


def test_the_build_command_refuses_to_write_into_an_installed_package_without_kb(runner, monkeypatch):
    from timeline.cli import cli

    import timeline.resources

    monkeypatch.delenv("TIMELINE_KB", raising=False)
    monkeypatch.setattr(timeline.resources, "checkout_kb_dir", lambda: None)  # as when installed
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 2
    assert result.output == NO_KB_TO_WRITE


def test_writes_from_outside_any_knowledge_base_never_land_in_the_checkout(runner, monkeypatch, tmp_path):
    """D10: with an editable install, `source add` and `build` from any folder wrote into the
    checkout's kb/."""
    from timeline.cli import cli
    from timeline.resources import kb_dir

    monkeypatch.delenv("TIMELINE_KB", raising=False)
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "report.txt"
    report.write_text("TEST DATA. A report written for this test.\n", encoding="utf-8")
    before = {path: path.stat().st_mtime_ns for path in kb_dir().rglob("*")}
    for arguments in (["source", "add", str(report), "--title", "x", "--published", "2025-03-12"], ["build"]):
        result = runner.invoke(cli, arguments)
        assert result.exit_code == 2
        assert result.output == NO_KB_TO_WRITE
    assert {path: path.stat().st_mtime_ns for path in kb_dir().rglob("*")} == before


def test_a_build_that_breaks_the_rules_writes_nothing(kb_copy, edit):
    # Compiles, but a planned event dated before its source's date breaks a check.
    before = {path: path.read_bytes() for path in kb_copy.rglob("*.ttl")}
    edit(kb_copy / EVENTS, 'begin = "2024-05-17"\nend = "2024-05-21"', 'begin = "2024-05-10"\nend = "2024-05-21"')
    with pytest.raises(DataFileError) as caught:
        build(kb_copy)
    assert str(caught.value).startswith(
        "kb: the compiled knowledge base breaks its rules, so nothing was written: event:russia-china-expo-harbin-2024: "
        "Events a source calls planned that begin on or before that source's reference date"
    )
    assert {path: path.read_bytes() for path in kb_copy.rglob("*.ttl")} == before


def test_a_build_keeps_its_compiled_outputs_on_disk_and_leaves_no_folder_behind(kb_copy, edit, monkeypatch):
    """A build keeps each compiled graph in a private folder in .timeline until it writes or
    drops it, not in memory; it removes its folder after, whether it wrote or refused, and the
    folder a killed build left (its process gone), but not one a build under way keeps."""
    import os
    import stat

    from timeline.curation import compiled_outputs

    work = kb_copy / ".timeline"
    work.mkdir(exist_ok=True)
    dead = work / "timeline-build-4194399-left"  # above Linux's highest process id: no such process
    alive = work / f"timeline-build-{os.getpid()}-running"
    dead.mkdir()
    alive.mkdir()
    seen: list[tuple[Path, int, int]] = []  # the folder, its mode, and its files less the outputs held
    writing = compiled_outputs.CompiledOutputs.__setitem__

    def spy(self, output, packed):
        writing(self, output, packed)
        folder = self._folder
        seen.append((folder, stat.S_IMODE(folder.stat().st_mode), len(list(folder.iterdir())) - len(self)))

    monkeypatch.setattr(compiled_outputs.CompiledOutputs, "__setitem__", spy)
    (kb_copy / "events" / "xi-putin-beijing-2024-05.ttl").unlink()
    build(kb_copy)
    folder, mode, _ = seen[0]
    assert folder.parent == work and mode == 0o700 and {files for _, _, files in seen} == {0}  # a file per output, on disk
    assert not folder.exists() and not dead.exists() and alive.exists()
    edit(kb_copy / "events" / "xi-putin-beijing-2024-05.toml", 'label = "Putin\'s state visit to China"\n', "")
    with pytest.raises(DataFileError):
        build(kb_copy)
    assert not seen[-1][0].exists()
    assert sorted(path.name for path in work.glob("timeline-build-*")) == [alive.name]
