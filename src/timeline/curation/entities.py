"""entities.toml: the actors and places -> entities.ttl, and the index of the names a curator
may call them by."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from timeline.curation.fields import check_keys, load_toml, new_graph, require_id, string, string_list
from timeline.model.names import normal_name
from timeline.rdf.namespaces import KB, SEM, TL

ENTITY_CLASSES: Mapping[str, tuple[URIRef, ...]] = {
    "person": (TL.Person, SEM.Actor),
    "country": (TL.Country, SEM.Actor, SEM.Place),
    "organisation": (TL.Organisation, SEM.Actor),
    "city": (TL.City, SEM.Place),
    "province": (TL.Province, SEM.Place),
}


@dataclass
class EntityIndex:
    """The entities of a knowledge base by id, and by every name a curator may use for them:
    label, alias (case and spacing aside) and Wikidata id."""

    by_id: dict[str, URIRef]
    by_name: dict[str, set[str]]

    def find(self, name: str) -> tuple[URIRef | None, list[str]]:
        """The entity a name means, or None and the ids it might mean (none, or several)."""
        if name in self.by_id:
            return self.by_id[name], [name]
        ids = sorted(self.by_name.get(normal_name(name), set()))
        return (self.by_id[ids[0]], ids) if len(ids) == 1 else (None, ids)


def compile_entities(kb_dir: Path) -> tuple[Graph, EntityIndex]:
    data, context = load_toml(kb_dir / "entities.toml", kb_dir)
    graph = new_graph()
    entities: dict[str, URIRef] = {}
    names: dict[str, set[str]] = {}
    for table in data.get("entity", []):
        entity_id = require_id(table.get("id"), context, "[[entity]]")
        check_keys(table, ("id", "kind", "label", "aliases"), context, entity_id)
        if entity_id in entities:
            raise context.error("this id is used twice", entity_id, "id")
        kind = table.get("kind")
        if kind not in ENTITY_CLASSES:
            raise context.error(f"`kind` must be one of {', '.join(ENTITY_CLASSES)}; found {kind!r}", entity_id, "kind")
        iri = KB[f"entity/{entity_id}"]
        entities[entity_id] = iri
        for class_iri in ENTITY_CLASSES[kind]:
            graph.add((iri, RDF.type, class_iri))
        label = string(table, "label", context, entity_id)
        graph.add((iri, RDFS.label, Literal(label, lang="en")))
        aliases = string_list(table, "aliases", context, entity_id)
        for alias in aliases:
            graph.add((iri, SKOS.altLabel, Literal(alias, lang="en")))
        for name in (label, *aliases):
            names.setdefault(normal_name(name), set()).add(entity_id)
    links_file = kb_dir / "links.toml"
    if links_file.is_file():
        links, _ = load_toml(links_file, kb_dir)
        for entity_id, item in (links.get("wikidata") or {}).items():
            if entity_id in entities and isinstance(item, str):
                names.setdefault(normal_name(item), set()).add(entity_id)
    return graph, EntityIndex(entities, names)
