"""The timeline page `timeline serve` answers `/` with, and the index of events its windows are
drawn from: made once per engine, the page kept gzipped.

The page carries no events (at 240,000 events one that carries them all is half a gigabyte,
which no browser opens usefully): it asks `/timeline/window.json` for what each window shows,
worked out from the index (views/event_window.py). The page is mostly vis-timeline's code,
which packs about 3.5 times (585 KB into 166 KB); it goes as it is to a client that accepts
gzip (every browser), unpacked a megabyte at a time to one that does not.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from timeline.views.event_window import EventIndex

if TYPE_CHECKING:
    from timeline.api import KnowledgeBase

API_LINKS = (("stored queries", "/queries"), ("OpenAPI", "/openapi.json"), ("SPARQL query page", "/sparql"), ("SPARQL endpoint", "/query"))
CHUNK_BYTES = 1 << 20
GZIP_WINDOW = 16 + zlib.MAX_WBITS  # zlib's way of asking for a gzip header and trailer


@dataclass(frozen=True)
class DrawnPage:
    gzipped: bytes
    size: int  # of the HTML unpacked, in bytes: its Content-Length when sent so

    def html_chunks(self) -> Iterator[bytes]:
        """The page's HTML, unpacked a megabyte at a time."""
        unpacker = zlib.decompressobj(GZIP_WINDOW)
        rest = self.gzipped
        while rest:
            yield unpacker.decompress(rest, CHUNK_BYTES)
            rest = unpacker.unconsumed_tail
        yield unpacker.flush()


def index_events(knowledge_base: KnowledgeBase) -> EventIndex:
    """Every event as the page draws it, read from the engine; the evidence of one is asked
    for when it is shown."""
    from timeline.views.events import kb_title, sources

    all_sources = sources(knowledge_base.store)
    return EventIndex(knowledge_base.events(evidence=False), all_sources, kb_title(all_sources))


def draw_page(index: EventIndex) -> DrawnPage:
    """The served page, with links to the API, packed."""
    from timeline.views.page import served_page

    overview = index.window()
    html = served_page(index.title, index.reference, index.actors(), (overview.start, overview.end), len(index.events), API_LINKS).encode("utf-8")
    return DrawnPage(zlib.compress(html, 6, wbits=GZIP_WINDOW), len(html))


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header (RFC 9110 12.5.3) accepts gzip: named, or by `*`,
    with a weight above zero."""
    weights: dict[str, float] = {}
    for member in accept_encoding.split(","):
        coding, _, parameters = member.partition(";")
        weight = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                weight = float(value)
            except ValueError:
                weight = 0.0
        weights[coding.strip().lower()] = weight
    return weights.get("gzip", weights.get("x-gzip", weights.get("*", 0.0))) > 0
