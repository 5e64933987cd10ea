"""Validating the knowledge base: the SHACL shapes of ontology/shapes.ttl (timeline.validation.shapes),
then the check queries of queries/checks/ (timeline.validation.checks), each of which must
return no rows; and the findings as a SHACL validation report in RDF (timeline.validation.report)."""

from __future__ import annotations

from timeline.store.protocol import Store
from timeline.validation.checks import check_violations
from timeline.validation.findings import Violation
from timeline.validation.shapes import shape_violations

__all__ = ["Violation", "check_violations", "shape_violations", "validate"]


def validate(store: Store) -> list[Violation]:
    """Every violation of the shapes and the checks, in a stable order."""
    return shape_violations(store) + check_violations(store)
