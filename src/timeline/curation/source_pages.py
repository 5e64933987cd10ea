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
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from timeline.curation.authoring import (
    STATED_BASIS, NewSource, SourceDetails, add_source, free_id, known_sources, read_source_file, remove_sources, same_source,
    slug,
)
from timeline.curation.build import build
from timeline.errors import TimelineError
from timeline.pages.fetcher import MAX_PAGE_BYTES, PageFetcher

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
MAX_ID_LENGTH = 60
# Sources of a list written between two builds: a build for each would take most of the time
# (a build validates the whole knowledge base's shapes), and one for the whole list would lose
# all of it to an interruption.
BUILD_EVERY = 25
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
    added: NewSource | None = field(default=None, repr=False)


def is_address(text: str) -> bool:
    """Whether `text` is meant as an address (scheme://...) rather than a file name."""
    return bool(_ADDRESS.match(text.strip()))


def add_from(
    kb_dir: Path, given_text: str, given: Given = Given(), fetcher: PageFetcher | None = None, build_after: bool = True,
) -> Outcome:
    """Add one source: the page at an address, a saved page (.html) or a text file. A source
    the knowledge base has already is skipped. Raises TimelineError when it cannot be added."""
    if is_address(given_text):
        page = (fetcher or PageFetcher()).fetch(given_text)
        addresses = tuple(dict.fromkeys((page.address, page.final_address)))
        prepared = _from_page(kb_dir, given_text, page.body, page.charset, page.final_address, addresses, given, page.retrieved)
    else:
        path = Path(given_text)
        if path.suffix.lower() in PAGE_SUFFIXES:
            body = _read_page_file(path)
            prepared = _from_page(kb_dir, given_text, body, None, given.url, (given.url,) if given.url else (), given, None)
        else:
            prepared = _from_text(kb_dir, given_text, path, given)
    if isinstance(prepared, Outcome):
        return prepared
    return Outcome(given_text, "added", add_source(kb_dir, prepared, build_after), added=prepared)


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
    unbuilt: list[int] = []  # the outcomes added since the last build
    before = (kb_dir / "sources.toml").read_text(encoding="utf-8")
    try:
        for done, item in enumerate(wanted):
            if progress:
                progress(done, len(wanted), item[-40:])
            try:
                outcomes.append(add_from(kb_dir, item, given, fetcher, build_after=False))
            except TimelineError as error:
                outcomes.append(Outcome(item, "failed", reason=" ".join(str(error).split())))
                continue
            if outcomes[-1].status == "added":
                unbuilt.append(len(outcomes) - 1)
            if len(unbuilt) >= BUILD_EVERY:
                _build_added(kb_dir, before, outcomes, unbuilt)
                unbuilt = []
                before = (kb_dir / "sources.toml").read_text(encoding="utf-8")
        if unbuilt:
            _build_added(kb_dir, before, outcomes, unbuilt)
            unbuilt = []
    except BaseException:
        # Interrupted: what was added since the last build goes, whole; the rest stays, built.
        remove_sources(kb_dir, before, [outcome.added for index in unbuilt if (outcome := outcomes[index]).added])
        raise
    if progress:
        progress(len(wanted), len(wanted), "")
    return outcomes


def _build_added(kb_dir: Path, before: str, outcomes: list[Outcome], unbuilt: list[int]) -> None:
    """Build what was added since the last build. Should that fail, each is taken out and added
    again on its own, built, so that only the one the build refuses fails."""
    try:
        build(kb_dir)
        return
    except TimelineError:
        added = [outcome.added for index in unbuilt if (outcome := outcomes[index]).added]
        remove_sources(kb_dir, before, added)
    for index in unbuilt:
        outcome = outcomes[index]
        assert outcome.added is not None
        try:
            add_source(kb_dir, outcome.added)
        except TimelineError as error:
            outcomes[index] = Outcome(outcome.given, "failed", reason=" ".join(str(error).split()))


def _read_page_file(path: Path) -> bytes:
    if not path.is_file():
        raise TimelineError(f"No file {path}.")
    if path.stat().st_size > MAX_PAGE_BYTES:
        raise TimelineError(f"{path} is {path.stat().st_size:,} bytes, more than the {MAX_PAGE_BYTES:,} timeline reads of a page.")
    return path.read_bytes()


def _from_text(kb_dir: Path, given_text: str, path: Path, given: Given) -> NewSource | Outcome:
    text = read_source_file(path)
    if given.title is None:
        raise TimelineError(f"{path} is a text file: give its title with --title (a saved .html page or an address has its own).")
    if given.published is None:
        raise TimelineError(f"{path} is a text file: give its publication date with --published YYYY-MM-DD; every relative date in it is read against it.")
    known = same_source(kb_dir, text, (given.url,) if given.url else ())
    if known is not None:
        return Outcome(given_text, "skipped", known, f"the knowledge base has it already, as the source {known}")
    details = SourceDetails(given.title, given.published, publisher=given.publisher, url=given.url)
    return NewSource(given.source_id or slug(path.stem), text, details, suffix=path.suffix or ".txt")


def _from_page(
    kb_dir: Path, given_text: str, body: bytes, charset: str | None, address: str | None, addresses: tuple[str, ...],
    given: Given, retrieved: datetime | None,
) -> NewSource | Outcome:
    from timeline.pages.article import ArticleError, decode_page, read_article

    decoded = decode_page(body, charset)
    try:
        article = read_article(decoded.html, address)
    except ArticleError as error:
        raise ArticleError(f"{given_text}: {error}") from None
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
            f"{given_text}: no publication date was found in the page; give it: `timeline source add {given_text} "
            "--published YYYY-MM-DD` (every relative date of the report is read against it)."
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
    return NewSource(given.source_id or _new_id(kb_dir, title, address), text, details, page=body)


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

