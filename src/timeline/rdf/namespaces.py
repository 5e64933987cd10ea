"""The IRIs of the ontology and the knowledge base, the one prefix table used to write RDF, and
the one pattern of a local id (of a source, an entity, an event, a stored query)."""

import re

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, DCTERMS

TL = Namespace("https://timeline.example/ontology#")
KB = Namespace("https://timeline.example/kb/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Namespace("http://www.w3.org/ns/oa#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
DBPEDIA_RESOURCE = "http://dbpedia.org/resource/"
SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = Namespace("https://timeline.example/shapes#")

# Every prefix a file written by timeline may use, bound explicitly so that no serializer
# invents one (ns1, ns2, ...). Sorted by prefix.
PREFIXES: dict[str, str] = {
    "area": str(KB) + "area/",
    "claim": str(KB) + "claim/",
    "dcterms": str(DCTERMS),
    "entity": str(KB) + "entity/",
    "event": str(KB) + "event/",
    "graph": str(KB) + "graph/",
    "kb": str(KB),
    "nif": str(NIF),
    "oa": str(OA),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "sh": str(SH),
    "skos": str(SKOS),
    "source": str(KB) + "source/",
    "time": str(TIME),
    "tl": str(TL),
    "tlsh": str(SHAPES),
    "wd": str(WD),
    "xsd": str(XSD),
}


# The same table, longest namespace first, so that shortening an IRI picks "event:" over "kb:".
PREFIXES_LONGEST_FIRST: list[tuple[str, str]] = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def graph_iri(name: str) -> URIRef:
    """The named graph that holds one part of the knowledge base ('ontology', 'entities', ...)."""
    return KB[f"graph/{name}"]


# A local id: lower-case words of letters and digits joined by hyphens ("putin-state-visit-2024").
# The last part of every minted IRI, the name of every events file and stored query.
LOCAL_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_local_id(text: str) -> bool:
    return bool(LOCAL_ID.match(text))
