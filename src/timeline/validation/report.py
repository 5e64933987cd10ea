"""Validation findings as a SHACL validation report (sh:ValidationReport), the RDF that pySHACL
users know, written with stable IRIs so that the same knowledge base gives the same bytes.

Each result is minted from a hash of what it says (rule, focus node, path, value, message). A
result from a property shape names the node shape that holds it, with the path, since the
property shapes of ontology/shapes.ttl are blank nodes. A check query is a SPARQL-based
constraint (sh:SPARQLConstraint) whose sh:select is the query's text.
"""

from __future__ import annotations

import hashlib

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from timeline.catalog import checks
from timeline.rdf.namespaces import KB, SH
from timeline.rdf.terms import ntriples_term
from timeline.rdf.writers import Triple, jsonld, turtle
from timeline.validation.checks import check_iri
from timeline.validation.findings import Violation

REPORT = KB["validation/report"]
REPORT_FORMATS = ("turtle", "jsonld")


def report_triples(violations: list[Violation]) -> list[Triple]:
    triples: list[Triple] = [
        (REPORT, RDF.type, SH.ValidationReport),
        (REPORT, SH.conforms, Literal(not violations)),
    ]
    used_checks: set[str] = set()
    for violation in violations:
        result = KB[f"validation/result/{_digest(violation)}"]
        triples += [
            (REPORT, SH.result, result),
            (result, RDF.type, SH.ValidationResult),
            (result, SH.resultSeverity, violation.severity),
            (result, SH.resultMessage, Literal(violation.message, lang="en")),
        ]
        if violation.focus_node is not None:
            triples.append((result, SH.focusNode, violation.focus_node))
        if violation.path is not None:
            triples.append((result, SH.resultPath, violation.path))
        if violation.value is not None:
            triples.append((result, SH.value, violation.value))
        if violation.component is not None:
            triples.append((result, SH.sourceConstraintComponent, violation.component))
        if violation.rule.startswith("check "):
            name = violation.rule.removeprefix("check ")
            used_checks.add(name)
            triples.append((result, SH.sourceConstraint, URIRef(check_iri(name))))
        elif violation.source is not None:
            triples.append((result, SH.sourceShape, violation.source))
    catalog = checks().queries
    for name in sorted(used_checks):
        constraint = URIRef(check_iri(name))
        triples += [
            (constraint, RDF.type, SH.SPARQLConstraint),
            (constraint, RDFS.label, Literal(name)),
            (constraint, RDFS.comment, Literal(catalog[name].summary, lang="en")),
            (constraint, SH.select, Literal(catalog[name].text)),
        ]
    return triples


def write_report(violations: list[Violation], output_format: str) -> str:
    from timeline.store.transfer import json_ld_context

    triples = report_triples(violations)
    if output_format == "jsonld":
        return jsonld(triples, json_ld_context())
    return turtle(triples)


def _digest(violation: Violation) -> str:
    parts = [violation.rule, violation.message] + [
        ntriples_term(node) if node is not None else "" for node in (violation.focus_node, violation.path, violation.value)
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


__all__ = ["REPORT_FORMATS", "report_triples", "write_report"]
