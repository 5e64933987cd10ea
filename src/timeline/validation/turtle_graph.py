"""A small Turtle file read as Oxigraph terms, by subject: how the SHACL compiler reads
ontology/shapes.ttl without building an rdflib graph."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from timeline.errors import DataFileError
from timeline.rdf.model import NamedNode, Term, short_value
from timeline.rdf.prefixes import PREFIXES
from timeline.store.file_triples import turtle_triples


class Vocabulary:
    """The terms of a vocabulary by local name: SH.minCount, SH["class"]."""

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, local: str) -> NamedNode:
        return NamedNode(self._base + local)

    __getitem__ = __getattr__  # for names Python keeps for itself: SH["class"], SH["in"]


RDF = Vocabulary(PREFIXES["rdf"])


class TurtleGraph:
    """A Turtle file's triples by subject, for the few questions reading a small file such as the
    shapes asks of them: its values, its subjects, its RDF lists."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._about: dict[Term, list[tuple[NamedNode, Term]]] = defaultdict(list)
        for triple in turtle_triples(path):
            self._about[triple.subject].append((triple.predicate, triple.object))

    def predicate_objects(self, subject: Term) -> list[tuple[NamedNode, Term]]:
        return self._about.get(subject, [])

    def objects(self, subject: Term, predicate: NamedNode) -> list[Term]:
        return [value for said, value in self.predicate_objects(subject) if said == predicate]

    def value(self, subject: Term, predicate: NamedNode) -> Term | None:
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def subjects(self, predicate: NamedNode, value: Term) -> list[Term]:
        return [subject for subject, about in self._about.items() if (predicate, value) in about]

    def items(self, first: Term) -> tuple[Term, ...]:
        """The members of an RDF list, in order; a list that is not one is a DataFileError."""
        found, node, seen = [], first, set()
        while node != RDF.nil:
            item, rest = self.value(node, RDF.first), self.value(node, RDF.rest)
            if item is None or rest is None or node in seen:
                raise DataFileError(str(self.path), f"{short_value(first)} is not a well-formed RDF list")
            seen.add(node)
            found.append(item)
            node = rest
        return tuple(found)
