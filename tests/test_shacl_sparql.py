"""The shapes compiled to SPARQL find what pySHACL finds: the same focus node, path,
constraint component and value, on a defect planted for every component the shapes use."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from timeline.kb.layout import shapes_file
from timeline.rdf.prefixes import shortened
from timeline.store import StoreLocation, open_store
from timeline.validation.shacl_sparql import sparql_shape_violations
from timeline.validation.shapes import pyshacl_report

# TEST DATA: defects planted beside the seed, one or more for each constraint component.
PLANTED = """
@prefix entity: <https://timeline.example/kb/entity/> .
@prefix event: <https://timeline.example/kb/event/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix source: <https://timeline.example/kb/source/> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix tl: <https://timeline.example/ontology#> .
@prefix x: <https://timeline.example/kb/planted/> .

event:xi-welcomes-putin-2024 tl:status tl:ongoing ; sem:hasActor entity:beijing .
event:planted-1 a sem:Event, tl:Meeting ; rdfs:label "Planted one"@fr, "Planted"@en, "Again"@en ;
    tl:status tl:unknown ; sem:hasBeginTimeStamp "2024-05-16" ; tl:beginPrecision time:unitWeek ;
    sem:hasEndTimeStamp "2024-05-17"^^<http://www.w3.org/2001/XMLSchema#date> ; sem:subEventOf entity:harbin .
event:planted-2 a sem:Event ; rdfs:label "Planted two"@en .
entity:harbin rdfs:label "Harbin again"@en ; owl:sameAs <http://example.org/harbin>, "Harbin" .
x:annotation a oa:Annotation ; oa:hasBody event:planted-2, event:planted-1 ; oa:hasTarget x:target .
x:target oa:hasSource source:xi-putin-beijing-2024-05, entity:harbin ; oa:hasSelector x:quote, x:quote-2 .
x:quote a oa:TextQuoteSelector ; oa:exact "" ; oa:prefix "a", "b" .
x:quote-2 a oa:TextQuoteSelector ; oa:exact "Xi" .
x:position a oa:TextPositionSelector ; oa:start -1, 3 ; oa:end "ten" .
x:interval a time:Interval ; time:hasBeginning x:instant ; tl:isPreferredTime "yes" ; prov:wasDerivedFrom entity:harbin .
x:instant a time:Instant ; time:inDateTime x:description .
x:description time:year "2024" .
x:claim a tl:Claim .
x:annotation-2 a oa:Annotation ; oa:hasBody event:planted-2 ; oa:hasTarget x:target-2 .
x:target-2 oa:hasSource source:xi-putin-beijing-2024-05 ; oa:hasSelector x:quote-2, x:quote-3, x:position-2 .
x:quote-3 a oa:TextQuoteSelector ; oa:exact "Putin" .
x:position-2 a oa:TextPositionSelector ; oa:start 0 ; oa:end 2 .
x:statement a tl:Statement ; tl:quote "one", "two" .
""".replace("prov:wasDerivedFrom", "<http://www.w3.org/ns/prov#wasDerivedFrom>")


def _path_text(graph: Graph, path) -> str:
    if isinstance(path, URIRef):
        return shortened(str(path))
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + shortened(str(inverse))
    return "/".join(shortened(str(step)) for step in Collection(graph, path))


def _node_shape(shapes: Graph, shape):
    while isinstance(shape, BNode):
        shape = shapes.value(None, SH.property, shape)
    return shape


def _value(component, value):
    # Count components name no single value; pySHACL sometimes adds one, SPARQL never does.
    counting = ("MinCount", "MaxCount", "QualifiedMinCount", "QualifiedMaxCount", "UniqueLang")
    return None if any(str(component).endswith(f"#{name}ConstraintComponent") for name in counting) else value


@pytest.fixture(scope="module")
def planted_store(tmp_path_factory):
    import shutil

    from timeline.kb.layout import resolve_kb_dir

    kb_dir = tmp_path_factory.mktemp("planted") / "kb"
    shutil.copytree(resolve_kb_dir(), kb_dir)
    (kb_dir / "events" / "planted-defects.ttl").write_text(PLANTED, encoding="utf-8")
    return open_store(StoreLocation(kb_dir=kb_dir))


def _pyshacl_findings(store) -> set[tuple]:
    report, shapes = pyshacl_report(store)
    found = set()
    # Results under sh:detail explain a sh:node failure; the failure itself is the finding.
    details = set(report.objects(None, SH.detail))
    for result in set(report.subjects(RDF.type, SH.ValidationResult)) - details:
        component = report.value(result, SH.sourceConstraintComponent)
        found.add((
            _node_shape(shapes, report.value(result, SH.sourceShape)), report.value(result, SH.focusNode),
            _path_text(report, report.value(result, SH.resultPath)), component, _value(component, report.value(result, SH.value)),
        ))
    return found


def _sparql_findings(store) -> set[tuple]:
    """The findings' terms (Oxigraph's) as rdflib terms, as pySHACL's report has them."""
    from timeline.store.terms import from_oxigraph

    def rdflib_term(term):
        return None if term is None else from_oxigraph(term)

    return {
        (rdflib_term(v.source), rdflib_term(v.focus_node), v.focus.split(" ", 1)[1], rdflib_term(v.component),
         _value(v.component, rdflib_term(v.value)))
        for v in sparql_shape_violations(store, shapes_file())
    }


def test_the_planted_defects_break_every_component_the_shapes_use(planted_store):
    components = {finding[3] for finding in _pyshacl_findings(planted_store)}
    used = {SH[f"{name}ConstraintComponent"] for name in (
        "MinCount", "MaxCount", "Class", "Datatype", "In", "LanguageIn", "UniqueLang", "Pattern", "NodeKind",
        "MinLength", "MinInclusive", "QualifiedMinCount", "Node",
    )}
    assert used <= components


def test_a_qualified_max_count_alone_breaks_the_node_shape_that_holds_it(planted_store):
    # TargetShape has no target of its own: its sh:qualifiedMaxCount is reached through the
    # annotation's sh:node, and x:target-2 breaks nothing else (two quote selectors).
    target_2 = URIRef("https://timeline.example/kb/planted/target-2")
    for findings in (_sparql_findings(planted_store), _pyshacl_findings(planted_store)):
        assert any(f[3] == SH.NodeConstraintComponent and f[4] == target_2 for f in findings)


def test_the_sparql_validator_finds_exactly_what_pyshacl_finds(planted_store):
    assert _sparql_findings(planted_store) == _pyshacl_findings(planted_store)


def test_both_find_nothing_in_the_seed(seed_store):
    assert _sparql_findings(seed_store) == _pyshacl_findings(seed_store) == set()


@pytest.mark.slow  # every planted defect through pySHACL too (11 s): left out by make test-fast
def test_the_sparql_validator_gives_the_same_findings_on_rdflib(planted_store, tmp_path):
    from timeline.kb.layout import resolve_kb_dir

    import shutil

    kb_dir = tmp_path / "kb"
    shutil.copytree(resolve_kb_dir(), kb_dir)
    (kb_dir / "events" / "planted-defects.ttl").write_text(PLANTED, encoding="utf-8")
    assert _sparql_findings(open_store(StoreLocation(kb_dir=kb_dir), engine="rdflib")) == _sparql_findings(planted_store)


def test_a_shape_with_an_unsupported_feature_is_an_error_not_a_skipped_check(tmp_path, seed_store):
    from timeline.errors import DataFileError

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<https://x/S> a sh:NodeShape ; sh:targetClass <https://x/C> ; sh:property [ sh:path <https://x/p> ; sh:hasValue 1 ] .\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="sh:hasValue"):
        sparql_shape_violations(seed_store, Path(shapes))


@pytest.mark.parametrize(("prop", "complaint"), [
    ("sh:path <https://x/p> ; sh:in _:loop", "not a well-formed RDF list"),
    ("sh:path <https://x/p> ; sh:in [ rdf:first 1 ]", "not a well-formed RDF list"),
    ("sh:path [ sh:zeroOrMorePath <https://x/p> ]", "a property path must be an IRI"),
    ("sh:path <https://x/p> ; sh:class \"C\"", "give its IRI"),
    ("sh:path <https://x/p> ; sh:minCount \"one\"", "give a whole number"),
])
def test_a_malformed_shape_is_an_error_that_names_what_to_fix(tmp_path, seed_store, prop, complaint):
    """The shapes are read as Oxigraph terms: an RDF list that loops or stops short, a path the
    compiler cannot write, a literal where a class is named and a count that is no number are errors, not tracebacks."""
    from timeline.errors import DataFileError

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        "_:loop rdf:first 1 ; rdf:rest _:loop .\n"
        f"<https://x/S> a sh:NodeShape ; sh:targetClass <https://x/C> ; sh:property [ {prop} ] .\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=complaint):
        sparql_shape_violations(seed_store, Path(shapes))
