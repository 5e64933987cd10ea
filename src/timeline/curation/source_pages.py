"""`timeline source add`: a source from a text file, a saved web page or a page's address, one
or a list of them. From a page, the report's text, title, authors, site, language and
publication date are read for you (timeline.pages), each with how it was found; what the user
gives (--title, --published, ...) wins over what was found. The page itself is kept beside the
text, and a source the knowledge base has already (the same address, or the same text) is
skipped, not added twice."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from timeline.curation.authoring import (
    STATED_BASIS, SourceDetails, add_source, free_id, known_sources, read_source_file, same_source, slug,
)
from timeline.errors import TimelineError
from timeline.pages.fetcher import MAX_PAGE_BYTES, PageFetcher

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
MAX_ID_LENGTH = 60
_ADDRESS = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class Given:
    """What the user said of a source on the command line; it wins over what a page says."""

    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    url: str | None = None
    source_id: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What became of one address or file of a list."""

    given: str
    status: Literal["added", "skipped", "failed"]
    source_id: str | None = None
    reason: str = ""


def is_address(text: str) -> bool:
    """Whether `text` is meant as an address (scheme://...) rather than a file name."""
    return bool(_ADDRESS.match(text.strip()))


def add_from(kb_dir: Path, given_text: str, given: Given = Given(), fetcher: PageFetcher | None = None) -> Outcome:
    """Add one source: the page at an address, a saved page (.html) or a text file. A source
    the knowledge base has already is skipped. Raises TimelineError when it cannot be added."""
    if is_address(given_text):
        page = (fetcher or PageFetcher()).fetch(given_text)
        addresses = tuple(dict.fromkeys((page.address, page.final_address)))
        return _add_page(kb_dir, given_text, page.body, page.charset, page.final_address, addresses, given, page.retrieved)
    path = Path(given_text)
    if path.suffix.lower() in PAGE_SUFFIXES:
        body = _read_page_file(path)
        return _add_page(kb_dir, given_text, body, None, given.url, (given.url,) if given.url else (), given, None)
    return _add_text(kb_dir, given_text, path, given)


def add_all(
    kb_dir: Path, items: Iterable[str], given: Given = Given(), fetcher: PageFetcher | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Outcome]:
    """Add each address or file in turn; one that fails is reported and the rest go on. Each
    is added whole or not at all; pages are fetched one at a time, with a pause between two
    requests to the same host (the fetcher's)."""
    fetcher = fetcher or PageFetcher()
    wanted = [item.strip() for item in items if item.strip() and not item.lstrip().startswith("#")]
    outcomes: list[Outcome] = []
    for done, item in enumerate(wanted):
        if progress:
            progress(done, len(wanted), item[-40:])
        try:
            outcomes.append(add_from(kb_dir, item, given, fetcher))
        except TimelineError as error:
            outcomes.append(Outcome(item, "failed", reason=" ".join(str(error).split())))
    if progress:
        progress(len(wanted), len(wanted), "")
    return outcomes


def _read_page_file(path: Path) -> bytes:
    if not path.is_file():
        raise TimelineError(f"No file {path}.")
    if path.stat().st_size > MAX_PAGE_BYTES:
        raise TimelineError(f"{path} is {path.stat().st_size:,} bytes, more than the {MAX_PAGE_BYTES:,} timeline reads of a page.")
    return path.read_bytes()


def _add_text(kb_dir: Path, given_text: str, path: Path, given: Given) -> Outcome:
    text = read_source_file(path)
    if given.title is None:
        raise TimelineError(f"{path} is a text file: give its title with --title (a saved .html page or an address has its own).")
    if given.published is None:
        raise TimelineError(f"{path} is a text file: give its publication date with --published YYYY-MM-DD; every relative date in it is read against it.")
    known = same_source(kb_dir, text, (given.url,) if given.url else ())
    if known is not None:
        return Outcome(given_text, "skipped", known, f"the knowledge base has it already, as the source {known}")
    details = SourceDetails(given.title, given.published, publisher=given.publisher, url=given.url)
    source_id = given.source_id or slug(path.stem)
    added = add_source(kb_dir, text, details, source_id, suffix=path.suffix or ".txt")
    return Outcome(given_text, "added", added)


def _add_page(
    kb_dir: Path, given_text: str, body: bytes, charset: str | None, address: str | None, addresses: tuple[str, ...],
    given: Given, retrieved: datetime | None,
) -> Outcome:
    from timeline.pages.article import decode_page, read_article

    decoded = decode_page(body, charset)
    article = read_article(decoded.html, address)
    found = dict(article.found, charset=f"{decoded.charset}, from {decoded.how}")
    if not given.url and not address and article.address:
        found["address"] = "the page's canonical link"
    address = given.url or address or article.address
    text = article.text.encode("utf-8")
    known = same_source(kb_dir, text, addresses + ((article.address,) if article.address else ()))
    if known is not None:
        return Outcome(given_text, "skipped", known, f"the knowledge base has it already, as the source {known}")
    title = given.title or article.title
    if not title:
        raise TimelineError(f"{given_text}: the page gives no title; give one with --title.")
    published = given.published or (article.published.isoformat() if article.published else None)
    if published is None:
        raise TimelineError(
            f"{given_text}: no publication date was found in the page; give it with --published YYYY-MM-DD "
            "(every relative date of the report is read against it)."
        )
    basis = STATED_BASIS if given.published else f"Found in {found['published']}."
    overridden = {"title": given.title, "published": given.published, "site": given.publisher, "address": given.url}
    notes = tuple(
        f"{name}: given on the command line" if overridden.get(name) else f"{name}: {how}"
        for name, how in found.items()
    )
    details = SourceDetails(
        title, published, basis, publisher=given.publisher or article.site, url=address, authors=article.authors,
        language=article.language, retrieved=retrieved if address else None,
        found=notes,
    )
    source_id = given.source_id or _new_id(kb_dir, title, address)
    added = add_source(kb_dir, text, details, source_id, page=body)
    return Outcome(given_text, "added", added)


def _new_id(kb_dir: Path, title: str, address: str | None) -> str:
    """An id from the headline (at most 60 characters, cut between words), else from the last
    part of the address; the first one free."""
    base = slug(title)
    if len(base) > MAX_ID_LENGTH:
        base = base[:MAX_ID_LENGTH].rsplit("-", 1)[0]
    if not base and address:
        base = slug(urllib.parse.urlsplit(address).path.rstrip("/").rsplit("/", 1)[-1])[:MAX_ID_LENGTH].strip("-")
    taken = {str(table.get("id")) for table in known_sources(kb_dir)}
    taken |= {path.stem for path in (kb_dir / "sources").glob("*")} | {path.stem for path in (kb_dir / "events").glob("*.toml")}
    return free_id(base or "source", taken)

