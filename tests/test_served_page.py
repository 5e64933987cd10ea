"""The page `timeline serve` answers `/` with, which carries no events and asks the server for
each window it shows: its API (`/timeline/window.json`, `/timeline/events/ID.json`) over HTTP
from a real server, and the page in headless Chromium on a knowledge base of 288 events (12
articles grown by benchmarks/grow_kb.py: TEST DATA), more than the page draws at once."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import cli
from timeline.views.event_window import DRAWN_AT_ONCE

from sparql_servers import Served

GROW_KB = Path(__file__).resolve().parents[1] / "benchmarks" / "grow_kb.py"
ARTICLES = 12
EVENTS = 24 * ARTICLES
XI = "https://timeline.example/kb/entity/xi-jinping"


@pytest.fixture(scope="module")
def served_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served-page")
    subprocess.run([sys.executable, str(GROW_KB), str(folder / "kb"), str(ARTICLES)], check=True, capture_output=True)
    result = CliRunner().invoke(cli, ["--kb", str(folder / "kb"), "load", "--store", str(folder / "store")])
    assert result.exit_code == 0, result.output
    served = Served("--store", str(folder / "store"), kb=folder / "kb")
    yield served, folder / "store"
    served.stop()


@pytest.fixture(scope="module")
def server(served_store):
    return served_store[0]


def _window(server: Served, **asked: str) -> dict:
    status, document = server.get_json("/timeline/window.json?" + urllib.parse.urlencode(asked))
    assert status == 200, document
    return document


def test_the_whole_span_comes_as_counts_per_stretch_of_time_which_add_up_to_every_event(server):
    whole = _window(server)
    assert whole["shown"] == whole["total"] == EVENTS
    assert whole["lanes"] == [["all", "events"]]
    assert all(row["cluster"] for row in whole["rows"])
    assert sum(int(row["content"].split()[0]) for row in whole["rows"]) == EVENTS
    assert whole["start"] <= min(row["start"] for row in whole["rows"]) and whole["end"] >= max(row["end"] for row in whole["rows"])


def test_a_narrow_window_comes_as_the_events_themselves(server):
    # May 2024, the month of the seed's Beijing talks (the grown copies are years later).
    may = _window(server, start="1714521600000", end="1717200000000")
    labels = [row["content"] for row in may["rows"]]
    assert not any(row.get("cluster") for row in may["rows"])
    assert any("Xi and Putin hold talks in Beijing" in label for label in labels)
    assert len(labels) < DRAWN_AT_ONCE and {row["group"] for row in may["rows"]} == {"all"}


def test_the_actor_filter_and_grouping_are_worked_out_on_the_server(server):
    macron = _window(server, actor="https://timeline.example/kb/entity/emmanuel-macron")
    assert macron["shown"] == ARTICLES and macron["total"] == EVENTS
    assert ["Xi meets Macron and von der Leyen in Paris" in row["content"] for row in macron["rows"]] == [True] * ARTICLES
    grouped = _window(server, grouped="1")
    names = {name for _, name in grouped["lanes"]}
    assert {"Vladimir Putin", "Xi Jinping"} <= names and "events" not in names
    xi_only = _window(server, actor=XI, grouped="1")
    assert xi_only["lanes"] == [[XI, "Xi Jinping"]]


def test_an_event_comes_with_its_evidence_and_the_text_it_is_cut_from(served_store):
    server, store = served_store
    may = _window(server, start="1714521600000", end="1717200000000")
    talks = next(row for row in may["rows"] if "Xi and Putin hold talks in Beijing" in row["content"])
    status, document = server.get_json(f"/timeline/events/{talks['eventId']}.json")
    assert status == 200
    event, sources = document["event"], document["sources"]
    assert event["label"] == "Xi and Putin hold talks in Beijing" and event["evidence"]
    for passage in event["evidence"]:
        text = sources[passage["source_title"]]
        assert text[passage["start"]:passage["end"]] == passage["exact"]
    result = CliRunner().invoke(cli, ["query", "evidence", "-p", f"event={event['iri']}", "-f", "json", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["results"]["bindings"]) == len(event["evidence"])


@pytest.mark.parametrize(("path", "status", "parameter", "detail"), [
    ("/timeline/window.json?start=1", 400, "end", "Give both 'start' and 'end'"),
    ("/timeline/window.json?start=5&end=5", 400, "end", "'end' comes after 'start'"),
    ("/timeline/window.json?start=--5&end=9", 400, "start", "milliseconds since 1970-01-01"),
    ("/timeline/window.json?start=%C2%B2&end=9", 400, "start", "milliseconds since 1970-01-01"),
    ("/timeline/window.json?start=0&end=99999999999999999", 400, "end", "milliseconds since 1970-01-01"),
    ("/timeline/window.json?grouped=yes", 400, "grouped", "is 1 (a lane per actor) or 0"),
    ("/timeline/window.json?actor=a&actor=b", 400, "actor", "given twice"),
    ("/timeline/window.json?actor=" + "x" * 3000, 400, "actor", "at most 2,048 characters"),
    ("/timeline/window.json?query=DROP%20ALL", 400, "query", "takes the parameters start, end, actor, grouped"),
    ("/timeline/events/no-such-event.json", 404, None, "No event with the id 'no-such-event'"),
    ("/timeline/events/xi-putin-talks-beijing-2024", 404, None, "ask for /timeline/events/ID.json"),
    ("/timeline/events/..%2F..%2Fqueries.json", 404, None, "No such page"),
])
def test_what_the_page_may_not_ask_is_a_problem_that_says_what_to_ask(server, path, status, parameter, detail):
    answered, headers, body = server.request("GET", path)
    problem = json.loads(body)
    assert answered == status and headers["content-type"] == "application/problem+json"
    assert detail in problem["detail"]
    assert problem.get("parameter") == parameter


def test_an_unknown_actor_is_a_window_of_no_events(server):
    nobody = _window(server, actor="https://example.org/nobody")
    assert nobody["shown"] == 0 and nobody["rows"] == [] and nobody["lanes"] == []


def test_chromium_zooms_the_served_page_from_counts_to_events_and_asks_only_its_server(server):
    from playwright.sync_api import expect

    from test_serve import _chromium

    browser, context, page = _chromium()
    try:
        requested, errors = [], []
        page.on("request", lambda request: requested.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(server.url)
        page.wait_for_selector(".vis-item.cluster")
        assert page.locator("#count").text_content() == f"{EVENTS} of {EVENTS} events"
        shown = sum(int(text.split()[0]) for text in page.locator(".vis-item.cluster .vis-item-content").all_text_contents())
        assert shown == EVENTS
        for _ in range(10):  # each click on a stretch zooms to it, until the events themselves come
            if page.locator(".vis-item:not(.cluster)").count():
                break
            page.locator(".vis-item.cluster").first.click()
            page.wait_for_timeout(200)
        event = page.locator(".vis-item:not(.cluster)").first
        content = event.locator(".vis-item-content").text_content()
        event.click()
        page.wait_for_selector("#details .passage mark")
        assert content.endswith(page.locator("#details h2").text_content())
        page.select_option("#actor-filter", label="Emmanuel Macron")
        expect(page.locator("#count")).to_have_text(f"{ARTICLES} of {EVENTS} events")  # the page's policy allows no eval
        assert all(url.startswith(server.url) for url in requested), requested
        asked = {urllib.parse.urlsplit(url).path for url in requested}
        assert {"/", "/timeline/window.json"} <= asked and any(path.startswith("/timeline/events/") for path in asked)
        assert errors == []
    finally:
        context.close()
        browser.close()
