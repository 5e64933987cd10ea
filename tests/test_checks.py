"""Every check query finds nothing on the seed data, and finds the defect it is for when one
is planted in a copy of the knowledge base: no check that cannot fail."""

from pathlib import Path

import pytest

from timeline.catalog import checks, run
from timeline.kb.layout import KbFile, kb_files
from timeline.rdf.prefixes import graph_name
from timeline.store import StoreLocation, open_store
from timeline.store.embedded import EmbeddedStore

EVENTS = Path("events") / "xi-putin-beijing-2024-05.ttl"
CHECKS = checks()


@pytest.mark.parametrize("name", sorted(CHECKS.queries))
def test_the_check_finds_nothing_on_the_seed_data(name, seed_store):
    assert run(CHECKS.get(name), {}, seed_store).table == []


DEFECTS = {
    "event-without-evidence": ("oa:hasBody event:xi-welcomes-putin-2024 ;", "oa:hasBody event:nowhere ;", "event:xi-welcomes-putin-2024"),
    "annotation-offsets-mismatch": ("oa:start 1618 .", "oa:start 1619 .", "area:artificial-intelligence/evidence/1"),
    "event-without-actor": ("    sem:hasActor entity:vladimir-putin, entity:xinhua ;\n", "", "event:xinhua-interview-putin-2024"),
    "event-ends-before-it-begins": ('sem:hasEndTimeStamp "2024-05-21"^^xsd:date ;', 'sem:hasEndTimeStamp "2024-05-01"^^xsd:date ;', "event:russia-china-expo-harbin-2024"),
    "preferred-dating-not-unique": ('tl:dateExpression "in 2022"@en ;\n    tl:isPreferredTime false .', 'tl:dateExpression "in 2022"@en ;\n    tl:isPreferredTime true .', "event:no-limits-partnership-2022"),
    "planned-event-in-the-past": ('sem:hasBeginTimeStamp "2024-05-17"^^xsd:date ;\n    sem:hasEndTimeStamp "2024-05-21"', 'sem:hasBeginTimeStamp "2024-05-11"^^xsd:date ;\n    sem:hasEndTimeStamp "2024-05-21"', "event:russia-china-expo-harbin-2024"),
    "quote-not-in-evidence": ('tl:quote "old friend" ;', 'tl:quote "best friend" ;', "event:xi-calls-putin-old-friend-2024"),
    "malformed-external-link": ("owl:sameAs wd:Q110999040 .", "owl:sameAs <https://www.wikidata.org/wiki/Q110999040> .", "event:russian-invasion-of-ukraine"),
    "sub-event-cycle": ("    tl:closelyFollows event:xi-european-tour-2024 ;\n", "    sem:subEventOf event:beijing-talks-2024 ;\n", "event:beijing-talks-2024"),
    "untyped-actor-or-place": ("sem:hasActor entity:vladimir-putin, entity:xinhua ;", "sem:hasActor entity:vladimir-putin, entity:nobody ;", "event:xinhua-interview-putin-2024"),
}


def test_every_check_has_a_planted_defect():
    assert sorted([*DEFECTS, "ontology-term-undocumented"]) == sorted(CHECKS.queries)


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_the_check_finds_its_planted_defect(name, kb_copy, edit):
    from timeline.rdf.model import short_value

    old, new, expected_focus = DEFECTS[name]
    edit(kb_copy / (Path("links.ttl") if name == "malformed-external-link" else EVENTS), old, new)
    rows = run(CHECKS.get(name), {}, open_store(StoreLocation(kb_dir=kb_copy))).records()
    focuses = [short_value(next(iter(row.values()))) for row in rows]
    assert expected_focus in focuses


def test_the_ontology_check_finds_a_term_without_a_comment(tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://timeline.example/ontology#Rally> a owl:Class ; rdfs:label "rally"@en .\n',
        encoding="utf-8",
    )
    from timeline.kb.layout import resolve_kb_dir

    store = EmbeddedStore()
    store.load_files(kb_files(resolve_kb_dir()) + [KbFile(extra, graph_name("extra"), "ontology")])
    rows = run(CHECKS.get("ontology-term-undocumented"), {}, store).records()
    assert [row["term"].value for row in rows] == ["https://timeline.example/ontology#Rally"]


def test_a_plan_known_to_the_month_of_the_report_is_still_to_come(kb_copy, edit):
    """"next week" in the month of the report: a planned event whose begin is known to that
    month is no defect; one known to an earlier month is."""
    from timeline.rdf.model import short_value

    expo = "event:russia-china-expo-harbin-2024"

    def flagged() -> bool:
        rows = run(CHECKS.get("planned-event-in-the-past"), {}, open_store(StoreLocation(kb_dir=kb_copy))).records()
        return expo in [short_value(next(iter(row.values()))) for row in rows]

    edit(kb_copy / EVENTS, 'sem:hasBeginTimeStamp "2024-05-17"^^xsd:date ;', 'sem:hasBeginTimeStamp "2024-05-01"^^xsd:date ;')
    attends = "tl:endPrecision time:unitDay ;\n    tl:hasAttendee entity:vladimir-putin ;\n    tl:status tl:planned"
    edit(kb_copy / EVENTS, f"tl:beginPrecision time:unitDay ;\n    {attends}", f"tl:beginPrecision time:unitMonth ;\n    {attends}")
    assert not flagged()
    edit(kb_copy / EVENTS, 'sem:hasBeginTimeStamp "2024-05-01"^^xsd:date ;', 'sem:hasBeginTimeStamp "2024-04-01"^^xsd:date ;')
    assert flagged()
