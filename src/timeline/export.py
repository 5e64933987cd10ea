"""Exporting the knowledge base as RDF files: the same store gives the same bytes every run.

The quads come from the store (embedded or, later, remote), so an export shows what a client
of the store sees. Parts pick named graphs (see timeline.knowledge_base): by default all.
Turtle, N-Triples and JSON-LD write the union of the chosen graphs; N-Quads and TriG keep
each graph.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections import defaultdict
from collections.abc import Sequence

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from timeline.dates import ImpreciseDate, Precision, format_date
from timeline.event_views import EventView
from timeline.knowledge_base import PARTS, part_of
from timeline.rdf_files import Triple, nquads, ntriples, trig, turtle
from timeline.resources import ontology_dir
from timeline.store import Quad, Store

EXPORT_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld")
VIEW_FORMATS = ("timelinejs", "csv")


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


# --------------------------------------------------------------------------------------------
# Views of the events: TimelineJS and CSV
# --------------------------------------------------------------------------------------------


def _timelinejs_date(iso: str, latest: bool) -> dict[str, object]:
    """A TimelineJS date object with only the parts the evidence supports: "2022" gives a year
    and nothing else, never 1 January."""
    parsed = ImpreciseDate.parse(iso)
    day = parsed.latest if latest else parsed.earliest
    value: dict[str, object] = {"year": day.year}
    if parsed.precision is not Precision.YEAR:
        value["month"] = day.month
    if parsed.precision is Precision.DAY:
        value["day"] = day.day
    value["display_date"] = format_date(day, parsed.precision)
    return value


def timelinejs(events: Sequence[EventView], title: str) -> str:
    """Knight Lab TimelineJS JSON: one slide per event, grouped by its main actor, with the
    evidence quoted in the slide text."""
    slides = []
    for event in events:
        slide: dict[str, object] = {
            "unique_id": event.id,
            "start_date": _timelinejs_date(event.begin, latest=False),
            "display_date": event.shown_date,
            "text": {"headline": html.escape(event.label), "text": _slide_text(event)},
        }
        if event.end and event.end != event.begin:
            slide["end_date"] = _timelinejs_date(event.end, latest=True)
        if event.main_actor is not None:
            slide["group"] = event.main_actor.name
        slides.append(slide)
    document = {"title": {"text": {"headline": html.escape(title), "text": f"{len(events)} events, each with the words of its sources."}}, "events": slides}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _slide_text(event: EventView) -> str:
    parts = [f"<p>{html.escape(event.kind)} · {html.escape(event.status)}</p>"]
    people = ", ".join(f"{html.escape(p.name)} ({html.escape(p.role)})" for p in event.actors)
    if people:
        parts.append(f"<p>{people}</p>")
    for evidence in event.evidence:
        if evidence.about == "event":
            parts.append(f"<blockquote>{html.escape(evidence.exact)}</blockquote><p>— {html.escape(evidence.source_title)}</p>")
    return "".join(parts)


CSV_COLUMNS = ("id", "label", "type", "begin", "end", "precision", "status", "actors", "place", "wikidata", "source", "evidence")


def events_csv(events: Sequence[EventView]) -> str:
    """One row per event, for a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for event in events:
        wikidata = [event.wikidata.rsplit("/", 1)[-1]] if event.wikidata else []
        wikidata += [p.wikidata_id for p in event.actors + event.places if p.wikidata_id]
        quotes = [e.exact for e in event.evidence if e.about == "event"]
        writer.writerow([
            event.id, event.label, event.kind, event.begin, event.end, event.begin_precision.value, event.status,
            "; ".join(f"{p.name} ({p.role})" for p in event.actors),
            "; ".join(p.name for p in event.places),
            "; ".join(dict.fromkeys(wikidata)),
            "; ".join(event.source_titles),
            quotes[0] if quotes else "",
        ])
    return buffer.getvalue()


__all__ = ["EXPORT_FORMATS", "PARTS", "VIEW_FORMATS", "Quad", "events_csv", "export", "jsonld", "timelinejs"]
