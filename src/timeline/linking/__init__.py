"""Links to external knowledge graphs (Wikidata, DBpedia): verify them, suggest new ones,
accept them into links.toml, map Wikidata links to DBpedia, and enrich linked items with a few
facts. Every value reaches the endpoint as an RDF term in a VALUES block of a program query
(queries/program/), in batches, one request at a time (timeline.store.sparql_client).
"""

from timeline.linking.dbpedia import dbpedia_names
from timeline.linking.enrich import DEFAULT_PROPERTIES, EnrichReport, enrich, enrichment_file
from timeline.linking.links_file import accept_link
from timeline.linking.local_items import LocalItem, local_items
from timeline.linking.suggest import Candidate, Suggestion, choose_candidate, suggest
from timeline.linking.targets import DBPEDIA, TARGETS, WIKIDATA, Target
from timeline.linking.verify import Verdict, verify

__all__ = [
    "DBPEDIA", "DEFAULT_PROPERTIES", "TARGETS", "WIKIDATA", "Candidate", "EnrichReport", "LocalItem", "Suggestion", "Target",
    "Verdict", "accept_link", "choose_candidate", "dbpedia_names", "enrich", "enrichment_file", "local_items", "suggest", "verify",
]
