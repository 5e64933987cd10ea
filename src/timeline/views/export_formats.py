"""What `timeline export` and the Python API's export write: the knowledge base as RDF
(timeline.store.transfer) or its events for other tools (timeline.views.event_exports), in the
format asked for or the one a file's name asks for."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from timeline.errors import TimelineError
from timeline.kb.layout import PARTS
from timeline.store.protocol import Store
from timeline.store.transfer import RDF_FORMATS, export_pieces
from timeline.views.event_exports import VIEW_FORMATS, events_csv, timelinejs
from timeline.views.events import event_views, kb_title, sources

EXPORT_FORMATS = (*RDF_FORMATS, *VIEW_FORMATS)
FORMAT_OF_EXTENSION = {".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig", ".jsonld": "jsonld", ".csv": "csv"}


def format_of(output: Path | None, option: str = "the format") -> str:
    """The export format an output file's name asks for, as riot and oxigraph read it (Turtle
    when there is no file). `option`: how the error names the way to give the format."""
    if output is None:
        return "turtle"
    suffix = output.suffix.lower()
    if suffix in FORMAT_OF_EXTENSION:
        return FORMAT_OF_EXTENSION[suffix]
    known = ", ".join(FORMAT_OF_EXTENSION)
    raise TimelineError(f"Cannot tell the format from the name {output.name}: give {option}, or a name ending in {known}.")


def exported(
    store: Store, output_format: str, parts: Sequence[str] = (), progress: Callable[[int, int], None] = lambda done, total: None,
) -> Iterable[str]:
    """The export as pieces to write as they come: of RDF, the chosen parts (named graphs; all
    by default) a graph at a time, never the whole knowledge base in memory; of the events, the
    whole text."""
    if output_format not in EXPORT_FORMATS:
        raise TimelineError(f"{output_format!r} is not an export format: give one of {', '.join(EXPORT_FORMATS)}.")
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        raise TimelineError(f"{unknown[0]!r} is not a part of a knowledge base: give some of {', '.join(PARTS)}.")
    if output_format in VIEW_FORMATS:
        if parts:
            raise TimelineError(f"Parts pick RDF graphs; the {output_format} format exports every event. Leave out the parts.")
        events = event_views(store)
        return [timelinejs(events, kb_title(sources(store))) if output_format == "timelinejs" else events_csv(events)]
    return export_pieces(store, tuple(parts) or PARTS, output_format, progress)
