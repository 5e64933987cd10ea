"""One finding of validation, as people read it and as a SHACL validation result records it,
its terms Oxigraph's (timeline.rdf.model), as a store gives them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from timeline.rdf.model import NamedNode, Term, named, plain_value


@dataclass(frozen=True)
class Violation:
    """One problem: which rule found it (a shape or a check query), where, and what. The
    fields after `message` are what the SHACL report records; they do not take part in
    comparing two findings."""

    rule: str
    focus: str
    message: str
    focus_node: Term | None = field(default=None, compare=False)
    path: NamedNode | None = field(default=None, compare=False)
    value: Term | None = field(default=None, compare=False)
    source: NamedNode | None = field(default=None, compare=False)
    component: NamedNode | None = field(default=None, compare=False)
    severity: NamedNode = field(default=named("sh:Violation"), compare=False)


def in_report_order(violations: Iterable[Violation]) -> list[Violation]:
    """Findings in the order every report lists them: the shapes' before the checks', then by
    rule, focus and message (and, among the same, by constraint and value): the same findings
    give the same list however they were found, in one store or batch by batch."""
    return sorted(violations, key=lambda v: (not v.rule.startswith("shape "), v.rule, v.focus, v.message, plain_value(v.component), plain_value(v.value)))
