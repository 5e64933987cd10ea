"""One finding of validation, as people read it and as a SHACL validation result records it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from timeline.rdf.namespaces import SH


@dataclass(frozen=True)
class Violation:
    """One problem: which rule found it (a shape or a check query), where, and what. The
    fields after `message` are what the SHACL report records; they do not take part in
    comparing two findings."""

    rule: str
    focus: str
    message: str
    focus_node: Node | None = field(default=None, compare=False)
    path: Node | None = field(default=None, compare=False)
    value: Node | None = field(default=None, compare=False)
    source: URIRef | None = field(default=None, compare=False)
    component: URIRef | None = field(default=None, compare=False)
    severity: URIRef = field(default=SH.Violation, compare=False)


def in_report_order(violations: Iterable[Violation]) -> list[Violation]:
    """Findings in the order every report lists them: the shapes' before the checks', then by
    rule, focus and message (and, among the same, by constraint and value): the same findings
    give the same list however they were found, in one store or batch by batch."""
    return sorted(violations, key=lambda v: (not v.rule.startswith("shape "), v.rule, v.focus, v.message, str(v.component), str(v.value)))
