"""A report read out of a web page: its main text (trafilatura: no navigation, captions,
related links or comments), title, authors, site, language and publication date (htmldate),
each with how it was found, and the page's bytes decoded by the charset it declares.

trafilatura and htmldate are imported only here, and only when a page is read."""

from __future__ import annotations

import codecs
import re
import urllib.parse
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import version
from typing import Any

from timeline.errors import TimelineError
from timeline.rdf.syntax import is_valid_iri

# An article, even a news brief, runs to a few sentences; fewer words than this in a page's
# main text mean an index, a form or a gallery, not a report.
MIN_ARTICLE_WORDS = 40
# A news page has a few hundred to a few thousand elements; reading takes about 0.2 ms an
# element, so a page with more than this is refused rather than read for minutes.
MAX_ELEMENTS = 30_000
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# WHATWG Encoding: these labels mean windows-1252 in a browser; Python's latin-1 differs at 0x80-0x9F.
_AS_BROWSERS_READ = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}
_LANGUAGE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")
# Headings that end a report on news sites and wikis: what follows them is the list of its
# sources, links and related stories, not the report.
_CLOSING_HEADINGS = {"sources", "references", "external links", "see also", "related news", "related articles", "related stories", "notes"}


class ArticleError(TimelineError):
    """A page with no report in it that timeline can read."""


@dataclass(frozen=True)
class DecodedPage:
    html: str
    charset: str
    how: str


@dataclass(frozen=True)
class Article:
    """What a page says of itself; `found` says, field by field, where each value was read."""

    text: str  # the headline, then the paragraphs, a blank line between
    title: str | None
    authors: tuple[str, ...] = ()
    site: str | None = None
    language: str | None = None
    published: date | None = None
    address: str | None = None  # the page's own address (canonical link), if it gives one
    found: dict[str, str] = field(default_factory=dict)

    @property
    def words(self) -> int:
        return len(self.text.split())


def extractor_versions() -> str:
    """The libraries a text was derived with: the same page gives the same text with them."""
    return f"trafilatura {version('trafilatura')}, htmldate {version('htmldate')}"


def decode_page(body: bytes, declared: str | None) -> DecodedPage:
    """The page's text, decoded as a browser would: a byte order mark first, then the charset
    the answer declared, then the page's own <meta charset>; a label that is unknown, or that
    the bytes contradict, is passed over, and charset-normalizer guesses as a last resort."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if body.startswith(bom):
            return DecodedPage(body[len(bom):].decode(name, errors="replace"), name, "its byte order mark")
    meta = _META_CHARSET.search(body[:4096])
    candidates = [(declared, "the answer's Content-Type header"), (meta.group(1).decode("ascii") if meta else None, "the page's <meta> charset")]
    for label, how in candidates:
        codec = _codec(label)
        if codec is None:
            continue
        try:
            return DecodedPage(body.decode(codec), codec, how)
        except UnicodeDecodeError:
            continue
    try:
        return DecodedPage(body.decode("utf-8"), "utf-8", "UTF-8, the web's default (no usable charset was declared)")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is not None:
        return DecodedPage(str(best), best.encoding, "guessed by charset-normalizer (the declared charset did not fit the bytes)")
    return DecodedPage(body.decode("cp1252", errors="replace"), "cp1252", "windows-1252, with undecodable bytes replaced")


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _AS_BROWSERS_READ.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def read_article(html: str, address: str | None = None) -> Article:
    """The report in a page. Raises ArticleError when there is none (too few words)."""
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        raise ArticleError("the page has no HTML in it that can be read; check that it is a web page.") from None
    elements = sum(1 for _ in tree.iter())
    if elements > MAX_ELEMENTS:
        raise ArticleError(
            f"the page has {elements:,} HTML elements, more than a news page ({MAX_ELEMENTS:,}); "
            "save the report's text and add it as a FILE."
        )
    extracted = trafilatura.bare_extraction(
        html, url=address, with_metadata=True, include_comments=False, include_tables=False, include_images=False,
        include_links=False, favor_precision=True,
    )
    document: dict[str, Any] = {}
    if extracted is not None:
        document = extracted if isinstance(extracted, dict) else extracted.as_dict()
    body = document.get("text") or ""
    paragraphs = [" ".join(line.split()) for line in body.splitlines()]
    paragraphs = _without_closing_sections([paragraph for paragraph in paragraphs if paragraph])
    words = sum(len(paragraph.split()) for paragraph in paragraphs)
    if words < MIN_ARTICLE_WORDS:
        raise ArticleError(
            f"the page has no article in it ({words} words of main text, fewer than {MIN_ARTICLE_WORDS}); "
            "give the address of the report itself, or save its text and add it as a FILE."
        )
    found: dict[str, str] = {"text": f"the page's main text, read by {extractor_versions()}"}
    title, how = _headline(tree, " ".join((document.get("title") or "").split()))
    if title:
        found["title"] = how
        if paragraphs[0] != title:
            paragraphs.insert(0, title)
    authors = tuple(name.strip() for name in (document.get("author") or "").split(";") if name.strip())
    if authors:
        found["authors"] = "the page's author markup (meta author, schema.org or a byline), read by trafilatura"
    site = " ".join((document.get("sitename") or "").split()) or None
    if site:
        found["site"] = "the page's og:site_name" if _meta(tree, "og:site_name") == site else "the page's publisher markup or title, read by trafilatura"
    elif address:
        site = urllib.parse.urlsplit(address).hostname
        found["site"] = "the address's host name (the page names no site)"
    language, how = _language(tree)
    if language:
        found["language"] = how
    published, how = _publication_date(html, address)
    if published:
        found["published"] = how
    canonical = document.get("url")
    # Only an address sources.toml can keep as it stands: the page is not trusted to give one.
    canonical = canonical if isinstance(canonical, str) and canonical.startswith(("http://", "https://")) and is_valid_iri(canonical) else None
    return Article("\n\n".join(paragraphs) + "\n", title, authors, site, language, published, canonical, found)


def _meta(tree: object, name: str) -> str | None:
    for element in tree.xpath(f'//meta[@property="{name}" or @name="{name}"]'):  # type: ignore[attr-defined]
        content = " ".join((element.get("content") or "").split())
        if content:
            return content
    return None


def _headline(tree: object, title: str) -> tuple[str | None, str]:
    """The report's headline: the page's title, or its first heading where the title is that
    heading with more after it (pages add the site's name to their <title>)."""
    heading = " ".join(str(tree.xpath("string(//h1)")).split())  # type: ignore[attr-defined]
    if heading and heading != title and title.startswith(heading):
        return heading, "the page's first heading (its title adds to it)"
    if not title:
        return (heading, "the page's first heading") if heading else (None, "")
    if _meta(tree, "og:title") == title:
        return title, "the page's og:title"
    if heading == title:
        return title, "the page's first heading"
    return title, "the page's <title>, read by trafilatura"


def _without_closing_sections(paragraphs: list[str]) -> list[str]:
    """The paragraphs before the first closing heading ("Sources", "See also", ...), if any
    come before it."""
    for index, paragraph in enumerate(paragraphs):
        if index > 0 and paragraph.rstrip(":").strip().lower() in _CLOSING_HEADINGS:
            return paragraphs[:index]
    return paragraphs


def _language(tree: object) -> tuple[str | None, str]:
    """The page's language as an ISO 639 code, from <html lang> or its content-language."""
    import pycountry

    declared = [
        (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang"), "the page's <html lang>"),  # type: ignore[attr-defined]
        (_meta(tree, "og:locale"), "the page's og:locale"),
    ]
    for value, how in declared:
        match = _LANGUAGE.match((value or "").strip())
        if not match:
            continue
        code = match.group(1).lower()
        language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
        if language is not None:
            return code, how
    return None, ""


def _publication_date(html: str, address: str | None) -> tuple[date | None, str]:
    """The date the page was first published (htmldate, original date): from its markup and
    address first; only then from its visible text, a less certain reading, and said so."""
    import htmldate

    for extensive, how in (
        (False, "the page's markup or address (publication date meta, structured data, time elements)"),
        (True, "the page's text (htmldate's extensive search: check it)"),
    ):
        found = htmldate.find_date(html, extensive_search=extensive, original_date=True, url=address)
        if found:
            try:
                return date.fromisoformat(found), f"{how}, read by htmldate {version('htmldate')}"
            except ValueError:
                continue
    return None, ""
