"""The build compiles only what changed, and what it writes is always byte for byte what a
full build from nothing writes: after editing one file, another source's datings, an entity,
an output by hand, or removing a file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from test_merging import _with_second_source
from timeline.curation.build import CACHE_FILE, build, stale_files
from timeline.errors import DataFileError

SEED_EVENTS = Path("events") / "xi-putin-beijing-2024-05.toml"


def _rdf_files(kb_dir: Path) -> dict[str, bytes]:
    return {str(path.relative_to(kb_dir)): path.read_bytes() for path in sorted(kb_dir.rglob("*.ttl"))}


def _as_a_full_build_writes(kb_dir: Path, tmp_path: Path) -> dict[str, bytes]:
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(kb_dir, fresh, ignore=shutil.ignore_patterns(".timeline", "*.ttl"))
    build(fresh)
    return _rdf_files(fresh)


@pytest.fixture()
def two_sources(runner, kb_copy) -> Path:
    return _with_second_source(runner, kb_copy)


def test_a_second_build_with_no_change_compiles_nothing(two_sources):
    report = build(two_sources)
    assert report.compiled == [] and report.written == [] and report.reused == 2


def test_editing_one_file_compiles_that_file_and_matches_a_full_build(two_sources, edit, tmp_path):
    edit(two_sources / "events" / "second-source.toml", 'places = ["Harbin"]', 'places = ["Harbin", "Beijing"]')
    report = build(two_sources)
    assert report.compiled == [two_sources / "events" / "second-source.ttl"] and report.reused == 1
    assert _rdf_files(two_sources) == _as_a_full_build_writes(two_sources, tmp_path)


def test_a_more_precise_dating_in_another_source_rewrites_the_owner(two_sources, edit, tmp_path):
    owner = two_sources / "events" / "xi-putin-beijing-2024-05.ttl"
    before = owner.read_bytes()
    # The second source now dates the 2023 trade to a month: its dating becomes the preferred
    # one, so the owner's file (unchanged TOML) must say the event begins in December 2023.
    edit(two_sources / "events" / "second-source.toml", 'when = "last year"', 'begin = "2023-12"')
    report = build(two_sources)
    assert owner in report.compiled and owner.read_bytes() != before
    assert _rdf_files(two_sources) == _as_a_full_build_writes(two_sources, tmp_path)


def test_an_entity_edit_recompiles_only_the_files_whose_names_it_changes(two_sources, edit, tmp_path):
    # No file names Moscow by its label: renaming it recompiles nothing, and still matches.
    edit(two_sources / "entities.toml", 'label = "Moscow"', 'label = "Moskva"')
    report = build(two_sources)
    assert report.compiled == []
    assert _rdf_files(two_sources) == _as_a_full_build_writes(two_sources, tmp_path)
    # The second source names Harbin by its label: renaming Harbin makes that name unknown.
    edit(two_sources / "entities.toml", 'label = "Harbin"', 'label = "Haerbin"')
    with pytest.raises(DataFileError, match="unknown entity 'Harbin'"):
        build(two_sources)


def test_removing_an_event_another_file_names_is_an_error_not_a_stale_file(two_sources, edit):
    edit(two_sources / "events" / "xi-putin-beijing-2024-05.toml", 'id = "china-russia-trade-2023"', 'id = "china-russia-trade-2023-renamed"')
    with pytest.raises(DataFileError, match="same-as"):
        build(two_sources)


def test_an_output_edited_by_hand_is_written_again(two_sources, tmp_path):
    output = two_sources / "events" / "second-source.ttl"
    output.write_text(output.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert stale_files(two_sources) == [output]
    report = build(two_sources)
    assert output in report.written
    assert _rdf_files(two_sources) == _as_a_full_build_writes(two_sources, tmp_path)


def test_a_removed_events_file_takes_its_rdf_with_it(two_sources):
    (two_sources / "events" / "second-source.toml").unlink()
    build(two_sources)
    assert not (two_sources / "events" / "second-source.ttl").exists()


def test_a_broken_cache_means_a_full_build(two_sources, tmp_path):
    (two_sources / CACHE_FILE).write_text("{not json", encoding="utf-8")
    report = build(two_sources)
    assert len(report.compiled) == 2
    assert _rdf_files(two_sources) == _as_a_full_build_writes(two_sources, tmp_path)


def test_a_file_that_breaks_the_rules_with_its_neighbours_is_caught(two_sources, edit):
    # Validation of the changed file sees the file it names: a second status on the owner's
    # event is a violation of the event shape only with both graphs loaded.
    edit(two_sources / "events" / "second-source.toml", 'places = ["Harbin"]', 'places = ["Harbin"]\nroles = { guest = ["beijing"] }')
    with pytest.raises(DataFileError, match="actor"):
        build(two_sources)


def test_editing_the_file_that_defines_an_event_another_source_dates_better(two_sources, edit, tmp_path):
    """The second source's dating of the 2023 trade is the preferred one. Editing the owner's
    file alone once failed the build: validated without the second source, the event had no
    preferred dating at all."""
    edit(two_sources / "events" / "second-source.toml", 'when = "last year"', 'begin = "2023-12"')
    build(two_sources)
    edit(two_sources / SEED_EVENTS, 'label = "Russian cabinet reshuffle"', 'label = "Russian government reshuffle"')
    report = build(two_sources)
    assert report.compiled == [two_sources / SEED_EVENTS.with_suffix(".ttl")]
    assert _rdf_files(two_sources) == _as_a_full_build_writes(two_sources, tmp_path)


def test_a_change_that_breaks_an_event_another_source_dates_is_still_caught(two_sources, edit):
    """The context that keeps a correct edit from a false finding does not hide a true one:
    the owner's file names a place among the better-dated event's actors."""
    edit(two_sources / "events" / "second-source.toml", 'when = "last year"', 'begin = "2023-12"')
    build(two_sources)
    trade = 'label = "China-Russia trade in 2023"\nstatus = "completed"\nroles = { party = ["china", "russia"'
    edit(two_sources / SEED_EVENTS, trade, trade + ', "beijing"')
    with pytest.raises(DataFileError, match="breaks its rules.*china-russia-trade-2023"):
        build(two_sources)


# TEST DATA: a third report, made up for this test, that dates an event of the second source
# to the day where the second gives only the month.
THIRD_TEXT = "Test data, 18 May 2024. Putin left Harbin on 17 May 2024.\n"
SECOND_SOURCE_OWN_EVENT = """
[[event]]
id = "test-visit-ends-in-harbin"
kind = "Meeting"
label = "Putin's visit ends in Harbin (test data)"
status = "completed"
roles = { guest = ["vladimir-putin"] }
places = ["harbin"]
evidence = ["ended his two-day state visit to China in Harbin"]

[[event.time]]
begin = "2024-05"
expression = "on Friday"
evidence = ["on Friday"]
"""
THIRD_EVENTS = """source = "third-source"

[[event]]
same-as = "test-visit-ends-in-harbin"
evidence = ["Putin left Harbin on 17 May 2024"]

[[event.time]]
begin = "2024-05-17"
expression = "on 17 May 2024"
evidence = ["on 17 May 2024"]
"""


def _add_third_source(runner, kb_dir: Path, tmp_path: Path) -> None:
    from timeline.cli import cli

    with (kb_dir / "events" / "second-source.toml").open("a", encoding="utf-8") as events:
        events.write(SECOND_SOURCE_OWN_EVENT)
    text = tmp_path / "third-source.txt"
    text.write_text(THIRD_TEXT, encoding="utf-8")
    added = runner.invoke(cli, ["--kb", str(kb_dir), "source", "add", str(text), "--title", "Test data report", "--published", "2024-05-18"])
    assert added.exit_code == 0, added.output
    (kb_dir / "events" / "third-source.toml").write_text(THIRD_EVENTS, encoding="utf-8")


def test_a_finding_only_a_file_loaded_as_context_holds_is_not_the_edits(two_sources, runner, edit, tmp_path):
    """Editing the seed loads the second source beside it (it names the seed's events), but not
    the third, which dates the second source's own event better. Without the third, that event
    has no preferred dating: a finding about the second source's node, which the edit did not
    touch, and which a full build does not make."""
    _add_third_source(runner, two_sources, tmp_path)
    build(two_sources)
    edit(two_sources / SEED_EVENTS, 'label = "Russian cabinet reshuffle"', 'label = "Russian government reshuffle"')
    report = build(two_sources)
    assert report.compiled == [two_sources / SEED_EVENTS.with_suffix(".ttl")]
    assert _rdf_files(two_sources) == _as_a_full_build_writes(two_sources, tmp_path)


def test_a_full_build_validated_a_file_at_a_time_writes_the_same_and_finds_the_same(two_sources, runner, edit, tmp_path, monkeypatch):
    """A full build validates its files in batches, each with what it needs beside it: batches
    of one file give the same files as one batch, and still find a planted violation."""
    from timeline.curation import compiled_validation

    _add_third_source(runner, two_sources, tmp_path)
    expected = _as_a_full_build_writes(two_sources, tmp_path)
    monkeypatch.setattr(compiled_validation, "BATCH", 1)
    assert _as_a_full_build_writes(two_sources, tmp_path) == expected
    trade = 'label = "China-Russia trade in 2023"\nstatus = "completed"\nroles = { party = ["china", "russia"'
    edit(two_sources / SEED_EVENTS, trade, trade + ', "beijing"')
    with pytest.raises(DataFileError, match="breaks its rules.*china-russia-trade-2023"):
        _as_a_full_build_writes(two_sources, tmp_path)


def test_a_full_build_loads_a_much_named_event_with_its_owner_only():
    """In a full build each event's findings are the business of the batch that defines it,
    which loads every file naming it; the batches of the files that only name it do not, so
    an event named by every source is not loaded with every batch (TEST DATA: made-up files)."""
    from timeline.curation.build_cache import FileSummary, events_of
    from timeline.validation.batches import EventIndex

    def summary(declared: dict[str, str], references: list[str]) -> FileSummary:
        return FileSummary("", [], declared, references, {}, [], [], "")

    owner = Path("events/owner.toml")
    namers = [Path(f"events/namer-{n}.toml") for n in range(5)]
    index = EventIndex(*events_of({
        owner: summary({"popular": "urn:test:popular"}, []),
        **{namer: summary({f"own-{n}": f"urn:test:own-{n}"}, ["popular"]) for n, namer in enumerate(namers)},
    }))
    everything = {owner, *namers}
    # Full build: the owner's batch answers for the event, beside every file that names it...
    assert index.context({owner}, everything) == (set(namers), {"<urn:test:popular>"})
    # ...and a namer's batch needs only the owner, and answers for its own event only.
    assert index.context({namers[0]}, everything) == ({owner}, {"<urn:test:own-0>"})
    # An edit of one namer alone (the owner not recompiled): it answers for the event too.
    assert index.context({namers[0]}, {namers[0]}) == ({owner, *namers[1:]}, {"<urn:test:own-0>", "<urn:test:popular>"})


def test_validating_a_folder_batch_by_batch_finds_what_one_store_finds(two_sources, runner, tmp_path, edit, monkeypatch):
    """`timeline validate` on a folder validates its events files a batch at a time, each beside
    what it needs (the files whose events it names, those that name its own): batches of one
    file find the same findings, in the same order, as every file in one store. One planted
    defect is in a file the build cache vouches for no longer (read to find what it names), one
    in a shared graph; the third source names the second's event. TEST DATA."""
    from timeline.cli import cli
    from timeline.curation.folder_validation import validate_folder
    from timeline.store import StoreLocation, open_store
    from timeline.validation import batches, validate

    _add_third_source(runner, two_sources, tmp_path)
    build(two_sources)
    edit(two_sources / "events" / "second-source.ttl", """rdfs:label "Putin's visit ends in Harbin (test data)"@en""",
         """rdfs:label "Putin's visit ends in Harbin (test data)"@en, "Second English label"@en""")
    edit(two_sources / "entities.ttl", 'rdfs:label "Beijing"@en', 'rdfs:label "Beijing"@en, "Peking"@en')
    in_one_store = validate(open_store(StoreLocation(kb_dir=two_sources), reads_everything=True))
    focuses = {v.focus.split()[0] for v in in_one_store}
    assert {"event:test-visit-ends-in-harbin", "entity:beijing"} <= focuses, in_one_store
    monkeypatch.setattr(batches, "BATCH", 1)
    assert validate_folder(two_sources) == in_one_store
    assert runner.invoke(cli, ["--kb", str(two_sources), "validate", "-f", "tsv"]).output.count("\n") == len(in_one_store) + 1
