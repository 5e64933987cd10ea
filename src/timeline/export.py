"""Exporting the knowledge base as RDF files: the same store gives the same bytes every run.

The quads come from the store (embedded or, later, remote), so an export shows what a client
of the store sees. Parts pick named graphs (see timeline.knowledge_base): by default all.
Turtle, N-Triples and JSON-LD write the union of the chosen graphs; N-Quads and TriG keep
each graph.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from timeline.knowledge_base import PARTS, part_of
from timeline.rdf_files import Triple, nquads, ntriples, trig, turtle
from timeline.resources import ontology_dir
from timeline.store import Quad, Store

EXPORT_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld")


def export(store: Store, parts: Sequence[str] = PARTS, output_format: str = "turtle") -> str:
    """The chosen parts of the knowledge base in the chosen format, read from the store."""
    graphs = [graph for graph in store.graphs() if part_of(graph) in parts]
    quads = store.quads(graphs)
    if output_format in ("nquads", "trig"):
        return nquads(quads) if output_format == "nquads" else trig(quads)
    triples = {(s, p, o) for s, p, o, _ in quads}
    if output_format == "turtle":
        return turtle(triples)
    if output_format == "ntriples":
        return ntriples(triples)
    if output_format == "jsonld":
        return jsonld(triples)
    raise ValueError(f"unknown export format {output_format!r}")


def json_ld_context() -> dict[str, object]:
    """The hand-written JSON-LD context (ontology/context.jsonld): the project's prefixes."""
    document = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))
    return document["@context"]


def jsonld(triples: Sequence[Triple] | set[Triple]) -> str:
    """The triples as flattened JSON-LD: one node object per subject, sorted, with IRIs
    shortened by the context's prefixes and every value written out in full."""
    context = json_ld_context()
    prefixes = sorted(
        ((name, iri) for name, iri in context.items() if isinstance(iri, str)), key=lambda item: -len(item[1])
    )

    def compact(iri: str) -> str:
        for name, namespace in prefixes:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and not local.startswith("//"):
                return f"{name}:{local}"
        return iri

    def node_id(node: Node) -> str:
        return f"_:{node}" if isinstance(node, BNode) else compact(str(node))

    def value(node: Node) -> dict[str, str]:
        if isinstance(node, (URIRef, BNode)):
            return {"@id": node_id(node)}
        assert isinstance(node, Literal)
        if node.language:
            return {"@value": str(node), "@language": node.language}
        if node.datatype and node.datatype != XSD.string:
            return {"@value": str(node), "@type": compact(str(node.datatype))}
        return {"@value": str(node)}

    by_subject: dict[Node, dict[str, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
    types: dict[Node, list[str]] = defaultdict(list)
    for subject, predicate, obj in triples:
        if predicate == RDF.type and isinstance(obj, URIRef):
            types[subject].append(compact(str(obj)))
        else:
            by_subject[subject][compact(str(predicate))].append(value(obj))
    nodes = []
    for subject in sorted(set(by_subject) | set(types), key=lambda node: (isinstance(node, BNode), str(node))):
        node: dict[str, object] = {"@id": node_id(subject)}
        if types[subject]:
            node["@type"] = sorted(types[subject])
        for key in sorted(by_subject[subject]):
            node[key] = sorted(by_subject[subject][key], key=lambda item: json.dumps(item, sort_keys=True))
        nodes.append(node)
    return json.dumps({"@context": context, "@graph": nodes}, ensure_ascii=False, indent=2) + "\n"


__all__ = ["EXPORT_FORMATS", "PARTS", "Quad", "export", "jsonld"]
