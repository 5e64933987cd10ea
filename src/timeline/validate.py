"""Validating the knowledge base: the SHACL shapes of ontology/shapes.ttl, then the check
queries of queries/checks/, each of which must return no rows."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import RDF

from timeline.catalog import checks, run
from timeline.knowledge_base import shapes_file
from timeline.namespaces import SH
from timeline.results import short_value
from timeline.store import Store


@dataclass(frozen=True)
class Violation:
    """One problem: which rule found it (a shape or a check query), where, and what."""

    rule: str
    focus: str
    message: str


def validate(store: Store) -> list[Violation]:
    """Every violation of the shapes and the checks, in a stable order."""
    return shape_violations(store) + check_violations(store)


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
        shape = report.value(result, SH.sourceShape)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        where = short_value(report.value(result, SH.focusNode))
        if path is not None:
            where += f" {short_value(path)}"
        violations.append(Violation(f"shape {_shape_name(shape, shapes)}", where, str(message or "violates the shape")))
    return sorted(violations, key=lambda v: (v.rule, v.focus, v.message))


def _shape_name(shape: object, shapes: Graph) -> str:
    """A property shape is a blank node; name the node shape that holds it."""
    from rdflib import BNode

    if isinstance(shape, BNode):
        parent = shapes.value(None, SH.property, shape)
        return _shape_name(parent, shapes) if parent is not None else "(property shape)"
    return str(shape).rsplit("#", 1)[-1]


def check_violations(store: Store) -> list[Violation]:
    violations = []
    for name, query in checks().queries.items():
        result = run(query, {}, store)
        for row in result.rows:
            focus = short_value(row.get(result.variables[0]))
            details = ", ".join(f"{key}={short_value(value)}" for key, value in list(row.items())[1:] if value is not None)
            violations.append(Violation(f"check {name}", focus, f"{query.summary} {details}".strip()))
    return violations
