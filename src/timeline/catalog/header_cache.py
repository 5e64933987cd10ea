"""Stored queries' headers as parsed before, kept in the user's cache folder between runs.

A stored query's `#+` header is YAML, and importing PyYAML and parsing one header takes about
15 ms: a tenth of a whole `timeline query` on a small knowledge base. A header parsed and
checked once is kept here as JSON, which the next run reads instead; so is the gate's parse of
the query (timeline.rdf.sparql_text), so that binding a stored query needs neither the SPARQL
grammar nor its lexer (8 ms of a query's own share, measured against the same code without it).

An entry holds everything its parse depended on, and is used only when all of it is the same:
the query's whole text (the checks read the query body too), whether grlc's variable names were
required, and a fingerprint of the sources of the header's parser and of the gate. An edited query, or another version of
timeline, finds the entry different and parses the header again; nothing stale is ever used.
Entries are named by the query's file name and a checksum of its text (a few hundred bytes
each, one per version of a query that ran). Only a header that passed every check is kept: a
broken one is parsed, and reported, every time.

The cache only saves time: the folder can be deleted at any moment. A folder that cannot be
made or written, or an entry that cannot be read, means the header is parsed again, with the
same result and the same errors. So does an entry that is damaged or planted: one that is not
a regular file of a sensible size, not JSON, or whose fields disagree with the query's text
(timeline.catalog.headers checks the parameters against the header and the query body, and a
kept parse against what the gate writes: its operation one of SPARQL's, every group where values
are bound a `{` of its text).

(zlib's checksums name entries and fingerprint the parser; hashlib would load OpenSSL, 2.5 ms of
the start-up this module is here to save, and the text itself is compared in full.)
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any


def cache_folder() -> Path | None:
    """$XDG_CACHE_HOME/timeline/query-headers (~/.cache/... when unset), or None when the user
    has no home folder to keep it in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG rule: a relative value is ignored
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):
            return None
    return Path(base) / "timeline" / "query-headers"


def _trusted(folder: Path) -> bool:
    """Whether the folder is the user's own and no one else may write in it: an entry says
    what a query's parameters are, so one planted by another user must never be read."""
    try:
        status = folder.stat()
    except OSError:
        return False
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def fingerprint(data: bytes) -> str:
    return f"{len(data)}-{zlib.crc32(data):08x}-{zlib.adler32(data):08x}"


def _entry_path(folder: Path, file_name: str, text: str, grlc_variables: bool) -> Path:
    checksum = zlib.crc32(text.encode("utf-8"))
    return folder / f"{file_name}-{checksum:08x}{'-grlc' if grlc_variables else ''}.json"


def read_entry(file_name: str, text: str, grlc_variables: bool, parser: str) -> dict[str, Any] | None:
    """The fields kept for this exact query text, parser and grlc setting, or None."""
    folder = cache_folder()
    if folder is None or not _trusted(folder):
        return None
    from timeline.rdf.files import read_cache_json

    # An entry is the query's text and a few hundred bytes more.
    entry = read_cache_json(_entry_path(folder, file_name, text, grlc_variables), len(text.encode("utf-8")) * 4 + 65536)
    if not isinstance(entry, dict) or entry.get("parser") != parser or entry.get("text") != text:
        return None
    fields = entry.get("fields")
    return fields if isinstance(fields, dict) else None


def write_entry(file_name: str, text: str, grlc_variables: bool, parser: str, fields: dict[str, Any]) -> None:
    folder = cache_folder()
    if folder is None:
        return
    from timeline.rdf.files import write_atomically

    entry = {"parser": parser, "text": text, "fields": fields}
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(folder):
            return
        write_atomically(_entry_path(folder, file_name, text, grlc_variables), json.dumps(entry, ensure_ascii=False))
    except OSError:
        pass  # a read-only or full disk: the next run parses the header again
