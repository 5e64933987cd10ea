"""`timeline extract`: a reviewable draft from raw text, and how it compares with the events
curated by hand for the seed article (the figures are pinned: a change to the extractor that
moves them must say so)."""

import tomllib

from timeline.cli import cli
from timeline.extraction.proposals import propose, sentences

TEXT = "Putin will attend a trade expo in Harbin next October. The talks were held on 16 May 2024.\nNothing happened."


def test_the_seed_article_draft_compared_with_the_curated_events(runner):
    result = runner.invoke(cli, ["extract", "xi-putin-beijing-2024-05", "--compare"])
    assert result.output == (
        "Proposed 24 events; 21 match a curated event of the same kind; 20 of 24 curated events found, missed: "
        "putin-on-cooperation-areas-2024, putin-xi-meetings-since-2012, xi-calls-putin-old-friend-2024, "
        "xi-opening-remarks-model-relationship-2024.\n"
    )


def test_the_draft_is_an_events_file_to_review(runner):
    draft = runner.invoke(cli, ["extract", "xi-putin-beijing-2024-05"]).output
    data = tomllib.loads(draft)
    assert data["source"] == "xi-putin-beijing-2024-05"
    assert len(data["event"]) == 24
    inauguration = next(event for event in data["event"] if event["kind"] == "Inauguration")
    assert inauguration["time"] == [{"when": "earlier this month", "evidence": ["earlier this month"]}]
    assert inauguration["roles"] == {"participant": ["vladimir-putin"]}
    assert "# confidence: high (event word for Inauguration; date 'earlier this month': May 2024; 1 known actor(s))" in draft
    expo = next(event for event in data["event"] if event["kind"] == "TradeFair")
    assert expo["status"] == "planned" and "harbin" in expo["places"]


def test_proposals_carry_kind_entities_date_status_and_confidence():
    from datetime import date

    proposals = propose(TEXT, date(2024, 5, 17), {"Putin": "vladimir-putin"}, {"Harbin": "harbin"})
    assert [(p.kind, p.status, p.when, p.shown_date, p.confidence) for p in proposals] == [
        ("TradeFair", "planned", "next October", "October 2024", "high"),
        ("BilateralTalks", "completed", "16 May 2024", "16 May 2024", "medium"),
    ]
    assert proposals[0].actors == ["vladimir-putin"] and proposals[0].places == ["harbin"]
    assert TEXT[proposals[1].start : proposals[1].end] == "The talks were held on 16 May 2024."


def test_sentences_are_cut_at_their_ends_and_at_line_breaks():
    assert [TEXT[start:end] for start, end in sentences(TEXT)] == [
        "Putin will attend a trade expo in Harbin next October.", "The talks were held on 16 May 2024.", "Nothing happened.",
    ]


def test_an_unknown_source_names_the_known_ones(runner):
    result = runner.invoke(cli, ["extract", "nope"])
    assert result.exit_code == 2
    assert result.output == "Error: No source 'nope'; the sources are: reference-facts, xi-putin-beijing-2024-05.\n"
