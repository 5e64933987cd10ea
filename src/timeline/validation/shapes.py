"""The SHACL shapes of ontology/shapes.ttl: checked by the SPARQL validator (timeline.validation.shacl_sparql),
with pySHACL kept as the reference it is tested against."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from timeline.kb.layout import shapes_file
from timeline.rdf.model import NamedNode, Term, named, short_value
from timeline.store.protocol import Store
from timeline.store.terms import to_oxigraph, triple_from_oxigraph
from timeline.validation.findings import Violation


def shape_violations(store: Store, progress: Callable[[int, int], None] = lambda done, total: None) -> list[Violation]:
    """The violations of the shapes, compiled to SPARQL and run on the store's own engine."""
    from timeline.validation.shacl_sparql import sparql_shape_violations

    return sparql_shape_violations(store, shapes_file(), progress)


def pyshacl_report(store: Store) -> tuple[Graph, Graph]:
    """pySHACL's validation report of the store's union graph: the reference the SPARQL
    validator is tested against (it copies every quad into rdflib, so it suits small data).
    With the shapes graph its results' blank-node property shapes belong to."""
    from pyshacl import validate as shacl_validate

    data = Graph(bind_namespaces="none")
    for quad in store.quads():
        data.add(triple_from_oxigraph(quad))
    shapes = Graph(bind_namespaces="none")
    shapes.parse(shapes_file(), format="turtle")
    _, report, _ = shacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=False)
    return report, shapes


def pyshacl_violations(store: Store) -> list[Violation]:
    """The violations pySHACL finds, as findings."""
    report, shapes = pyshacl_report(store)
    violations = []
    details = set(report.objects(None, SH.detail))
    for result in set(report.subjects(RDF.type, SH.ValidationResult)) - details:
        shape = _node_shape(report.value(result, SH.sourceShape), shapes)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        focus_node = report.value(result, SH.focusNode)
        where = short_value(_term(focus_node))
        if path is not None:
            where += f" {short_value(_term(path))}"
        component = report.value(result, SH.sourceConstraintComponent)
        violations.append(Violation(
            f"shape {str(shape).rsplit('#', 1)[-1] if shape is not None else '(property shape)'}", where,
            str(message or "violates the shape"), focus_node=_term(focus_node), path=_iri(path), value=_term(report.value(result, SH.value)),
            source=_iri(shape), component=_iri(component), severity=_iri(report.value(result, SH.resultSeverity)) or named("sh:Violation"),
        ))
    return sorted(violations, key=lambda v: (v.rule, v.focus, v.message))


def _node_shape(shape: Node | None, shapes: Graph) -> URIRef | None:
    """The named node shape a result comes from: a property shape is a blank node inside one."""
    while isinstance(shape, BNode):
        shape = shapes.value(None, SH.property, shape)
    return shape if isinstance(shape, URIRef) else None


def _term(node: Node | None) -> Term | None:
    """A term of pySHACL's report as a finding's term (Oxigraph's)."""
    return None if node is None else to_oxigraph(node)


def _iri(node: Node | None) -> NamedNode | None:
    """An IRI of pySHACL's report as a finding's term; anything else as none."""
    return NamedNode(str(node)) if isinstance(node, URIRef) else None
