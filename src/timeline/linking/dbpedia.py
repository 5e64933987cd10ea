"""`timeline link dbpedia`: DBpedia links from the English Wikipedia article of each linked
Wikidata item."""

from __future__ import annotations

from timeline.catalog import program_query
from timeline.linking.asking import batches
from timeline.linking.local_items import LocalItem, local_items
from timeline.linking.targets import DBPEDIA, WIKIDATA
from timeline.rdf.model import NamedNode, plain_value
from timeline.rdf.prefixes import DBPEDIA_RESOURCE
from timeline.rdf.syntax import is_valid_iri
from timeline.store.protocol import Store
from timeline.store.sparql_client import Endpoint


def dbpedia_names(store: Store, endpoint: Endpoint) -> list[tuple[LocalItem, NamedNode, str]]:
    """(entity, its Wikidata item, DBpedia resource name) for linked entities with no DBpedia
    link, from the items' English Wikipedia sitelinks."""
    pending = [
        (item, link)
        for item in local_items(store)
        if (link := item.link(WIKIDATA)) is not None and item.link(DBPEDIA) is None
    ]
    titles: dict[str, str] = {}
    for batch in batches(sorted({link.value for _, link in pending})):
        for row in endpoint.select(program_query("wikipedia-articles").bind(item=[NamedNode(iri) for iri in batch]).text):
            titles[plain_value(row["item"])] = plain_value(row["title"])
    result = []
    for item, link in pending:
        title = titles.get(link.value)
        if title is None:
            continue
        name = title.replace(" ", "_")
        if is_valid_iri(DBPEDIA_RESOURCE + name):
            result.append((item, link, name))
    return result
