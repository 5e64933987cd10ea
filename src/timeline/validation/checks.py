"""The check queries of queries/checks/: each names what it finds, and must find nothing."""

from __future__ import annotations

from collections.abc import Callable

from timeline.catalog import checks, select
from timeline.rdf.model import NamedNode, named, short_value
from timeline.rdf.prefixes import SHAPES_IRI
from timeline.store.protocol import Store
from timeline.validation.findings import Violation


def check_iri(name: str) -> str:
    """The IRI a check query has in a validation report (it is a SPARQL-based constraint)."""
    return f"{SHAPES_IRI}check-{name}"


def check_violations(store: Store, progress: Callable[[int, int], None] = lambda done, total: None) -> list[Violation]:
    violations = []
    queries = checks().queries
    for done, (name, query) in enumerate(queries.items(), start=1):
        result = select(query, {}, store)
        progress(done, len(queries))
        for row in result.each_record():
            focus_node = row.get(result.variables[0])
            details = ", ".join(f"{key}={short_value(value)}" for key, value in list(row.items())[1:] if value is not None)
            violations.append(Violation(
                f"check {name}", short_value(focus_node), f"{query.summary} {details}".strip(),
                focus_node=focus_node, source=NamedNode(check_iri(name)), component=named("sh:SPARQLConstraintComponent"),
            ))
    return violations
