"""`timeline link enrich`: a few facts about every linked Wikidata item, cached on disk in the
knowledge base with their PROV-O provenance, so that later runs work offline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from timeline.errors import TimelineError
from timeline.catalog import program_query
from timeline.linking.asking import batches
from timeline.linking.local_items import local_items
from timeline.linking.targets import WDT, WIKIDATA, Target
from timeline.rdf.files import write_atomically
from timeline.rdf.namespaces import KB, TL, graph_iri
from timeline.rdf.writers import turtle
from timeline.store.protocol import Store
from timeline.store.sparql_client import Endpoint
from timeline.store.terms import from_oxigraph


DEFAULT_PROPERTIES = ("P625", "P17", "P131", "P569", "P39")  # coordinates, country, located in, born, positions held


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
    needs no endpoint."""
    for prop in properties:
        if not re.fullmatch(r"P[1-9][0-9]*", prop):
            raise TimelineError(f"{prop!r} is not a Wikidata property id such as P625.")
    path = enrichment_file(kb_dir)
    cache = Graph(bind_namespaces="none")
    if path.is_file():
        cache.parse(path, format="turtle")
    wanted = {URIRef(WDT + prop) for prop in properties}
    items = sorted({link.value for item in local_items(store) if (link := item.link(WIKIDATA)) is not None})
    cached = [iri for iri in items if not refresh and _is_cached(cache, URIRef(iri), wanted)]
    to_fetch = [iri for iri in items if iri not in cached]
    if to_fetch:
        started = now or datetime.now(UTC)
        facts = Graph(bind_namespaces="none")
        queries = []
        for batch in batches(to_fetch):
            query = program_query("wikidata-facts").bind(item=[URIRef(iri) for iri in batch], property=sorted(wanted)).text
            queries.append(query)
            for row in endpoint.select(query):
                facts.add((from_oxigraph(row["item"]), from_oxigraph(row["property"]), from_oxigraph(row["value"])))
                if "valueLabel" in row:
                    facts.add((from_oxigraph(row["value"]), RDFS.label, from_oxigraph(row["valueLabel"])))
        if refresh:
            for iri in to_fetch:
                for prop in wanted:
                    cache.remove((URIRef(iri), prop, None))
        cache += facts
        _record_activity(cache, endpoint.url, queries, to_fetch, wanted, started)
        write_atomically(path, turtle(cache))
    facts_count = sum(1 for s, p, _ in cache if str(p).startswith(WDT))
    return EnrichReport(path, to_fetch, cached, facts_count)


def _is_cached(cache: Graph, item: URIRef, wanted: set[URIRef]) -> bool:
    for activity in cache.subjects(PROV.used, item):
        if wanted <= set(cache.objects(activity, TL.fetchedProperty)):
            return True
    return False


def _record_activity(
    cache: Graph, endpoint_url: str, queries: list[str], items: list[str], properties: set[URIRef], started: datetime
) -> None:
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    activity = KB[f"enrichment/wikidata/{stamp}"]
    graph = graph_iri("enrichment/wikidata")
    cache.add((graph, RDF.type, PROV.Entity))
    cache.add((graph, PROV.wasGeneratedBy, activity))
    cache.add((activity, RDF.type, PROV.Activity))
    cache.add((activity, RDFS.label, Literal(f"Facts fetched from {endpoint_url}", lang="en")))
    cache.add((activity, PROV.startedAtTime, Literal(started.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
    cache.add((activity, PROV.used, URIRef(endpoint_url)))
    for query in queries:
        cache.add((activity, TL.sparqlQuery, Literal(query)))
    for item in items:
        cache.add((activity, PROV.used, URIRef(item)))
    for prop in properties:
        cache.add((activity, TL.fetchedProperty, prop))
