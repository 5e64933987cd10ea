"""What a build remembers between runs (`.timeline/build.json`): a summary of each compiled
events file, which lets the next build compile only what changed, validate it beside what it
needs, and `timeline validate` batch a folder without reading every file.

Each summary is kept packed (its JSON, compressed) and unpacked when asked for, in memory as in
the file: a build of thousands of files holds a few kilobytes for each, not the lists and
tables of all of them (0.13 MB an article as Python objects). A missing, damaged or planted
cache, or one another version wrote, means a full build, never an error.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rdflib import URIRef

from timeline.version import __version__
from timeline.model.dates import ImpreciseDate, Precision
from timeline.rdf.files import read_cache_json
from timeline.resources import ontology_dir

if TYPE_CHECKING:
    from timeline.curation.entities import EntityIndex
    from timeline.curation.sources import Source

# Bump when the compiler writes something else for the same input: every cache is then stale.
BUILD_FORMAT = 4
CACHE_FILE = Path(".timeline") / "build.json"
MAX_CACHE_BYTES = 1 << 30  # far above what 40,000 articles record; a larger file is damaged

V = TypeVar("V")


class NamesLookedUp(Generic[V]):
    """The events of every file by id, noting which ids a file looks up: the incremental build
    recompiles a file when an event it names changes. A view of the build's one mapping, not a
    copy: a copy per file grew with the square of the sources (22 GB at 4,000)."""

    def __init__(self, events: Mapping[str, V] | None = None) -> None:
        self._events: Mapping[str, V] = events if events is not None else {}
        self.looked_up: set[str] = set()

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.looked_up.add(key)
        return key in self._events

    def __getitem__(self, key: str) -> V:
        self.looked_up.add(key)
        return self._events[key]


@dataclass
class FileSummary:
    """What the build remembers of one compiled events file."""

    fingerprint: str
    cited_sources: list[str]
    declared: dict[str, str]
    references: list[str]
    entity_names: dict[str, str]
    datings: list[list[Any]]  # [event, interval, begin, end]; a date is [earliest, latest, precision]
    orders: list[str]
    additions: str  # digest of what the preferred datings gave it (preferred_datings.Gains)
    output: list[int] = field(default_factory=list)  # [size, mtime_ns] of the .ttl as written

    def datings_by_event(self) -> dict[URIRef, list[tuple[URIRef, ImpreciseDate, ImpreciseDate | None]]]:
        """The file's datings as the compiler gave them: for each event, its intervals with
        their begin and end (None: unknown end)."""
        found: dict[URIRef, list[tuple[URIRef, ImpreciseDate, ImpreciseDate | None]]] = {}
        for event, interval, begin, end in self.datings:
            found.setdefault(URIRef(event), []).append((URIRef(interval), date_from_json(begin), date_from_json(end)))  # type: ignore[arg-type]
        return found

    def still_holds(self, path: Path, sources: Mapping[str, Source], entities: EntityIndex) -> bool:
        """Whether the file would compile to what it did: its TOML and the sources it cites
        unchanged, its output untouched, and each entity name resolving as it did."""
        if self.fingerprint != file_fingerprint(digest(path.read_bytes()), self.cited_sources, sources):
            return False
        if self.output != output_stat(path.with_suffix(".ttl")):
            return False
        return all(str(entities.find(name)[0]) == iri for name, iri in self.entity_names.items())


def file_fingerprint(toml_digest: str, cited: Iterable[str], sources: Mapping[str, Source]) -> str:
    """A file's inputs: its TOML, and the text and reference date of each source it cites."""
    parts: list[bytes | str] = [toml_digest]
    for source_id in sorted(cited):
        source = sources.get(source_id)
        parts += [source_id, source.text if source else "", str(source.reference_date) if source else ""]
    return digest(*parts)


class Summaries(MutableMapping[Path, FileSummary]):
    """File summaries by events file, each kept packed. A summary read is a copy: to change
    one, put it back."""

    def __init__(self) -> None:
        self._packed: dict[Path, str] = {}

    def __getitem__(self, path: Path) -> FileSummary:
        # Only well-formed summaries are put in (put_packed checks what a cache file held), so
        # one read again is not checked again: checks of every summary at every read were a
        # third of a rebuild after one edit at 2,000 articles.
        return _inflated(self._packed[path])

    def __setitem__(self, path: Path, summary: FileSummary) -> None:
        self._packed[path] = _packed(summary)

    def __delitem__(self, path: Path) -> None:
        del self._packed[path]

    def __iter__(self) -> Iterator[Path]:
        return iter(list(self._packed))

    def __len__(self) -> int:
        return len(self._packed)

    def __contains__(self, path: object) -> bool:
        return path in self._packed

    def packed(self, path: Path) -> str:
        return self._packed[path]

    def take(self, other: Summaries, path: Path) -> None:
        """Keep the summary `other` holds for `path`, as it is (checked when it was put there)."""
        self._packed[path] = other._packed[path]

    def put_packed(self, path: Path, packed: str) -> bool:
        """Keep a summary as read from a cache file, if it unpacks to a well-formed one."""
        if _unpacked(packed) is None:
            return False
        self._packed[path] = packed
        return True


def _packed(summary: FileSummary) -> str:
    # Its fields as they are (JSON's types already): asdict's deep copy took 4 s a rebuild at 2,000.
    text = json.dumps(vars(summary), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(zlib.compress(text, 1)).decode("ascii")


MAX_SUMMARY_BYTES = 64 << 20  # one file's summary unpacked: far above any real one (about 11 KB)


def _inflated(packed: str) -> FileSummary:
    return FileSummary(**json.loads(zlib.decompress(base64.b64decode(packed))))


def _unpacked(packed: Any) -> FileSummary | None:
    """A summary as read from a cache file, or None where it is damaged or not well formed."""
    try:
        inflater = zlib.decompressobj()
        text = inflater.decompress(base64.b64decode(packed, validate=True), MAX_SUMMARY_BYTES)
        if inflater.unconsumed_tail or not inflater.eof:
            return None  # larger than any summary, or cut short: a damaged cache
        summary = FileSummary(**json.loads(text))
    except (ValueError, TypeError, zlib.error, RecursionError, MemoryError):
        return None
    return summary if _well_formed(summary) else None


def load_cache(kb_dir: Path) -> Summaries:
    """The summaries the last build wrote, or none (a full build)."""
    document = read_cache_json(kb_dir / CACHE_FILE, MAX_CACHE_BYTES)
    summaries = Summaries()
    try:
        if document["global"] != global_fingerprint():
            return Summaries()
        for name, packed in document["files"].items():
            if not isinstance(name, str) or not summaries.put_packed(kb_dir / name, packed):
                return Summaries()
        return summaries
    except (ValueError, TypeError, KeyError, AttributeError):
        return Summaries()  # no cache, a damaged one, or one this version cannot read: a full build


def events_of(summaries: Mapping[Path, FileSummary]) -> tuple[dict[Path, list[str]], dict[Path, list[str]]]:
    """For each events file, the events it defines and the other files' events it names, as
    N-Triples terms: what validating files a batch at a time needs to know of them."""
    read = dict(summaries.items())  # each packed summary unpacked once
    term_of = {event_id: f"<{iri}>" for summary in read.values() for event_id, iri in summary.declared.items()}
    defines = {path: [f"<{iri}>" for iri in summary.declared.values()] for path, summary in read.items()}
    names = {path: [term_of[name] for name in summary.references if name in term_of] for path, summary in read.items()}
    return defines, names


def remembered_events(kb_dir: Path) -> dict[Path, tuple[list[str], list[str]]]:
    """For each events file's RDF this cache vouches for (written by the last build and
    untouched since), the events it defines and the other files' events it names
    (`events_of`): what validating the folder batch by batch needs, without reading the file."""
    read = dict(load_cache(kb_dir).items())  # each packed summary unpacked once
    defines, names = events_of(read)
    remembered = {}
    for path, summary in read.items():
        output = path.with_suffix(".ttl")
        written = summary.output
        if written and written == output_stat(output):
            remembered[output] = (defines[path], names[path])
    return remembered


def cache_text(kb_dir: Path, summaries: Summaries) -> Iterator[str]:
    """The cache as JSON, a file's packed summary at a time: the whole never held as one text."""
    yield f'{{"global": {json.dumps(global_fingerprint())}, "files": {{'
    for index, path in enumerate(sorted(summaries)):
        yield (", " if index else "") + f"{json.dumps(str(path.relative_to(kb_dir)), ensure_ascii=False)}: "
        yield json.dumps(summaries.packed(path))
    yield "}}\n"


def _well_formed(summary: FileSummary) -> bool:
    """Whether a summary read back has the types the build writes: a damaged or planted cache
    must be a full build, not a traceback halfway through an incremental one."""

    def texts(values: Any) -> bool:
        return isinstance(values, list) and all(isinstance(value, str) for value in values)

    def table(values: Any) -> bool:
        return isinstance(values, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in values.items())

    def dated(value: Any) -> bool:
        if value is None:
            return True
        try:
            return texts(value) and len(value) == 3 and date_from_json(value) is not None
        except ValueError:  # not an ISO date, or not a precision
            return False

    return (
        isinstance(summary.fingerprint, str) and isinstance(summary.additions, str)
        and texts(summary.cited_sources) and texts(summary.references) and texts(summary.orders)
        and table(summary.declared) and table(summary.entity_names)
        and isinstance(summary.datings, list)
        and all(isinstance(d, list) and len(d) == 4 and texts(d[:2]) and dated(d[2]) and dated(d[3]) for d in summary.datings)
        and isinstance(summary.output, list) and all(isinstance(n, int) for n in summary.output)
    )


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\x1f")
    return hasher.hexdigest()[:32]


def global_fingerprint() -> str:
    return digest(str(BUILD_FORMAT), __version__, (ontology_dir() / "timeline.ttl").read_bytes())


def date_json(value: ImpreciseDate | None) -> list[str] | None:
    return None if value is None else [value.earliest.isoformat(), value.latest.isoformat(), value.precision.value]


def date_from_json(value: list[str] | None) -> ImpreciseDate | None:
    if value is None:
        return None
    return ImpreciseDate(date.fromisoformat(value[0]), date.fromisoformat(value[1]), Precision(value[2]))


def output_stat(path: Path) -> list[int]:
    """The size and modification time of a built file, by which the cache knows it untouched."""
    try:
        status = path.stat()
    except OSError:
        return []
    return [status.st_size, status.st_mtime_ns]
