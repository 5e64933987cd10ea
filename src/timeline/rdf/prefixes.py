"""The namespaces as text: the one prefix table used to write RDF, and the one pattern of a
local id (of a source, an entity, an event, a stored query).

Plain strings, without rdflib, so that the query path (a stored query run and its rows
written) never imports it: timeline.rdf.namespaces makes rdflib namespaces of the same IRIs
for the code that builds and validates graphs.
"""

from __future__ import annotations

import re

TL_IRI = "https://timeline.example/ontology#"
KB_IRI = "https://timeline.example/kb/"
SEM_IRI = "http://semanticweb.cs.vu.nl/2009/11/sem/"
OA_IRI = "http://www.w3.org/ns/oa#"
NIF_IRI = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
SCHEMA_IRI = "https://schema.org/"
WD_IRI = "http://www.wikidata.org/entity/"
SH_IRI = "http://www.w3.org/ns/shacl#"
SHAPES_IRI = "https://timeline.example/shapes#"
XSD_IRI = "http://www.w3.org/2001/XMLSchema#"
DBPEDIA_RESOURCE = "http://dbpedia.org/resource/"

# Every prefix a file written by timeline may use, bound explicitly so that no serializer
# invents one (ns1, ns2, ...). Sorted by prefix.
PREFIXES: dict[str, str] = {
    "area": KB_IRI + "area/",
    "claim": KB_IRI + "claim/",
    "dcterms": "http://purl.org/dc/terms/",
    "entity": KB_IRI + "entity/",
    "event": KB_IRI + "event/",
    "graph": KB_IRI + "graph/",
    "kb": KB_IRI,
    "nif": NIF_IRI,
    "oa": OA_IRI,
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": SCHEMA_IRI,
    "sem": SEM_IRI,
    "sh": SH_IRI,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "source": KB_IRI + "source/",
    "time": "http://www.w3.org/2006/time#",
    "tl": TL_IRI,
    "tlsh": SHAPES_IRI,
    "wd": WD_IRI,
    "xsd": XSD_IRI,
}

# The same table, longest namespace first, so that shortening an IRI picks "event:" over "kb:".
PREFIXES_LONGEST_FIRST: list[tuple[str, str]] = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def shortened(iri: str) -> str:
    """An IRI as a prefixed name where a prefix of the table fits, for people; else as is."""
    for prefix, namespace in PREFIXES_LONGEST_FIRST:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


# A local id: lower-case words of letters and digits joined by hyphens ("putin-state-visit-2024").
# The last part of every minted IRI, the name of every events file and stored query.
LOCAL_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def graph_name(part: str) -> str:
    """The IRI, as text, of the named graph that holds one part of the knowledge base
    ('ontology', 'entities', 'events/<source-id>', ...)."""
    return PREFIXES["graph"] + part


def is_local_id(text: str) -> bool:
    return bool(LOCAL_ID.match(text))


def local_id(iri: str) -> str:
    """The local id a minted IRI ends in (`https://timeline.example/kb/event/beijing-talks-2024`
    -> `beijing-talks-2024`): its last path segment."""
    return iri.rsplit("/", 1)[-1]
