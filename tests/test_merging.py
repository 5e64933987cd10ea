"""A second source about the same events (a short test text written for these tests, not a
real report): its words and dates join the events the first source defines, and where the
two disagree (a trade figure) both values stand, each with its source."""

import shutil
from pathlib import Path

from timeline.curation.build import build
from timeline.catalog import run, stored_queries
from timeline.cli import cli
from timeline.rdf.model import plain_value
from timeline.store import StoreLocation, open_store
from timeline.validation import validate

FIXTURE = Path(__file__).parent / "fixtures" / "second-source.txt"

SECOND_EVENTS = '''source = "second-source"

[[event]]
same-as = "putin-state-visit-china-2024"
places = ["Harbin"]
evidence = ["ended his two-day state visit to China in Harbin on Friday"]

[[event.time]]
begin = "2024-05-16"
end = "2024-05-17"
expression = "two-day state visit ... on Friday"
resolution = "Friday is the report's own date, 17 May 2024, and the visit lasted two days: 16-17 May 2024."
evidence = ["two-day state visit", "on Friday"]

[[event]]
same-as = "china-russia-trade-2023"
evidence = ["Russian officials put last year's bilateral trade at US$227.8 billion"]

[[event.time]]
when = "last year"
evidence = ["last year's"]

[[event.figure]]
amount = "227800000000"
currency = "USD"
basis = "Russian officials, as the second source reports them"
evidence = ["US$227.8 billion"]
'''


def _with_second_source(runner, kb_copy: Path) -> Path:
    text = kb_copy.parent / "second-source.txt"
    shutil.copy(FIXTURE, text)
    result = runner.invoke(cli, ["--kb", str(kb_copy), "source", "add", str(text), "--title", "Test wire report",
                                 "--published", "2024-05-17"])
    assert result.exit_code == 0, result.output
    (kb_copy / "events" / "second-source.toml").write_text(SECOND_EVENTS, encoding="utf-8")
    build(kb_copy)
    return kb_copy


def test_an_event_reported_by_two_sources_is_one_event_with_evidence_from_both(runner, kb_copy):
    store = open_store(StoreLocation(kb_dir=_with_second_source(runner, kb_copy)))
    rows = run(stored_queries().get("evidence"), {"event": "putin-state-visit-china-2024"}, store).records()
    by_source = {(plain_value(row["source"]), plain_value(row["about"])) for row in rows}
    assert ("Test wire report", "event") in by_source
    assert ("Xi welcomes ‘old friend’ Putin to Beijing, affirms strength of China-Russia bond", "event") in by_source
    datings = [row for row in run(stored_queries().get("datings"), {}, store).records() if plain_value(row["event"]).endswith("putin-state-visit-china-2024")]
    assert {(plain_value(r["sourceTitle"]), plain_value(r["begin"]), plain_value(r["preferred"])) for r in datings} == {
        # Equally precise: the tie goes to the defining file's first dating.
        ("Reference facts for the seed article", "2024-05-16", "true"),
        ("Test wire report", "2024-05-16", "false"),
    }
    assert run(stored_queries().get("timeline"), {}, store).table.__len__() == 24
    assert validate(store) == []


def test_conflicting_figures_stand_side_by_side_each_with_its_source(runner, kb_copy):
    store = open_store(StoreLocation(kb_dir=_with_second_source(runner, kb_copy)))
    rows = run(stored_queries().get("trade-volume"), {}, store).records()
    figures_2023 = sorted((plain_value(r["amount"]), plain_value(r["source"])) for r in rows if plain_value(r["period"]) == "2023")
    assert figures_2023 == [
        ("227800000000", "Reference facts for the seed article"),
        ("227800000000", "Test wire report"),
        ("240000000000", "Xi welcomes ‘old friend’ Putin to Beijing, affirms strength of China-Russia bond"),
        ("240100000000", "Reference facts for the seed article"),
    ]


def test_a_second_definition_of_the_same_id_says_to_use_same_as(runner, kb_copy):
    import pytest

    from timeline.errors import DataFileError

    _with_second_source(runner, kb_copy)
    (kb_copy / "events" / "second-source.toml").write_text(
        SECOND_EVENTS.replace('same-as = "china-russia-trade-2023"', 'id = "china-russia-trade-2023"'), encoding="utf-8"
    )
    with pytest.raises(DataFileError) as caught:
        build(kb_copy)
    assert str(caught.value) == (
        "kb/events/xi-putin-beijing-2024-05.toml:422: 'china-russia-trade-2023', field 'id': kb/events/second-source.toml "
        "defines this event too. Define an event in one file; in the other source's file, write "
        '`same-as = "china-russia-trade-2023"` instead of `id`'
    )
