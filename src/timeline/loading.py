"""`timeline load`: write the knowledge base into a persistent store on disk or a SPARQL server.

Every file is parsed before anything is written, so bad data changes nothing. Then each
named graph is replaced in one step (an Oxigraph transaction, a Graph Store Protocol PUT, or
one SPARQL update request): a reader sees the old graph or the new one, and a load that fails
half-way (the server going down) leaves every graph whole, each either as it was or as new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from timeline.knowledge_base import kb_files, resolve_kb_dir
from timeline.store import WritableStore, parse_file


@dataclass(frozen=True)
class LoadReport:
    graphs: list[tuple[URIRef, int]]

    @property
    def triples(self) -> int:
        return sum(count for _, count in self.graphs)


def load(kb_dir: Path | None, target: WritableStore, progress: Callable[[URIRef, int], None] = lambda graph, count: None) -> LoadReport:
    parsed = [(kb_file.graph, *parse_file(kb_file)) for kb_file in kb_files(resolve_kb_dir(kb_dir))]
    written = []
    for graph, ntriples, count in parsed:
        target.replace_graph(graph, ntriples)
        written.append((graph, count))
        progress(graph, count)
    return LoadReport(written)
