"""The IRIs of the ontology and the knowledge base as rdflib namespaces, for the code that
builds and validates graphs. The prefix table and the local-id pattern are text, in
timeline.rdf.prefixes (re-exported here)."""

from rdflib import Namespace
from rdflib.namespace import TIME

from timeline.rdf.prefixes import (
    DBPEDIA_RESOURCE, KB_IRI, LOCAL_ID, NIF_IRI, OA_IRI, PREFIXES, PREFIXES_LONGEST_FIRST, SCHEMA_IRI, SEM_IRI, TL_IRI, WD_IRI,
    is_local_id,
)

__all__ = [
    "DBPEDIA_RESOURCE", "KB", "LOCAL_ID", "NIF", "OA", "PREFIXES", "PREFIXES_LONGEST_FIRST", "SCHEMA", "SEM", "TIME", "TL", "WD",
    "is_local_id",
]

TL = Namespace(TL_IRI)
KB = Namespace(KB_IRI)
SEM = Namespace(SEM_IRI)
OA = Namespace(OA_IRI)
NIF = Namespace(NIF_IRI)
SCHEMA = Namespace(SCHEMA_IRI)
WD = Namespace(WD_IRI)

