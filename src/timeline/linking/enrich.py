"""`timeline link enrich`: a few facts about every linked Wikidata item, cached on disk in the
knowledge base with their PROV-O provenance, so that later runs work offline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from timeline.catalog import program_query
from timeline.errors import TimelineError
from timeline.kb.layout import KbFile
from timeline.linking.asking import batches
from timeline.linking.local_items import local_items
from timeline.linking.targets import WDT, WIKIDATA, Target
from timeline.rdf.files import write_atomically
from timeline.rdf.model import Literal, NamedNode, Term, Triple, named
from timeline.rdf.prefixes import KB_IRI, XSD_IRI, graph_name
from timeline.rdf.writers import turtle_of_terms
from timeline.store.file_triples import file_triples
from timeline.store.protocol import Store
from timeline.store.sparql_client import Endpoint

DEFAULT_PROPERTIES = ("P625", "P17", "P131", "P569", "P39")  # coordinates, country, located in, born, positions held
_USED, _FETCHED = named("prov:used"), named("tl:fetchedProperty")


@dataclass
class EnrichReport:
    path: Path
    fetched: list[str]
    cached: list[str]
    facts: int


def enrichment_file(kb_dir: Path, target: Target = WIKIDATA) -> Path:
    return kb_dir / "enrichment" / f"{target.name}.ttl"


def enrich(
    store: Store,
    endpoint: Endpoint,
    kb_dir: Path,
    properties: Sequence[str] = DEFAULT_PROPERTIES,
    refresh: bool = False,
    now: datetime | None = None,
) -> EnrichReport:
    """Fetch `properties` of every Wikidata-linked item into kb/enrichment/wikidata.ttl (its
    own named graph), with a PROV-O activity naming the endpoint, the query and the time.
    Items already fetched with these properties are taken from the file, so a second run
    needs no endpoint. The file's terms are kept as written: facts are read and written as
    Oxigraph's terms, a literal's text as the endpoint gave it."""
    for prop in properties:
        if not re.fullmatch(r"P[1-9][0-9]*", prop):
            raise TimelineError(f"{prop!r} is not a Wikidata property id such as P625.")
    path = enrichment_file(kb_dir)
    graph = graph_name("enrichment/wikidata")
    cache: set[Triple] = set(file_triples(KbFile(path, graph, "enrichment"))) if path.is_file() else set()
    wanted = sorted({NamedNode(WDT + prop) for prop in properties}, key=lambda prop: prop.value)
    items = sorted({link.value for item in local_items(store) if (link := item.link(WIKIDATA)) is not None})
    cached = [iri for iri in items if not refresh and _is_cached(cache, NamedNode(iri), set(wanted))]
    to_fetch = [iri for iri in items if iri not in cached]
    if to_fetch:
        started = now or datetime.now(UTC)
        facts: set[Triple] = set()
        queries = []
        for batch in batches(to_fetch):
            query = program_query("wikidata-facts").bind(item=[NamedNode(iri) for iri in batch], property=wanted).text
            queries.append(query)
            for row in endpoint.select(query):
                facts.add(_triple(row["item"], row["property"], row["value"]))
                if "valueLabel" in row:
                    facts.add(_triple(row["value"], named("rdfs:label"), row["valueLabel"]))
        if refresh:
            fetched = {NamedNode(iri) for iri in to_fetch}
            cache = {t for t in cache if not (t.subject in fetched and t.predicate in wanted)}
        cache |= facts
        cache |= _activity(graph, endpoint.url, queries, to_fetch, wanted, started)
        write_atomically(path, turtle_of_terms(cache))
    facts_count = sum(1 for t in cache if t.predicate.value.startswith(WDT))
    return EnrichReport(path, to_fetch, cached, facts_count)


def _triple(subject: Term | None, predicate: Term | None, obj: Term | None) -> Triple:
    """A fact from an endpoint's row; a row that is not one (a literal subject, a missing
    value) is an endpoint's error."""
    try:
        return Triple(subject, predicate, obj)  # type: ignore[arg-type]
    except TypeError:
        raise TimelineError(f"the endpoint answered with a fact that is not an RDF triple: {subject} {predicate} {obj}") from None


def _is_cached(cache: set[Triple], item: NamedNode, wanted: set[NamedNode]) -> bool:
    activities = {t.subject for t in cache if t.predicate == _USED and t.object == item}
    return any(wanted <= {t.object for t in cache if t.subject == activity and t.predicate == _FETCHED} for activity in activities)


def _activity(graph: str, endpoint_url: str, queries: list[str], items: list[str], properties: list[NamedNode], started: datetime) -> set[Triple]:
    """The PROV-O activity that fetched the items: when, from which endpoint, with which queries."""
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    activity = NamedNode(f"{KB_IRI}enrichment/wikidata/{stamp}")
    a = named("rdf:type")
    said = {
        Triple(NamedNode(graph), a, named("prov:Entity")),
        Triple(NamedNode(graph), named("prov:wasGeneratedBy"), activity),
        Triple(activity, a, named("prov:Activity")),
        Triple(activity, named("rdfs:label"), Literal(f"Facts fetched from {endpoint_url}", language="en")),
        Triple(activity, named("prov:startedAtTime"), Literal(started.isoformat(timespec="seconds"), datatype=NamedNode(XSD_IRI + "dateTime"))),
        Triple(activity, _USED, NamedNode(endpoint_url)),
    }
    said |= {Triple(activity, named("tl:sparqlQuery"), Literal(query)) for query in queries}
    said |= {Triple(activity, _USED, NamedNode(item)) for item in items}
    return said | {Triple(activity, _FETCHED, prop) for prop in properties}
