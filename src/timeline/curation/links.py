"""links.toml: owl:sameAs links to Wikidata and DBpedia -> links.ttl."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from timeline.curation.fields import check_keys, load_toml, new_graph
from timeline.rdf.namespaces import DBPEDIA_RESOURCE, WD

_WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*$")
_DBPEDIA_NAME = re.compile(r"^[^\s<>\"{}|^`\\]+$")


def compile_links(kb_dir: Path, named: Mapping[str, URIRef]) -> Graph:
    """owl:sameAs links from the knowledge base's entities and events (by id) to Wikidata
    items ([wikidata] table) and DBpedia resources ([dbpedia] table)."""
    graph = new_graph()
    path = kb_dir / "links.toml"
    if not path.is_file():
        return graph
    data, context = load_toml(path, kb_dir)
    check_keys(data, ("wikidata", "dbpedia"), context, "file")
    for local_id, value in data.get("wikidata", {}).items():
        if local_id not in named:
            raise context.error(f"{local_id!r} is no entity or event of the knowledge base", local_id, "wikidata")
        if not isinstance(value, str) or not _WIKIDATA_ID.match(value):
            raise context.error(f"a Wikidata link must be an item id such as \"Q7747\"; found {value!r}", local_id, "wikidata")
        graph.add((named[local_id], OWL.sameAs, WD[value]))
    for local_id, value in data.get("dbpedia", {}).items():
        if local_id not in named:
            raise context.error(f"{local_id!r} is no entity or event of the knowledge base", local_id, "dbpedia")
        if not isinstance(value, str) or not _DBPEDIA_NAME.match(value):
            raise context.error(f"a DBpedia link must be a resource name such as \"Harbin\"; found {value!r}", local_id, "dbpedia")
        graph.add((named[local_id], OWL.sameAs, URIRef(DBPEDIA_RESOURCE + value)))
    return graph
