"""Knowledge base folders for people: create one (`timeline init`), add a source's text to it
(`timeline source add`), and find the one a command works on."""

from __future__ import annotations

import hashlib
import re
import shutil
import tomllib
import urllib.parse
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from timeline.curation.build import build
from timeline.model.dates import ImpreciseDate, Precision
from timeline.errors import DataFileError, TimelineError
from timeline.rdf.files import write_atomically
from timeline.rdf.namespaces import is_local_id
from timeline.rdf.syntax import is_valid_iri
from timeline.resources import kb_dir as seed_kb_dir

_SLUG = re.compile(r"[^a-z0-9]+")
STATED_BASIS = "Stated: the publication date given when the source was added."
CURATED = ("sources.toml", "entities.toml", "links.toml", "sources", "events")

EMPTY_FILES = {
    "sources.toml": "# The sources of this knowledge base: add one with `timeline source add URL` (or a saved page, or a text file).\n",
    "entities.toml": "# The actors and places of this knowledge base, one [[entity]] table each (see docs/curating.md).\n",
    "links.toml": "# Links to other knowledge graphs, one line each.\n\n[wikidata]\n\n[dbpedia]\n",
}


def init_kb(target: Path, empty: bool = False) -> list[Path]:
    """Make a knowledge base folder: a copy of the seed's curated files, or an empty one; then
    build its RDF. An existing knowledge base is never overwritten."""
    if (target / "sources.toml").exists():
        raise TimelineError(f"{target} is a knowledge base already; nothing was changed.")
    if target.exists() and any(target.iterdir()):
        raise TimelineError(f"{target} is not empty; give a new or empty folder.")
    target.mkdir(parents=True, exist_ok=True)
    if empty:
        (target / "sources").mkdir()
        (target / "events").mkdir()
        for name, text in EMPTY_FILES.items():
            (target / name).write_text(text, encoding="utf-8")
    else:
        seed = seed_kb_dir()
        for name in CURATED:
            source = seed / name
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("*.ttl"))
            else:
                shutil.copy2(source, target / name)
    # What timeline derives from the folder (the build cache, the derived store) is kept out of
    # version control: it is rebuilt from the curated files.
    (target / ".gitignore").write_text(".timeline/\n", encoding="utf-8")
    return build(target).written


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def free_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, ...: the first not in `taken`, which it joins."""
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


@dataclass(frozen=True)
class SourceDetails:
    """What sources.toml records of a source besides its text."""

    title: str
    published: str  # YYYY-MM-DD: the reference date every relative date of the text is read against
    published_basis: str = STATED_BASIS
    publisher: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None
    retrieved: datetime | None = None  # when the text was read from `url` (PROV-O generatedAtTime)
    found: tuple[str, ...] = ()  # how each value was found: comment lines above the entry


def read_source_file(text_file: Path) -> bytes:
    """A text file's bytes, if it can be a source: there, at most 8 MiB, UTF-8."""
    if not text_file.is_file():
        raise TimelineError(f"No file {text_file}.")
    from timeline.curation.sources import MAX_SOURCE_BYTES

    if text_file.stat().st_size > MAX_SOURCE_BYTES:
        raise TimelineError(f"{text_file} is {text_file.stat().st_size:,} bytes; a source may have at most {MAX_SOURCE_BYTES:,} (8 MiB). Split it.")
    data = text_file.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TimelineError(f"{text_file} is not UTF-8 text (byte {error.start}); convert it to UTF-8 first.") from None
    return data


def check_details(details: SourceDetails) -> None:
    """Raise TimelineError, saying which option to fix, if sources.toml could not take these."""
    if not details.title.strip():
        raise TimelineError("The title is empty; give one with --title.")
    try:
        day: ImpreciseDate | None = ImpreciseDate.parse(details.published)
    except ValueError:
        day = None
    if day is None or day.precision is not Precision.DAY:
        raise TimelineError(
            f"--published {details.published!r} is not a day: give it as YYYY-MM-DD (relative dates in the text are read against it)."
        )
    if details.url is not None:
        parts = urllib.parse.urlsplit(details.url)
        if parts.scheme not in ("http", "https") or not parts.netloc or not is_valid_iri(details.url):
            raise TimelineError(
                f"--url {details.url[:80]!r} is not an absolute http(s) URL without spaces or <>\"{{}}|^`\\ characters; "
                "nothing was added."
            )


def known_sources(kb_dir: Path) -> list[dict[str, object]]:
    """The [[source]] tables of sources.toml, as they are."""
    return list(tomllib.loads((kb_dir / "sources.toml").read_text(encoding="utf-8")).get("source", []))


def same_source(kb_dir: Path, text: bytes, addresses: tuple[str, ...] = ()) -> str | None:
    """The id of a source the knowledge base has already: at one of these addresses, or with
    this very text."""
    wanted = {address.split("#")[0] for address in addresses if address}
    tables = known_sources(kb_dir)
    for table in tables:
        url = table.get("url")
        if isinstance(url, str) and url.split("#")[0] in wanted:
            return str(table.get("id"))
    digest = hashlib.sha256(text).digest()
    for table in tables:
        file_name = table.get("file")
        if not isinstance(file_name, str):
            continue
        from timeline.curation.sources import inside_sources

        path = inside_sources(kb_dir, file_name)
        if path is not None and path.is_file() and path.stat().st_size == len(text) and hashlib.sha256(path.read_bytes()).digest() == digest:
            return str(table.get("id"))
    return None


@dataclass(frozen=True)
class NewSource:
    """A source to add: its id, its text byte for byte, what sources.toml says of it, and the
    page it was read from, if any, to keep beside it."""

    source_id: str
    text: bytes
    details: SourceDetails
    suffix: str = ".txt"
    page: bytes | None = None

    def paths(self, kb_dir: Path) -> tuple[Path, Path | None, Path]:
        """Where its text, its page and its events file go."""
        page = kb_dir / "sources" / f"{self.source_id}.html" if self.page is not None else None
        return kb_dir / "sources" / f"{self.source_id}{self.suffix}", page, kb_dir / "events" / f"{self.source_id}.toml"


def add_source(kb_dir: Path, new: NewSource, build_after: bool = True) -> str:
    """Store a text byte for byte as a new source, with its metadata (and the page it was read
    from, if any, beside it), and an events file to curate it in; then build, unless the
    caller builds once after several (`build_after=False`, and `remove_sources` if that
    build fails). Either all of it is added or, if anything fails, nothing is."""
    details, source_id = new.details, new.source_id
    check_details(details)
    if not is_local_id(source_id):
        raise TimelineError(f"{source_id!r} cannot be a source id: use lower-case letters, digits and hyphens (--id).")
    sources_file = kb_dir / "sources.toml"
    if any(source.get("id") == source_id for source in known_sources(kb_dir)):
        raise TimelineError(f"A source {source_id!r} exists already; choose another with --id.")
    stored, saved_page, events_file = new.paths(kb_dir)
    for path in (stored, saved_page, events_file):
        if path is not None and path.exists():
            raise TimelineError(f"{path} exists already; choose another id with --id.")
    import tomlkit

    entry = tomlkit.table()
    entry["id"] = source_id
    entry["file"] = stored.name
    if saved_page is not None:
        entry["page"] = saved_page.name
    entry["title"] = details.title
    entry["reference-date"] = details.published
    entry["reference-date-basis"] = details.published_basis
    if details.publisher:
        entry["publisher"] = details.publisher
    if details.authors:
        entry["authors"] = list(details.authors)
    if details.language:
        entry["language"] = details.language
    if details.url:
        entry["url"] = details.url
    if details.retrieved is not None:
        entry["retrieved"] = details.retrieved
    before = sources_file.read_text(encoding="utf-8")
    stored.parent.mkdir(parents=True, exist_ok=True)
    events_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        stored.write_bytes(new.text)
        if saved_page is not None and new.page is not None:
            saved_page.write_bytes(new.page)
        # Appended as text after what is there, which stays as it was, comments and all; where
        # each value was found goes in comments just above the new table.
        table = tomlkit.aot()
        table.append(entry)
        notes = "".join(f"# {' '.join(note.split())}\n" for note in details.found)
        write_atomically(sources_file, (before.rstrip("\n") + "\n\n" if before.strip() else "") + notes + tomlkit.dumps({"source": table}))
        events_file.write_text(
            f"# Events and claims of the source {source_id}: see docs/curating.md.\n\n"
            f"source = {toml_string(source_id)}\n",
            encoding="utf-8",
        )
        if build_after:
            build(kb_dir)
    except DataFileError as error:
        remove_sources(kb_dir, before, [new])
        # The line it names was in the entry being added, which is gone again.
        where = f" (in the entry that was being added to {error.path})" if error.line is not None else ""
        raise TimelineError(f"The source was not added, and nothing was changed: {error.message}{where}") from None
    except BaseException:
        remove_sources(kb_dir, before, [new])
        raise
    return source_id


def remove_sources(kb_dir: Path, sources_toml_before: str, added: list[NewSource]) -> None:
    """Undo additions: sources.toml as it was before them, and their files gone."""
    write_atomically(kb_dir / "sources.toml", sources_toml_before)
    for new in added:
        for path in new.paths(kb_dir):
            if path is not None:
                path.unlink(missing_ok=True)


def toml_string(value: str) -> str:
    """The value as a TOML string, every character escaped as TOML requires (tomlkit)."""
    import tomlkit

    return tomlkit.string(value).as_string()


def add_entities(kb_dir: Path, entries: list[tuple[dict[str, object], str]], note: str) -> list[str]:
    """Append new [[entity]] tables to entities.toml, the batch after a comment that says where
    it came from and each after one that says how it was found; an id the file has already is
    left as it is. Returns the ids added. The file is replaced in one step, so that it is never
    half-written."""
    import tomlkit

    entities_file = kb_dir / "entities.toml"
    before = entities_file.read_text(encoding="utf-8") if entities_file.is_file() else ""
    document = tomlkit.parse(before)
    existing = {table.get("id") for table in document.get("entity", [])}
    added = [(entry, how) for entry, how in entries if entry["id"] not in existing]
    if not added:
        return []
    text = before.rstrip("\n") + "\n\n" + f"# {note}\n"
    for entry, how in added:
        table = tomlkit.aot()
        table.append(tomlkit.item(entry))
        comment = " ".join(how.split())  # one line, whatever the text it quotes
        text += f"\n# {comment}\n" + tomlkit.dumps({"entity": table})
    write_atomically(entities_file, text)
    return [str(entry["id"]) for entry, _ in added]
