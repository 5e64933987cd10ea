"""The timeline page `timeline serve` answers `/` with: drawn once per engine, kept gzipped.

At 240,000 events the page is half a gigabyte of HTML; kept as text it was held in the
server's memory for as long as the engine lived. It is drawn piece by piece into a gzip
stream (its repeated markup and JSON keys pack 40 to 60 times: 52 MB into 1.3 MB at 1,000
articles, 521 MB into 8.9 MB at 10,000), sent as it is to a client that accepts gzip (every
browser), and unpacked a megabyte at a time for one that does not.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

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


def draw_page(knowledge_base: KnowledgeBase) -> DrawnPage:
    """The knowledge base's page, as `timeline html` draws it with links to the API, packed
    as it is drawn."""
    packer = zlib.compressobj(6, zlib.DEFLATED, GZIP_WINDOW)
    packed, size = [], 0
    with knowledge_base.page_pieces(links=API_LINKS) as (pieces, _):
        for piece in pieces:
            encoded = piece.encode("utf-8")
            size += len(encoded)
            packed.append(packer.compress(encoded))
    packed.append(packer.flush())
    return DrawnPage(b"".join(packed), size)


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
