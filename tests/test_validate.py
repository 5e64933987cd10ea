"""`timeline validate`: SHACL shapes and check queries together."""

from pathlib import Path

from timeline.store import StoreLocation, open_store
from timeline.validation import Violation, shape_violations, validate

EVENTS = Path("events") / "xi-putin-beijing-2024-05.ttl"


def test_the_seed_knowledge_base_is_valid(seed_store):
    assert validate(seed_store) == []


def test_an_event_without_a_label_violates_the_event_shape(kb_copy, edit):
    edit(kb_copy / EVENTS, "    rdfs:label \"Putin's state visit to China\"@en ;\n", "")
    assert shape_violations(open_store(StoreLocation(kb_dir=kb_copy))) == [
        Violation("shape EventShape", "event:putin-state-visit-china-2024 rdfs:label", "An event needs one English label.")
    ]


def test_a_link_that_is_not_a_wikidata_entity_violates_the_entity_shape(kb_copy, edit):
    edit(kb_copy / "links.ttl", "owl:sameAs wd:Q7747 .", "owl:sameAs <https://www.wikidata.org/wiki/Q7747> .")
    violations = validate(open_store(StoreLocation(kb_dir=kb_copy)))
    assert Violation(
        "shape EntityShape",
        "entity:vladimir-putin owl:sameAs",
        "owl:sameAs must point at a Wikidata entity (http://www.wikidata.org/entity/Q...) or a DBpedia resource (http://dbpedia.org/resource/...).",
    ) in violations
    assert any(v.rule == "check malformed-external-link" for v in violations)


def test_an_event_with_no_evidence_is_caught_by_shape_and_check(kb_copy, edit):
    edit(kb_copy / EVENTS, "oa:hasBody event:xi-welcomes-putin-2024 ;", "oa:hasBody event:nowhere ;")
    rules = {v.rule for v in validate(open_store(StoreLocation(kb_dir=kb_copy))) if v.focus.startswith("event:xi-welcomes-putin-2024")}
    assert rules == {"shape EventShape", "check event-without-evidence"}
