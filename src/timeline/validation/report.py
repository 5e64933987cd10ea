"""Validation findings as a SHACL validation report (sh:ValidationReport), the RDF that pySHACL
users know, written with stable IRIs so that the same knowledge base gives the same bytes.

Each result is minted from a hash of what it says (rule, focus node, path, value, message). A
result from a property shape names the node shape that holds it, with the path, since the
property shapes of ontology/shapes.ttl are blank nodes. A check query is a SPARQL-based
constraint (sh:SPARQLConstraint) whose sh:select is the query's text.
"""

from __future__ import annotations

import hashlib

from timeline.catalog import checks
from timeline.rdf.model import Literal, NamedNode, Triple, named
from timeline.rdf.prefixes import KB_IRI, XSD_IRI
from timeline.rdf.writers import jsonld_of_terms, turtle_of_terms
from timeline.validation.checks import check_iri
from timeline.validation.findings import Violation

REPORT = NamedNode(KB_IRI + "validation/report")
REPORT_FORMATS = ("turtle", "jsonld")
_A = named("rdf:type")


def report_triples(violations: list[Violation]) -> list[Triple]:
    conforms = Literal("false" if violations else "true", datatype=NamedNode(XSD_IRI + "boolean"))
    triples = [Triple(REPORT, _A, named("sh:ValidationReport")), Triple(REPORT, named("sh:conforms"), conforms)]
    used_checks: set[str] = set()
    for violation in violations:
        result = NamedNode(f"{KB_IRI}validation/result/{_digest(violation)}")
        triples += [
            Triple(REPORT, named("sh:result"), result),
            Triple(result, _A, named("sh:ValidationResult")),
            Triple(result, named("sh:resultSeverity"), violation.severity),
            Triple(result, named("sh:resultMessage"), Literal(violation.message, language="en")),
        ]
        said = {"focusNode": violation.focus_node, "resultPath": violation.path, "value": violation.value,
                "sourceConstraintComponent": violation.component}
        triples += [Triple(result, named(f"sh:{name}"), term) for name, term in said.items() if term is not None]
        if violation.rule.startswith("check "):
            name = violation.rule.removeprefix("check ")
            used_checks.add(name)
            triples.append(Triple(result, named("sh:sourceConstraint"), NamedNode(check_iri(name))))
        elif violation.source is not None:
            triples.append(Triple(result, named("sh:sourceShape"), violation.source))
    catalog = checks().queries
    for name in sorted(used_checks):
        constraint = NamedNode(check_iri(name))
        triples += [
            Triple(constraint, _A, named("sh:SPARQLConstraint")),
            Triple(constraint, named("rdfs:label"), Literal(name)),
            Triple(constraint, named("rdfs:comment"), Literal(catalog[name].summary, language="en")),
            Triple(constraint, named("sh:select"), Literal(catalog[name].text)),
        ]
    return triples


def write_report(violations: list[Violation], output_format: str) -> str:
    from timeline.store.transfer import json_ld_context

    triples = report_triples(violations)
    if output_format == "jsonld":
        return jsonld_of_terms(triples, json_ld_context())
    return turtle_of_terms(triples)


def _digest(violation: Violation) -> str:
    parts = [violation.rule, violation.message] + [
        str(term) if term is not None else "" for term in (violation.focus_node, violation.path, violation.value)
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


__all__ = ["REPORT_FORMATS", "report_triples", "write_report"]
