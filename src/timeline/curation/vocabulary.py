"""What the timeline ontology allows in a curated file: its event kinds, the roles of actors,
the object properties a claim may state. Read from ontology/timeline.ttl, once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from timeline.rdf.namespaces import SEM, TL
from timeline.resources import ontology_dir

__all__ = ["Vocabulary", "load_ontology"]


def load_ontology() -> Graph:
    """The timeline ontology, which says which event kinds, roles and properties exist. One
    parse per process and version of the file (a build, a test session and `serve` each ask many
    times): the graph is shared, so read it and never change it."""
    path = ontology_dir() / "timeline.ttl"
    status = path.stat()
    return _parsed_ontology(path, status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=1)
def _parsed_ontology(path: Path, _mtime_ns: int, _size: int) -> Graph:
    ontology = Graph(bind_namespaces="none")
    ontology.parse(path, format="turtle")
    return ontology


class Vocabulary:
    """The ontology's answers to the questions a compiler asks of an events file."""

    def __init__(self, ontology: Graph) -> None:
        self.ontology = ontology

    def is_subclass(self, class_iri: URIRef, ancestor: URIRef) -> bool:
        return ancestor in set(self.ontology.transitive_objects(class_iri, RDFS.subClassOf))

    def is_event_class(self, class_iri: URIRef) -> bool:
        return (class_iri, RDF.type, OWL.Class) in self.ontology and self.is_subclass(class_iri, SEM.Event)

    def is_role(self, role_property: URIRef) -> bool:
        return (role_property, RDFS.subPropertyOf, SEM.hasActor) in self.ontology

    def is_object_property(self, predicate: URIRef) -> bool:
        return (predicate, RDF.type, OWL.ObjectProperty) in self.ontology

    def event_kinds(self) -> list[str]:
        """The names of the event classes (Visit, Meeting, ...), for a message."""
        classes = [c for c in self.ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)]
        return sorted(str(c).removeprefix(str(TL)) for c in classes if self.is_event_class(c))

    def roles(self) -> list[str]:
        """The names of the roles (guest, host, ...), for a message."""
        properties = self.ontology.subjects(RDFS.subPropertyOf, SEM.hasActor)
        return sorted(str(p).removeprefix(str(TL) + "has").lower() for p in properties)
