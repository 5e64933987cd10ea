"""Which files make up a knowledge base, and the named graph each one is loaded into.

    ontology/timeline.ttl           graph:ontology
    <kb>/sources.ttl                graph:sources     the sources, with their full texts
    <kb>/entities.ttl               graph:entities    actors, places and their Wikidata links
    <kb>/events/<source-id>.ttl     graph:events/<source-id>   one source's events and evidence
    <kb>/links.ttl                  graph:links       owl:sameAs links to Wikidata and DBpedia
    <kb>/enrichment/<target>.ttl    graph:enrichment/<target>  facts fetched for linked items

Each part of an export (`timeline export --part ...`) is one or more of these graphs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.errors import DataFileError, TimelineError
from timeline.rdf.prefixes import graph_name
from timeline.resources import kb_dir as bundled_kb_dir
from timeline.resources import ontology_dir

if TYPE_CHECKING:
    from timeline.rdf.model import NamedNode

PARTS = ("ontology", "sources", "entities", "events", "links", "enrichment")
KB_ENVIRONMENT_VARIABLE = "TIMELINE_KB"


@dataclass(frozen=True)
class KbFile:
    path: Path
    graph_name: str  # the IRI of the named graph the file is loaded into
    part: str

    @property
    def graph(self) -> NamedNode:
        """The named graph as a term, as stores name graphs."""
        from timeline.rdf.model import NamedNode

        return NamedNode(self.graph_name)

    def require(self) -> None:
        """A DataFileError unless the file is there."""
        if not self.path.is_file():
            raise DataFileError(str(self.path), "file not found; run `timeline build` to make it")


def find_kb_dir(start: Path) -> Path | None:
    """The knowledge base folder `start` is in: the nearest folder, upwards, with a sources.toml."""
    for folder in (start, *start.parents):
        if (folder / "sources.toml").is_file():
            return folder
    return None


def resolve_kb_dir(kb_dir: Path | None = None) -> Path:
    """The knowledge base folder: the one given, else $TIMELINE_KB, else the one the current
    folder is in (a folder with sources.toml, looking upwards), else the packaged seed KB."""
    if kb_dir is None and os.environ.get(KB_ENVIRONMENT_VARIABLE):
        kb_dir = Path(os.environ[KB_ENVIRONMENT_VARIABLE])
    if kb_dir is None:
        kb_dir = find_kb_dir(Path.cwd())
    if kb_dir is None:
        return bundled_kb_dir()
    if not kb_dir.is_dir():
        raise TimelineError(f"The knowledge base folder {kb_dir} does not exist. Check --kb (or ${KB_ENVIRONMENT_VARIABLE}), or make one with `timeline init {kb_dir}`.")
    if not (kb_dir / "sources.ttl").is_file():
        raise TimelineError(
            f"{kb_dir} is not a knowledge base folder: it has no sources.ttl. "
            f"Point --kb (or ${KB_ENVIRONMENT_VARIABLE}) at a folder built with `timeline build`."
        )
    return kb_dir


def is_bundled(kb_dir: Path) -> bool:
    """Whether the folder is the seed installed inside the package, which timeline never writes."""
    from timeline.resources import checkout_kb_dir

    return checkout_kb_dir() is None and kb_dir.resolve() == bundled_kb_dir().resolve()


def graph_for(kb_dir: Path, path: Path) -> NamedNode:
    """The named graph a knowledge-base file (existing or about to be written) is loaded into."""
    from timeline.rdf.model import NamedNode

    if path.parent == ontology_dir():
        return NamedNode(graph_name("ontology"))
    if path.parent.name in ("events", "enrichment"):
        return NamedNode(graph_name(f"{path.parent.name}/{path.stem}"))
    return NamedNode(graph_name(path.stem))


def kb_files(kb_dir: Path) -> list[KbFile]:
    """The RDF files of the knowledge base, in load order."""
    files = [
        KbFile(ontology_dir() / "timeline.ttl", graph_name("ontology"), "ontology"),
        KbFile(kb_dir / "sources.ttl", graph_name("sources"), "sources"),
        KbFile(kb_dir / "entities.ttl", graph_name("entities"), "entities"),
    ]
    for events_file in sorted((kb_dir / "events").glob("*.ttl")):
        files.append(KbFile(events_file, graph_name(f"events/{events_file.stem}"), "events"))
    if (kb_dir / "links.ttl").is_file():
        files.append(KbFile(kb_dir / "links.ttl", graph_name("links"), "links"))
    for enrichment_file in sorted((kb_dir / "enrichment").glob("*.ttl")):
        files.append(KbFile(enrichment_file, graph_name(f"enrichment/{enrichment_file.stem}"), "enrichment"))
    return files


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def part_of(graph: str) -> str | None:
    """Which part of a knowledge base a named graph holds (graph:events/x -> "events")."""
    prefix = graph_name("")
    if not graph.startswith(prefix):
        return None
    name = graph[len(prefix) :].split("/", 1)[0]
    return name if name in PARTS else None
