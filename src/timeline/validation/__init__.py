"""Validating the knowledge base: the SHACL shapes of ontology/shapes.ttl (timeline.validation.shapes),
then the check queries of queries/checks/ (timeline.validation.checks), each of which must
return no rows; and the findings as a SHACL validation report in RDF (timeline.validation.report)."""

from __future__ import annotations

from collections.abc import Callable

from timeline.store.protocol import Store
from timeline.validation.checks import check_violations
from timeline.validation.findings import Violation, in_report_order
from timeline.validation.shapes import shape_violations

__all__ = ["Violation", "check_violations", "shape_violations", "validate"]


def validate(store: Store, progress: Callable[[int, int], None] = lambda done, total: None) -> list[Violation]:
    """Every violation of the shapes and the checks, in report order (findings.in_report_order).
    `progress` hears of each query run: (done, total)."""
    from timeline.catalog import checks

    check_count = len(checks().queries)
    shape_count = [0]

    def shapes_done(done: int, total: int) -> None:
        shape_count[0] = total
        progress(done, total + check_count)

    shapes = shape_violations(store, shapes_done)
    found = check_violations(store, lambda done, total: progress(shape_count[0] + done, shape_count[0] + total))
    return in_report_order(shapes + found)
