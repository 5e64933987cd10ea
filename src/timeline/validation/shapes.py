"""The SHACL shapes of ontology/shapes.ttl, checked with pySHACL."""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from timeline.kb.layout import shapes_file
from timeline.rdf.namespaces import SH
from timeline.rdf.terms import short_value
from timeline.store.protocol import Store
from timeline.validation.findings import Violation


def shape_violations(store: Store) -> list[Violation]:
    from pyshacl import validate as shacl_validate

    data = Graph(bind_namespaces="none")
    for subject, predicate, obj, _ in store.quads():
        data.add((subject, predicate, obj))
    shapes = Graph(bind_namespaces="none")
    shapes.parse(shapes_file(), format="turtle")
    _, report, _ = shacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=False)
    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = _node_shape(report.value(result, SH.sourceShape), shapes)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        focus_node = report.value(result, SH.focusNode)
        where = short_value(focus_node)
        if path is not None:
            where += f" {short_value(path)}"
        component = report.value(result, SH.sourceConstraintComponent)
        violations.append(Violation(
            f"shape {str(shape).rsplit('#', 1)[-1] if shape is not None else '(property shape)'}", where,
            str(message or "violates the shape"), focus_node=focus_node, path=path if isinstance(path, URIRef) else None,
            value=report.value(result, SH.value), source=shape,
            component=component if isinstance(component, URIRef) else None,
            severity=_severity(report.value(result, SH.resultSeverity)),
        ))
    return sorted(violations, key=lambda v: (v.rule, v.focus, v.message))


def _node_shape(shape: Node | None, shapes: Graph) -> URIRef | None:
    """The named node shape a result comes from: a property shape is a blank node inside one."""
    while isinstance(shape, BNode):
        shape = shapes.value(None, SH.property, shape)
    return shape if isinstance(shape, URIRef) else None


def _severity(value: Node | None) -> URIRef:
    return value if isinstance(value, URIRef) else SH.Violation
