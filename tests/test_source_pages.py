"""`timeline source add URL|PAGE.html` and `--from FILE`, against a real HTTP server on this
machine: saved real pages (tests/pages, see its README for their sources and licences) and
hostile answers (slow, endless, huge, a gzip bomb, redirect loops and a redirect to file://,
a wrong charset, an empty body, a page that is not an article)."""

from __future__ import annotations

import gzip
import http.server
import threading
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from timeline.cli import cli
from timeline.curation.authoring import init_kb
from timeline.pages.article import decode_page, read_article
from timeline.pages.fetcher import FetchError, PageFetcher

from sparql_servers import POLL_SECONDS

PAGES = Path(__file__).parent / "pages"
WIKINEWS = "wikinews-2012-08-30-morsi-state-visit-china.html"
EXPECTED = tomllib.loads((PAGES / "pages.toml").read_text(encoding="utf-8"))
PAGE_FACTS = {page["file"]: page for page in EXPECTED["page"]}
ARTICLE_TEXT = " ".join(["The council met on Tuesday and agreed the budget after a long debate."] * 8)
# Test data written for these tests, in windows-1252, which the answer mislabels as UTF-8.
CP1252_PAGE = (
    '<html lang="en"><head><meta charset="windows-1252"><title>Caf\xe9 owners protest in Lyon</title></head>'
    "<body><h1>Caf\xe9 owners protest in Lyon</h1><article><p>Published on Monday, March 4, 2024.</p>"
    f"<p>Caf\xe9 owners marched through Lyon on Monday \u2013 a protest against new rules. {ARTICLE_TEXT}</p></article></body></html>"
).encode("cp1252")
NOT_AN_ARTICLE = (
    "<html><head><title>Index</title></head><body><nav><ul>"
    + "".join(f'<li><a href="/section/{number}">Section {number}</a></li>' for number in range(30))
    + "</ul></nav><form><input name=q></form></body></html>"
).encode()
NO_DATE = f"<html lang='en'><head><title>Council agrees budget</title></head><body><article><h1>Council agrees budget</h1><p>{ARTICLE_TEXT}</p></article></body></html>".encode()
BOMB = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)


class Handler(http.server.BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []  # every request's path and headers, for the tests to read
    robots = b"User-agent: *\nDisallow: /private/\n\nUser-agent: timeline\nDisallow: /no-timeline/\n"

    def log_message(self, *arguments: object) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: C901 - one route a branch, as a table would be
        Handler.seen.append({"path": self.path, **{name.lower(): value for name, value in self.headers.items()}})
        path = self.path
        if path == "/robots.txt":
            return self._send(200, self.robots, "text/plain")
        if path.startswith("/pages/"):
            return self._send(200, (PAGES / path.removeprefix("/pages/")).read_bytes())
        if path.startswith("/gzip/"):
            body = gzip.compress((PAGES / path.removeprefix("/gzip/")).read_bytes())
            return self._send(200, body, Content_Encoding="gzip")
        if path == "/moved":
            return self._send(301, b"", Location=f"/pages/{WIKINEWS}")
        if path == "/loop":
            return self._send(302, b"", Location="/loop")
        if path == "/to-file":
            return self._send(302, b"", Location="file:///etc/passwd")
        if path == "/bomb":
            return self._send(200, BOMB, Content_Encoding="gzip")
        if path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(200 * 1024 * 1024))
            self.end_headers()
            return None
        if path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"<p>more</p>" * 10_000)
            except OSError:
                return None
        if path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                return None
            return None
        if path == "/wrong-charset":
            return self._send(200, CP1252_PAGE)
        if path == "/empty":
            return self._send(200, b"")
        if path == "/index":
            return self._send(200, NOT_AN_ARTICLE)
        if path == "/no-date":
            return self._send(200, NO_DATE)
        if path == "/giant":
            return self._send(200, b"<html><body>" + b"<p>word word word.</p>" * 40_000 + b"</body></html>")
        if path == "/report.pdf":
            return self._send(200, b"%PDF-1.4", "application/pdf")
        if path == "/forbidden":
            return self._send(403, b"no")
        if path == "/broken":
            return self._send(503, b"down")
        return self._send(404, b"not here")


class UnreadableRobots(Handler):
    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            return self._send(503, b"down")
        return super().do_GET()


class CredentialedRobots(Handler):
    """A robots.txt that redirects to an address with a user name and password in it."""

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            Handler.seen.append({"path": self.path})
            return self._send(302, b"", Location=f"http://reader:secret@127.0.0.1:{self.server.server_address[1]}/private-robots.txt")
        return super().do_GET()


def _serve(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    yield from _serve(Handler)


@pytest.fixture()
def kb(tmp_path: Path) -> Path:
    folder = tmp_path / "kb"
    init_kb(folder, empty=True)
    return folder


def _add(runner, kb: Path, *arguments: str):
    return runner.invoke(cli, ["--kb", str(kb), "source", "add", "--pause", "0", *arguments])


def _sources(kb: Path) -> list[dict]:
    return tomllib.loads((kb / "sources.toml").read_text(encoding="utf-8")).get("source", [])


def _snapshot(kb: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in kb.rglob("*") if path.is_file()}


@pytest.mark.parametrize("name", sorted(PAGE_FACTS))
def test_a_saved_page_gives_the_report_whole_without_boilerplate_with_its_title_and_date(name):
    title, published, first, last = (PAGE_FACTS[name][key] for key in ("title", "published", "first", "last"))
    article = read_article(decode_page((PAGES / name).read_bytes(), None).html)
    assert article.title == title
    assert article.published is not None and article.published.isoformat() == published
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == title
    assert paragraphs[1].startswith(first)
    assert paragraphs[-1].rstrip("\n").endswith(last)
    for line in paragraphs:
        assert not any(line.startswith(boilerplate) for boilerplate in EXPECTED["boilerplate"]), line
    assert set(article.found) >= {"text", "title", "published", "language"}


def test_source_add_url_keeps_text_page_address_and_retrieval_time_then_says_what_next(runner, kb, site):
    address = f"{site}/pages/{WIKINEWS}"
    result = _add(runner, kb, address)
    assert result.exit_code == 0, result.output
    entry = _sources(kb)[-1]
    source_id = entry["id"]
    assert source_id == "egyptian-president-morsi-makes-state-visit-to-china"
    assert entry["title"] == PAGE_FACTS[WIKINEWS]["title"] and entry["reference-date"] == "2012-08-30"
    assert entry["url"] == address and entry["language"] == "en"
    assert entry["reference-date-basis"].startswith("Found in the page's markup")
    assert abs(entry["retrieved"].timestamp() - time.time()) < 120
    assert (kb / "sources" / entry["page"]).read_bytes() == (PAGES / WIKINEWS).read_bytes()
    # The stored text is what offsets point into; it is read again from the kept page, the same.
    stored = (kb / "sources" / entry["file"]).read_bytes()
    assert stored == read_article(decode_page((kb / "sources" / entry["page"]).read_bytes(), None).html, address).text.encode()
    assert f"timeline extract {source_id}" in result.output
    assert "# published: the page's markup" in (kb / "sources.toml").read_text(encoding="utf-8")
    turtle = (kb / "sources.ttl").read_text(encoding="utf-8")
    assert f"prov:wasDerivedFrom <{address}>" in turtle and "prov:generatedAtTime" in turtle
    # The draft builds from it straight away.
    drafted = runner.invoke(cli, ["--kb", str(kb), "extract", source_id, "-o", str(kb / "events" / f"{source_id}.toml")])
    assert drafted.exit_code == 0, drafted.output
    assert runner.invoke(cli, ["--kb", str(kb), "build"]).exit_code == 0


def test_the_request_names_timeline_and_carries_no_credentials_or_cookies(runner, kb, site):
    Handler.seen.clear()
    assert _add(runner, kb, f"{site}/pages/{WIKINEWS}").exit_code == 0
    assert [request["path"] for request in Handler.seen] == ["/robots.txt", f"/pages/{WIKINEWS}"]
    for request in Handler.seen:
        assert request["user-agent"].startswith("timeline/")
        assert not {"authorization", "cookie", "referer"} & set(request)


def test_an_address_with_a_password_is_refused_before_anything_is_sent(runner, kb, site):
    Handler.seen.clear()
    result = _add(runner, kb, site.replace("http://", "http://reader:secret@") + f"/pages/{WIKINEWS}")
    assert result.exit_code == 2
    assert "sends no credentials" in result.output and "secret" not in result.output
    assert Handler.seen == []


def test_a_redirect_is_followed_and_the_address_kept_is_where_the_page_was(runner, kb, site):
    result = _add(runner, kb, f"{site}/moved")
    assert result.exit_code == 0, result.output
    assert _sources(kb)[-1]["url"] == f"{site}/pages/{WIKINEWS}"


def test_a_gzipped_page_is_read(runner, kb, site):
    result = _add(runner, kb, f"{site}/gzip/{WIKINEWS}")
    assert result.exit_code == 0, result.output


def test_the_same_report_again_is_skipped_by_address_or_by_text(runner, kb, site):
    assert _add(runner, kb, f"{site}/pages/{WIKINEWS}").exit_code == 0
    before = _snapshot(kb)
    again = _add(runner, kb, f"{site}/pages/{WIKINEWS}")
    assert again.exit_code == 0 and "Skipped" in again.output and "has it already" in again.output
    saved = _add(runner, kb, str(PAGES / WIKINEWS))  # the same page saved from a browser: the same text
    assert saved.exit_code == 0 and "Skipped" in saved.output
    assert _snapshot(kb) == before


def test_a_saved_page_is_added_with_its_canonical_address_and_no_retrieval_time(runner, kb):
    result = _add(runner, kb, str(PAGES / "wikinews-2008-04-17-bush-meets-brown.html"))
    assert result.exit_code == 0, result.output
    entry = _sources(kb)[-1]
    assert entry["url"] == "https://en.wikinews.org/wiki/George_Bush_meets_with_Gordon_Brown"
    assert "retrieved" not in entry and entry["reference-date"] == "2008-04-17"


def test_what_the_user_gives_wins_over_what_the_page_says(runner, kb, site):
    result = _add(runner, kb, f"{site}/pages/{WIKINEWS}", "--title", "Morsi in China", "--published", "2012-08-31", "--id", "morsi")
    assert result.exit_code == 0, result.output
    entry = _sources(kb)[-1]
    assert (entry["id"], entry["title"], entry["reference-date"]) == ("morsi", "Morsi in China", "2012-08-31")
    assert entry["reference-date-basis"].startswith("Stated")


def test_a_page_without_a_date_asks_for_published_and_never_guesses(runner, kb, site):
    before = _snapshot(kb)
    result = _add(runner, kb, f"{site}/no-date")
    assert result.exit_code == 2
    assert "no publication date was found" in result.output and "--published" in result.output
    assert _snapshot(kb) == before
    given = _add(runner, kb, f"{site}/no-date", "--published", "2024-03-05")
    assert given.exit_code == 0, given.output


def test_a_mislabelled_charset_is_read_by_the_page_own_declaration(runner, kb, site):
    result = _add(runner, kb, f"{site}/wrong-charset", "--published", "2024-03-04")
    assert result.exit_code == 0, result.output
    text = (kb / "sources" / _sources(kb)[-1]["file"]).read_text(encoding="utf-8")
    assert "Café owners marched through Lyon on Monday – a protest" in text


@pytest.mark.parametrize(("path", "message"), [
    ("/missing", "was not found (HTTP 404)"),
    ("/forbidden", "refused to give the page (HTTP 403)"),
    ("/broken", "server error (HTTP 503)"),
    ("/report.pdf", "is application/pdf, not an HTML page"),
    ("/empty", "empty page"),
    ("/index", "has no article in it"),
    ("/giant", "40,002 HTML elements, more than a news page"),
    ("/loop", "redirected more than 5 times"),
    ("/to-file", "which is not a web page (http or https); it was not followed"),
    ("/huge", "larger than"),
    ("/endless", "larger than"),
    ("/bomb", "unpacks to more than"),
    ("/no-timeline/report", "robots.txt does not allow timeline"),
])
def test_every_failure_is_one_clear_line_and_changes_nothing(runner, kb, site, path, message):
    before = _snapshot(kb)
    started = time.monotonic()
    result = _add(runner, kb, f"{site}{path}")
    assert result.exit_code == 2, result.output
    assert message in result.output and path in result.output  # what failed, and why
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert _snapshot(kb) == before
    assert time.monotonic() - started < 20


def test_a_slow_server_is_cut_off_by_the_timeout_of_the_whole_request(runner, kb, site):
    started = time.monotonic()
    result = _add(runner, kb, f"{site}/slow", "--timeout", "2")
    assert result.exit_code == 2
    assert "did not answer within 2 s" in result.output
    assert time.monotonic() - started < 6


def test_a_site_whose_robots_txt_cannot_be_read_is_not_asked(runner, kb):
    for address in _serve(UnreadableRobots):
        result = _add(runner, kb, f"{address}/pages/{WIKINEWS}")
        assert result.exit_code == 2
        assert "robots.txt could not be read" in result.output


def test_from_a_list_adds_each_skips_the_known_and_reports_each_failure_in_one_line(runner, kb, site, tmp_path):
    listing = tmp_path / "addresses.txt"
    listing.write_text("\n".join([
        "# reports to add", f"{site}/pages/{WIKINEWS}", f"{site}/pages/wikinews-2008-04-17-bush-meets-brown.html",
        f"{site}/moved", f"{site}/missing", str(PAGES / "wikimediafoundation-2020-01-15-turkey.html"), f"{site}/bomb", "",
    ]), encoding="utf-8")
    result = _add(runner, kb, "--from", str(listing))
    assert result.exit_code == 1, result.output
    assert "Added 3, skipped 1 (in the knowledge base already), failed 2, of 6." in result.output
    failed = [line for line in result.output.splitlines() if line.startswith("failed")]
    assert len(failed) == 2 and "HTTP 404" in failed[0] and "unpacks to more than" in failed[1]
    assert len(_sources(kb)) == 3
    assert runner.invoke(cli, ["--kb", str(kb), "build", "--check"]).exit_code == 0


def test_from_standard_input(runner, kb, site):
    result = runner.invoke(cli, ["--kb", str(kb), "source", "add", "--pause", "0", "--from", "-"], input=f"{site}/pages/{WIKINEWS}\n")
    assert result.exit_code == 0, result.output
    assert "Added 1, skipped 0" in result.output


def test_one_source_options_do_not_go_with_a_list(runner, kb, tmp_path):
    result = runner.invoke(cli, ["--kb", str(kb), "source", "add", "--from", "-", "--title", "T"], input="")
    assert result.exit_code == 2 and "cannot go with --from" in result.output


def test_requests_to_one_host_are_spaced_by_the_pause(site):
    waits: list[float] = []
    fetcher = PageFetcher(pause=5.0, sleep=waits.append)
    fetcher.fetch(f"{site}/pages/{WIKINEWS}")  # robots.txt, then the page: one wait between them
    fetcher.fetch(f"{site}/moved")  # the redirect and its target: two more
    assert len(waits) == 3 and all(4.0 < wait <= 5.0 for wait in waits)


def test_a_redirect_from_https_down_to_http_is_not_followed():
    fetcher = PageFetcher()

    class Answer:
        status = 302
        headers = {"Location": "http://example.org/page"}

    with pytest.raises(FetchError, match="from https down to"):
        fetcher._redirect_target("https://example.org/start", Answer())  # type: ignore[arg-type]


def test_when_the_build_refuses_a_list_nothing_of_it_stays_and_each_says_why(runner, kb, site, tmp_path):
    (kb / "entities.toml").write_text("[[entity]\nbroken", encoding="utf-8")  # every build now fails
    before = _snapshot(kb)
    listing = tmp_path / "addresses.txt"
    listing.write_text(f"{site}/pages/{WIKINEWS}\n{site}/pages/wikinews-2008-04-17-bush-meets-brown.html\n", encoding="utf-8")
    result = _add(runner, kb, "--from", str(listing))
    assert result.exit_code == 1
    assert "Added 0, skipped 0 (in the knowledge base already), failed 2, of 2." in result.output
    assert all("entities.toml" in line for line in result.output.splitlines() if line.startswith("failed"))
    assert _snapshot(kb) == before


def test_an_events_file_already_there_is_never_overwritten(runner, kb, site):
    curated = kb / "events" / "morsi.toml"
    curated.write_text('source = "morsi"\n# curated by hand\n', encoding="utf-8")
    result = _add(runner, kb, f"{site}/pages/{WIKINEWS}", "--id", "morsi")
    assert result.exit_code == 2 and "exists already" in result.output
    assert curated.read_text(encoding="utf-8") == 'source = "morsi"\n# curated by hand\n'


def test_a_robots_txt_redirect_to_an_address_with_credentials_is_not_followed(runner, kb):
    Handler.seen.clear()
    for address in _serve(CredentialedRobots):
        result = _add(runner, kb, f"{address}/pages/{WIKINEWS}")
        assert result.exit_code == 0, result.output  # a robots.txt that cannot be had allows all (RFC 9309)
    assert [request["path"] for request in Handler.seen] == ["/robots.txt", f"/pages/{WIKINEWS}"]


@pytest.mark.parametrize(("key", "value", "message"), [
    ("page", '"../../etc/passwd"', "is not a file name inside"),
    ("page", '"/etc/passwd"', "is not a file name inside"),
    ("page", '"missing.html"', "no file 'missing.html'"),
    ("language", '"en; DROP"', "is not a language tag"),
    ("retrieved", '"yesterday"', "must be a date and time with its offset"),
    ("retrieved", "2024-05-17T08:30:00", "must be a date and time with its offset"),
])
def test_a_hand_edited_source_entry_that_points_outside_or_is_malformed_is_refused(runner, kb, tmp_path, key, value, message):
    text = tmp_path / "report.txt"
    text.write_text(ARTICLE_TEXT + "\n", encoding="utf-8")
    assert _add(runner, kb, str(text), "--title", "T", "--published", "2024-05-17", "--url", "https://example.org/r").exit_code == 0
    sources = kb / "sources.toml"
    sources.write_text(sources.read_text(encoding="utf-8") + f"{key} = {value}\n", encoding="utf-8")
    before = _snapshot(kb)
    result = runner.invoke(cli, ["--kb", str(kb), "build"])
    assert result.exit_code == 2 and message in result.output, result.output
    assert _snapshot(kb) == before
