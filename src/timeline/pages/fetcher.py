"""Fetching a web page for `timeline source add URL`, politely and safely.

Politely: a user agent that names timeline ($TIMELINE_USER_AGENT to name yourself), robots.txt
obeyed (`robots`), one request at a time and a pause between two to the same host (longer if
its robots.txt asks for a Crawl-delay).

Safely: http and https only; at most five redirects, each checked as the first request was,
never from https down to http nor to another scheme (a `file://` or `ftp://` target is refused
before anything is read from it); the whole request, headers and body, over within the
timeout (a server that trickles a byte at a time cannot hold the command); the answer bounded
in size before and after decompression (a gzip bomb stops at the limit); no credentials,
cookies or referrer sent, and an address with a user name or password in it refused. Every
failure is a FetchError with one line that says what happened and what to do.
"""

from __future__ import annotations

import os
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from typing import Any

from timeline.version import DEFAULT_USER_AGENT, USER_AGENT_VARIABLE
from timeline.errors import TimelineError
from timeline.pages.robots import MAX_ROBOTS_BYTES, RobotsRules

MAX_PAGE_BYTES = 10 * 1024 * 1024  # a news page with its markup is well under 2 MB; 10 leaves room
MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 30.0
DEFAULT_PAUSE = 1.0  # between two requests to one host, as polite crawlers wait at least
HTML_TYPES = ("text/html", "application/xhtml+xml")
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"


class FetchError(TimelineError):
    """A page that could not be fetched; the message is one line."""


@dataclass(frozen=True)
class FetchedPage:
    address: str  # as asked (percent-encoded where it had to be)
    final_address: str  # after redirects: where the page was read
    body: bytes  # decompressed
    media_type: str  # text/html or application/xhtml+xml
    charset: str | None  # as the answer's Content-Type declared it
    retrieved: datetime  # UTC, to the second


@dataclass
class _Answer:
    status: int
    headers: Message
    body: bytes


def checked_address(address: str) -> str:
    """An address timeline may ask for: absolute http(s), a host, no user name or password, no
    spaces or control characters; percent-encoded where a character may not stand in a URL (a
    non-ASCII host in its IDNA form). Raises FetchError saying what is wrong."""
    text = address.strip()
    if any(ord(character) < 0x21 or character == "\x7f" for character in text):
        raise FetchError(f"{address[:80]!r} has spaces or control characters in it; give the page's address as the browser shows it.")
    parts = urllib.parse.urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"{address[:80]!r} is not an http(s) address; timeline fetches web pages only (save other files and add them as FILE).")
    if parts.username is not None or parts.password is not None:
        raise FetchError(f"{_shown(address)} has a user name or password in it; timeline sends no credentials: remove them.")
    try:
        host = (parts.hostname or "").encode("idna").decode("ascii")
        port = parts.port
    except (UnicodeError, ValueError):
        raise FetchError(f"{address[:80]!r} has no valid host name.") from None
    if not host:
        raise FetchError(f"{address[:80]!r} has no host name.")
    netloc = host if port is None else f"{host}:{port}"
    if ":" in host:  # an IPv6 literal keeps its brackets
        netloc = f"[{host}]" if port is None else f"[{host}]:{port}"
    path = urllib.parse.quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = urllib.parse.quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return urllib.parse.urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def _shown(address: str) -> str:
    """An address to print: without a password that may be in it."""
    parts = urllib.parse.urlsplit(address)
    if parts.password is None and parts.username is None:
        return address[:200]
    return urllib.parse.urlunsplit((parts.scheme, parts.hostname or "", parts.path, parts.query, ""))[:200]


def _origin(address: str) -> str:
    parts = urllib.parse.urlsplit(address)
    return f"{parts.scheme}://{parts.netloc}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as answers, to be checked and followed by the fetcher itself."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        return None


def _opener() -> urllib.request.OpenerDirector:
    # No cookie processor, no auth handler: nothing but the request's own headers is sent.
    return urllib.request.build_opener(_NoRedirects())


@dataclass
class PageFetcher:
    """Fetches pages one at a time; remembers each origin's robots.txt and when its host was
    last asked, so that a list of addresses is fetched politely."""

    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = MAX_PAGE_BYTES
    pause: float = DEFAULT_PAUSE
    user_agent: str = field(default_factory=lambda: os.environ.get(USER_AGENT_VARIABLE) or DEFAULT_USER_AGENT)
    sleep: Callable[[float], None] = time.sleep
    _robots: dict[str, RobotsRules] = field(default_factory=dict, repr=False)
    _last_request: dict[str, float] = field(default_factory=dict, repr=False)
    _opener: urllib.request.OpenerDirector = field(default_factory=_opener, repr=False)

    def fetch(self, address: str) -> FetchedPage:
        """The page at `address`, its redirects followed; raises FetchError."""
        asked = checked_address(address)
        current = asked
        for _ in range(MAX_REDIRECTS + 1):
            self._check_robots(current)
            answer = self._get(current, self.max_bytes)
            if answer.status in (301, 302, 303, 307, 308):
                current = self._redirect_target(current, answer)
                continue
            self._check_status(current, answer.status)
            media_type, charset = _content_type(answer.headers)
            if media_type and media_type not in HTML_TYPES:
                raise FetchError(f"{current} is {media_type}, not an HTML page; save its text and add it as a FILE.")
            if not answer.body.strip():
                raise FetchError(f"{current} answered with an empty page; check the address.")
            if not media_type and not _looks_like_html(answer.body):
                raise FetchError(f"{current} gave no content type and does not look like an HTML page; save its text and add it as a FILE.")
            retrieved = datetime.now(UTC).replace(microsecond=0)
            return FetchedPage(asked, current, answer.body, media_type or "text/html", charset, retrieved)
        raise FetchError(f"{asked} redirected more than {MAX_REDIRECTS} times (a redirect loop?); nothing was added.")

    def _redirect_target(self, current: str, answer: _Answer) -> str:
        location = answer.headers.get("Location")
        if not location:
            raise FetchError(f"{current} redirected (HTTP {answer.status}) without saying where to; check the address.")
        target = urllib.parse.urljoin(current, location.strip())
        scheme = urllib.parse.urlsplit(target).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"{current} redirected to {_shown(target)}, which is not a web page (http or https); it was not followed.")
        if urllib.parse.urlsplit(current).scheme == "https" and scheme == "http":
            raise FetchError(f"{current} redirected from https down to {_shown(target)}; it was not followed (fetch that address yourself if you trust it).")
        try:
            return checked_address(target)
        except FetchError as error:
            raise FetchError(f"{current} redirected to an address timeline does not ask for: {error}") from None

    def _check_robots(self, address: str) -> None:
        origin = _origin(address)
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        rules = self._robots[origin]
        if rules.unreadable is not None:
            raise FetchError(f"{origin}/robots.txt could not be read ({rules.unreadable}); timeline asks nothing of a site whose rules it cannot read. Try again later.")
        if not rules.allows(address):
            raise FetchError(f"{origin}/robots.txt does not allow timeline to fetch {address}; save the page from a browser and add the .html file.")

    def _read_robots(self, origin: str) -> RobotsRules:
        current = origin + "/robots.txt"
        for _ in range(MAX_REDIRECTS + 1):
            try:
                answer = self._get(current, MAX_ROBOTS_BYTES, truncate=True)
            except FetchError as error:
                return RobotsRules.forbid_all(str(error).rstrip("."))
            if answer.status in (301, 302, 303, 307, 308) and answer.headers.get("Location"):
                try:  # checked as any address is: http(s), no user name or password
                    current = checked_address(urllib.parse.urljoin(current, answer.headers["Location"].strip()))
                except FetchError:
                    return RobotsRules.allow_all()  # RFC 9309 2.3.1.2: a robots.txt that cannot be had allows all
                continue
            if 200 <= answer.status < 300:
                return RobotsRules.parse(answer.body.decode("utf-8", errors="replace"))
            if 400 <= answer.status < 500:
                return RobotsRules.allow_all()  # RFC 9309 2.3.1.3: unavailable
            return RobotsRules.forbid_all(f"HTTP {answer.status}")  # 2.3.1.4: unreachable
        return RobotsRules.allow_all()  # 2.3.1.2: more than five redirects, as unavailable

    def _check_status(self, address: str, status: int) -> None:
        if 200 <= status < 300:
            return
        if status in (404, 410):
            raise FetchError(f"{address} was not found (HTTP {status}); check the address.")
        if status in (401, 403):
            raise FetchError(f"{address} refused to give the page (HTTP {status}); save it from a browser and add the .html file.")
        if status == 429:
            raise FetchError(f"{address} asked timeline to slow down (HTTP 429); try again later.")
        if status >= 500:
            raise FetchError(f"{address} answered with a server error (HTTP {status}); try again later.")
        raise FetchError(f"{address} answered HTTP {status}, not a page.")

    def _wait_for_host(self, address: str) -> None:
        host = urllib.parse.urlsplit(address).hostname or ""
        rules = self._robots.get(_origin(address))
        pause = max(self.pause, rules.crawl_delay if rules else 0.0)
        last = self._last_request.get(host)
        if last is not None:
            wait = last + pause - time.monotonic()
            if wait > 0:
                self.sleep(wait)
        self._last_request[host] = time.monotonic()

    def _get(self, address: str, limit: int, truncate: bool = False) -> _Answer:
        """One GET, no redirect followed, over within the timeout; the body decompressed and
        bounded by `limit` (cut there if `truncate`, else refused)."""
        self._wait_for_host(address)
        request = urllib.request.Request(address, headers={
            "User-Agent": self.user_agent, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate",
        })
        deadline = time.monotonic() + self.timeout
        outcome: dict[str, Any] = {}

        def send() -> None:
            try:
                try:
                    response = self._opener.open(request, timeout=self.timeout)
                except urllib.error.HTTPError as error:  # 3xx, 4xx, 5xx: an answer all the same
                    response = error
                with response:
                    raw = _read_bounded(response, limit, deadline, truncate)
                    outcome["answer"] = _Answer(response.status, response.headers, raw)
            except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
                outcome["error"] = error

        # The socket timeout bounds each read; a server that trickles a byte at a time would
        # never trip it, so the whole request runs in a thread the caller waits for.
        worker = threading.Thread(target=send, daemon=True, name="timeline-fetch")
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            raise _too_slow(address, self.timeout)
        if "error" in outcome:
            raise _transport_error(outcome["error"], address, self.timeout, limit) from None
        answer: _Answer = outcome["answer"]
        answer.body = _decompressed(answer.body, answer.headers.get("Content-Encoding", ""), limit, address, truncate)
        return answer


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


def _read_bounded(response: Any, limit: int, deadline: float, truncate: bool) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit and not truncate:
        raise _TooLarge(int(declared))
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise _TooSlow()
        chunk = response.read1(1 << 16) if hasattr(response, "read1") else response.read(1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            if truncate:
                break
            raise _TooLarge(size)
    return b"".join(chunks)[: limit + 1]


def _decompressed(body: bytes, encoding: str, limit: int, address: str, truncate: bool) -> bytes:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        if len(body) > limit and not truncate:
            raise FetchError(f"{address} is larger than {limit:,} bytes, more than a news page; save the text and add it as a FILE.")
        return body[:limit]
    if encoding in ("gzip", "x-gzip"):
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        # A zlib stream, as the standard says, or a raw deflate stream, as some servers send.
        decompressor = zlib.decompressobj(zlib.MAX_WBITS if body[:1] == b"\x78" else -zlib.MAX_WBITS)
    else:
        raise FetchError(f"{address} answered compressed as {encoding!r}, which timeline does not read (it asks for gzip or deflate).")
    try:
        # max_length bounds what is inflated: a small bomb cannot fill the memory.
        data = decompressor.decompress(body, limit + 1)
    except zlib.error:
        raise FetchError(f"{address} answered with a broken {encoding} stream; try again later.") from None
    if len(data) > limit or decompressor.unconsumed_tail:
        if truncate:
            return data[:limit]
        raise FetchError(f"{address} unpacks to more than {limit:,} bytes, more than a news page; nothing was added.")
    return data


def _too_slow(address: str, timeout: float) -> FetchError:
    return FetchError(f"{address} did not answer within {timeout:g} s; try again later, or allow more time with --timeout.")


def _transport_error(error: BaseException, address: str, timeout: float, limit: int) -> FetchError:
    if isinstance(error, FetchError):
        return error
    if isinstance(error, _TooLarge):
        return FetchError(f"{address} is larger than the {limit:,} bytes timeline reads of a page; save the text and add it as a FILE.")
    if isinstance(error, _TooSlow):
        return _too_slow(address, timeout)
    reason: object = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return _too_slow(address, timeout)
    if isinstance(reason, ConnectionRefusedError):
        return FetchError(f"{address} refused the connection; check the address, or try again later.")
    if isinstance(reason, socket.gaierror):
        return FetchError(f"{address}: no such host; check the address and the network.")
    if isinstance(reason, ssl.SSLCertVerificationError):
        return FetchError(f"{address}: its certificate could not be verified ({reason.verify_message}); nothing was read.")
    if isinstance(reason, ConnectionError):
        return FetchError(f"{address} closed the connection before answering; try again later.")
    if isinstance(reason, OSError) or isinstance(error, (ValueError, urllib.error.URLError)):
        return FetchError(f"{address} could not be fetched: {reason}.")
    return FetchError(f"{address} could not be fetched: {type(error).__name__}: {error}.")


def _content_type(headers: Message) -> tuple[str, str | None]:
    value = headers.get("Content-Type", "")
    if not value:
        return "", None
    message = Message()
    message["Content-Type"] = value
    media_type = message.get_content_type().lower()
    charset = message.get_param("charset")
    return media_type, charset.strip().strip('"').lower() if isinstance(charset, str) and charset.strip() else None


def _looks_like_html(body: bytes) -> bool:
    start = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<!--")) or b"<html" in start
