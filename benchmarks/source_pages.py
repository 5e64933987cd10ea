"""Reports added by their address: what `timeline source add` reads out of saved real pages, and
how long adding twenty pages from a local server takes, beside trafilatura alone.

    python benchmarks/source_pages.py [--runs 3]

Quality: for each saved page of tests/pages (pages.toml says what each states of itself, read
by a person), whether the text holds the report's first and last paragraphs, how many of its
paragraphs are boilerplate, and whether the title and publication date are the page's.

Speed: twenty pages, served by a local HTTP server: the four saved pages, and the sixteen
reports of benchmarks/extraction/reports, each put by this script into a news-site page (TEST
DATA: navigation, a byline, related links and a footer around the report's paragraphs, the
date in a <time> element). `timeline source add --from LIST --pause 0` adds them to a new
empty knowledge base, a command run from the shell as a user runs it (start-up, fetching,
reading, storing and building each); beside it, trafilatura alone fetches and extracts the
same pages (urllib's urlopen and trafilatura's extract, in one warm process): the floor for fetching and
reading. The median of --runs runs, alternated.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from pathlib import Path

from timeline.pages.article import decode_page, read_article

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "pages"
REPORTS = ROOT / "benchmarks" / "extraction" / "reports"
TIMELINE = Path(sys.executable).parent / "timeline"

NEWS_PAGE = """<!DOCTYPE html>
<!-- TEST DATA written by benchmarks/source_pages.py around a report of benchmarks/extraction/reports. -->
<html lang="en"><head><meta charset="utf-8"><title>{title} | {publisher}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{publisher}">
<meta property="article:published_time" content="{published}"></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a>
<a href="/business">Business</a> <a href="/subscribe">Subscribe</a></nav></header>
<main><article><h1>{title}</h1><p class="byline">By staff · <time datetime="{published}">{published}</time></p>
{paragraphs}
</article>
<aside><h2>Related</h2><ul><li><a href="/a">Markets close higher</a></li><li><a href="/b">Weather: rain expected</a></li></ul></aside>
<section class="share">Share this: <a href="#">Email</a> <a href="#">Print</a></section></main>
<footer><p>© {publisher}. All rights reserved.</p><a href="/privacy">Privacy policy</a> <a href="/terms">Terms</a></footer>
</body></html>
"""


def quality() -> None:
    expected = tomllib.loads((PAGES / "pages.toml").read_text(encoding="utf-8"))
    print(f"{'saved page':52} {'first':>6} {'last':>5} {'boilerplate':>11} {'title':>6} {'date':>5} {'words':>6}")
    totals = [0, 0, 0, 0, 0]
    for page in expected["page"]:
        article = read_article(decode_page((PAGES / page["file"]).read_bytes(), None).html)
        paragraphs = article.text.split("\n\n")
        checks = [
            any(paragraph.startswith(page["first"]) for paragraph in paragraphs),
            paragraphs[-1].rstrip("\n").endswith(page["last"]),
        ]
        boilerplate = sum(any(p.startswith(line) for line in expected["boilerplate"]) for p in paragraphs)
        checks += [article.title == page["title"], article.published is not None and article.published.isoformat() == page["published"]]
        for index, check in enumerate(checks):
            totals[index] += check
        totals[4] += boilerplate
        marks = ["yes" if check else "NO" for check in checks]
        print(f"{page['file']:52} {marks[0]:>6} {marks[1]:>5} {boilerplate:>11} {marks[2]:>6} {marks[3]:>5} {article.words:>6}")
    count = len(expected["page"])
    print(f"first paragraph {totals[0]}/{count}, last {totals[1]}/{count}, boilerplate paragraphs {totals[4]}, "
          f"title {totals[2]}/{count}, publication date {totals[3]}/{count}")


def write_site(folder: Path) -> list[str]:
    """The twenty pages, written into `folder`; their paths. Prints how well the sixteen
    reports are read back out of their news-site pages."""
    names = []
    read_back = [0, 0, 0, 0]
    for page in sorted(PAGES.glob("*.html")):
        (folder / page.name).write_bytes(page.read_bytes())
        names.append(page.name)
    for gold_file in sorted(REPORTS.glob("*.toml")):
        gold = tomllib.loads(gold_file.read_text(encoding="utf-8"))
        text = gold_file.with_suffix(".txt").read_text(encoding="utf-8")
        paragraphs = [paragraph for paragraph in text.split("\n\n")[1:] if paragraph.strip()]
        page = NEWS_PAGE.format(
            title=html.escape(gold["title"]), publisher=html.escape(gold["publisher"]), published=gold["published"],
            paragraphs="\n".join(f"<p>{html.escape(' '.join(paragraph.split()))}</p>" for paragraph in paragraphs),
        )
        (folder / f"news-{gold_file.stem}.html").write_text(page, encoding="utf-8")
        names.append(f"news-{gold_file.stem}.html")
        article = read_article(page)
        found = article.text.split("\n\n")
        checks = (
            " ".join(paragraphs[0].split()) in found, found[-1].rstrip("\n") == " ".join(paragraphs[-1].split()),
            article.title == gold["title"], article.published is not None and article.published.isoformat() == gold["published"],
        )
        read_back = [total + check for total, check in zip(read_back, checks, strict=True)]
    count = len(names) - len(list(PAGES.glob("*.html")))
    print(f"the {count} reports of benchmarks/extraction in a news-site page (TEST DATA layout): first paragraph "
          f"{read_back[0]}/{count}, last {read_back[1]}/{count}, title {read_back[2]}/{count}, publication date {read_back[3]}/{count}")
    return names


def timeline_adds(addresses: list[str], work: Path) -> tuple[float, str]:
    kb = work / f"kb-{time.monotonic_ns()}"
    subprocess.run([str(TIMELINE), "init", "--empty", str(kb)], check=True, capture_output=True)
    listing = work / "addresses.txt"
    listing.write_text("\n".join(addresses) + "\n", encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run([str(TIMELINE), "--kb", str(kb), "source", "add", "--from", str(listing), "--pause", "0"],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    summary = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.stdout
    return seconds, summary


def trafilatura_alone(addresses: list[str]) -> float:
    """Fetching each page (urllib: trafilatura's own fetcher refuses local addresses) and
    extracting its text and metadata with trafilatura, in this warm process."""
    import urllib.request

    import trafilatura

    started = time.perf_counter()
    for address in addresses:
        with urllib.request.urlopen(address, timeout=30) as answer:
            page = answer.read()
        if trafilatura.extract(page, url=address, with_metadata=True) is None:
            raise SystemExit(f"trafilatura read nothing from {address}")
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args(argv)
    print("== Reports added by their address: saved real pages ==")
    quality()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        site = work / "site"
        site.mkdir()
        names = write_site(site)
        handler = functools.partial(QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        addresses = [f"http://127.0.0.1:{server.server_address[1]}/{name}" for name in names]
        ours: list[float] = []
        floor: list[float] = []
        summary = ""
        for _ in range(arguments.runs):
            seconds, summary = timeline_adds(addresses, work)
            ours.append(seconds)
            floor.append(trafilatura_alone(addresses))
        server.shutdown()
    print()
    print(f"{len(addresses)} pages from a local server          median of {arguments.runs}   runs")
    print(f"  timeline source add --from (a new process) {statistics.median(ours):6.2f} s   {' '.join(f'{s:.2f}' for s in ours)}   (aim: under 10 s)")
    print(f"  trafilatura alone, fetch and extract       {statistics.median(floor):6.2f} s   {' '.join(f'{s:.2f}' for s in floor)}")
    print(f"  {summary}")
    return 0


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *arguments: object) -> None:
        pass


if __name__ == "__main__":
    sys.exit(main())
