"""`timeline validate`: SHACL shapes and check queries together."""

from pathlib import Path

import pytest

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


def _report(runner, kb_dir, output_format):
    from timeline.cli import cli

    return runner.invoke(cli, ["--kb", str(kb_dir), "validate", "--format", output_format])


def test_the_validation_report_of_a_valid_knowledge_base_conforms(runner, kb_copy):
    from rdflib import Graph, Literal
    from rdflib.namespace import SH

    result = _report(runner, kb_copy, "turtle")
    assert result.exit_code == 0
    report = Graph().parse(data=result.output, format="turtle")
    assert set(report.objects(None, SH.conforms)) == {Literal(True)}
    assert not list(report.subjects(None, SH.ValidationResult))


@pytest.mark.parametrize("output_format, parser", [("turtle", "turtle"), ("jsonld", "json-ld")])
def test_the_validation_report_is_shacl_rdf_with_the_same_bytes_every_run(runner, kb_copy, edit, output_format, parser):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SH

    edit(kb_copy / EVENTS, "    rdfs:label \"Putin's state visit to China\"@en ;\n", "")
    edit(kb_copy / EVENTS, "oa:hasBody event:xi-welcomes-putin-2024 ;", "oa:hasBody event:nowhere ;")
    first, second = _report(runner, kb_copy, output_format), _report(runner, kb_copy, output_format)
    assert first.exit_code == 1 and first.output == second.output
    report = Graph().parse(data=first.output, format=parser)
    assert set(report.objects(None, SH.conforms)) == {Literal(False)}
    results = set(report.subjects(RDF.type, SH.ValidationResult))
    assert results and all(isinstance(node, URIRef) for node in results)
    label = next(r for r in results if report.value(r, SH.resultPath) == URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
    assert report.value(label, SH.focusNode) == URIRef("https://timeline.example/kb/event/putin-state-visit-china-2024")
    assert report.value(label, SH.sourceShape) == URIRef("https://timeline.example/shapes#EventShape")
    assert report.value(label, SH.resultSeverity) == SH.Violation
    check = next(r for r in results if report.value(r, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent)
    constraint = report.value(check, SH.sourceConstraint)
    assert (constraint, RDF.type, SH.SPARQLConstraint) in report
    assert "SELECT" in str(report.value(constraint, SH.select))


def test_the_report_lists_the_same_findings_as_the_table(runner, kb_copy, edit):
    import json

    from rdflib import Graph
    from rdflib.namespace import RDF, SH

    edit(kb_copy / EVENTS, "oa:hasBody event:xi-welcomes-putin-2024 ;", "oa:hasBody event:nowhere ;")
    rows = json.loads(_report(runner, kb_copy, "json").output)
    report = Graph().parse(data=_report(runner, kb_copy, "turtle").output, format="turtle")
    assert len(rows) == len(set(report.subjects(RDF.type, SH.ValidationResult))) > 0
    assert {row["message"] for row in rows} == {str(m) for m in report.objects(None, SH.resultMessage)}


def test_a_batch_loads_the_sources_its_files_name_and_those_they_name():
    """Validating a batch of events files loads, of the sources graph, the sources the batch's
    graphs name, the sources those name in turn, and every blank node's statements; not the
    rest (TEST DATA: made-up sources)."""
    from timeline.rdf.model import NamedNode
    from timeline.store import open_scratch_store
    from timeline.validation.batches import CitedSources

    sources = NamedNode("urn:test:graph:sources")
    text = (
        '<urn:test:a> <urn:test:title> "A\u2028still A" .\n'
        "<urn:test:a> <urn:test:basedOn> <urn:test:b> .\n"
        '<urn:test:b> <urn:test:title> "B" .\n'
        '<urn:test:c> <urn:test:title> "C" .\n'
        '_:publisher <urn:test:name> "someone" .\n'
    )
    store = open_scratch_store()
    store.replace_graph(NamedNode("urn:test:graph:events"), "<urn:test:event> <urn:test:citing> <urn:test:a> .\n")
    CitedSources(sources, text).write_cited(store)
    held = {(quad.subject.value, quad.object.value) for quad in store.quads([sources])}
    assert ("urn:test:a", "A\u2028still A") in held and ("urn:test:b", "B") in held
    assert not any(subject == "urn:test:c" for subject, _ in held)
    assert any(obj == "someone" for _, obj in held)
