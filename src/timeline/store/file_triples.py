"""A knowledge-base file's triples as the SPARQL engine reads them: checked, as sorted
N-Triples, or as the events it defines and mentions. Below the stores and `load`, which read
files through it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from timeline.kb.layout import KbFile
from timeline.store.engine_errors import too_large_error, turtle_error


def file_triples(kb_file: KbFile) -> Iterator[Any]:
    """The file's triples as Oxigraph reads them; a missing file is a DataFileError that says
    how to make it, and broken Turtle one with file, line and column (raised as the reading
    reaches it)."""
    kb_file.require()
    yield from turtle_triples(kb_file.path)


def turtle_triples(path: Path) -> Iterator[Any]:
    """A Turtle file's triples as Oxigraph reads them (the shapes file's too): broken Turtle is
    a DataFileError with file, line and column."""
    import pyoxigraph

    try:
        yield from pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    except SyntaxError as error:
        raise turtle_error(str(path), error) from None
    except MemoryError:
        raise too_large_error(str(path)) from None


def parse_file(kb_file: KbFile) -> tuple[str, int]:
    """A knowledge-base file as sorted N-Triples text and its triple count. Oxigraph writes the
    terms, as timeline.rdf.terms would (tests/test_export.py holds the two to the same bytes):
    through rdflib terms the same text took several times as long."""
    lines = {f"{t.subject} {t.predicate} {t.object} ." for t in file_triples(kb_file)}
    return "".join(line + "\n" for line in sorted(lines)), len(lines)


def events_in_file(kb_file: KbFile, namespace: str) -> tuple[set[str], set[str]]:
    """The IRIs under `namespace` (as N-Triples terms) the file types (the events it defines)
    and those it mentions at all, subject or object."""
    import pyoxigraph

    rdf_type = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    defined: set[str] = set()
    mentioned: set[str] = set()
    for triple in file_triples(kb_file):
        for term in (triple.subject, triple.object):
            if isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(namespace):
                mentioned.add(f"<{term.value}>")
        if triple.predicate == rdf_type and isinstance(triple.subject, pyoxigraph.NamedNode) and triple.subject.value.startswith(namespace):
            defined.add(f"<{triple.subject.value}>")
    return defined, mentioned


def check_file(kb_file: KbFile) -> int:
    """Read a knowledge-base file to make sure it is good Turtle, keeping nothing; its number
    of distinct triples."""
    return len(set(file_triples(kb_file)))
