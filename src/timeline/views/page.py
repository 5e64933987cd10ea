"""`timeline html`: one self-contained HTML page that shows the knowledge base on a zoomable
time axis (vis-timeline, inlined with its licence notice), opens offline from disk and makes
no request.

How the page draws precision: a day-precise event is a point; an interval known to the day
is a solid bar; an event known only to the month or the year is a hatched bar over the whole
month or year, drawn apart from a known interval; an ongoing one fades out at the source's
date; a planned one is dashed. Sub-events share their top event's band. Clicking an event
shows its dates as each source states them, its actors and places with their Wikidata links,
its status, and the source passages with the supporting words highlighted, cut from the
stored text at the stored offsets.

`timeline serve` answers with the same page carrying no events (`served_page`), which asks its
server for what each window shows (views/event_window.py).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import date, timedelta
from importlib.resources import files

from timeline.model.dates import ImpreciseDate, Precision
from timeline.views.events import EventView, Source
from timeline.views.page_template import PAGE

VENDOR = "vendor/vis-timeline"
# The page from `timeline html` asks for nothing; the page `timeline serve` answers with asks its
# own server for the windows it shows, and nothing else.
OFFLINE_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
SERVED_POLICY = OFFLINE_POLICY + "; connect-src 'self'"
_BEFORE_DATA, _AFTER_DATA = PAGE.split("{data}")


def _vendored(name: str) -> str:
    text = (files("timeline") / VENDOR / name).read_text(encoding="utf-8")
    # No source map: the page must not ask for anything, even from developer tools.
    return "\n".join(line for line in text.splitlines() if not line.startswith("//# sourceMappingURL="))


def _inline(text: str, closing: str) -> str:
    """Code to put inside <script> or <style> as it is: refuse what would end the element early."""
    lowered = text.lower()
    if closing in lowered or "<!--" in lowered:
        raise ValueError(f"cannot inline code containing {closing!r} or '<!--'")
    return text


def _json_for_script(value: object) -> str:
    """JSON that can stand inside <script>: every < written as \\u003c, still valid JSON."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def page_item(event: EventView, now: str) -> dict[str, object]:
    """The vis-timeline item of an event, its shape chosen by the precision of its dates."""
    begin_day = event.begin_precision is Precision.DAY
    end_day = event.end_precision in (None, Precision.DAY)
    if not event.end and event.status == "ongoing":
        kind, start, end, shape = "range", event.earliest, now, "ongoing"
    elif begin_day and end_day and event.earliest == event.latest:
        kind, start, end, shape = "point", event.earliest, None, "day"
    elif begin_day and end_day:
        kind, start, end, shape = "range", event.earliest, event.latest, "interval"
    else:
        kind, start, end, shape = "range", event.earliest, event.latest, "imprecise"
    item: dict[str, object] = {
        "id": event.id,
        "content": f'<span class="when">{html.escape(event.shown_date)}</span> <span class="what">{html.escape(event.label)}</span>'
        + (" <em>(planned)</em>" if event.status == "planned" else ""),
        "title": html.escape(f"{event.shown_date} · {event.kind} · {event.status}"),
        "start": start,
        "type": kind,
        "className": f"shape-{shape} status-{event.status}",
    }
    if end is not None:
        item["end"] = (date.fromisoformat(end) + timedelta(days=1)).isoformat()  # through the whole last day
    return item


def _dates(record: dict[str, object], begin: ImpreciseDate, end: ImpreciseDate | None) -> dict[str, object]:
    """Dates in the page's data as the stored queries write them: "2022", "2024-05", "2024-05-16"."""
    return {**record, "begin": begin.iso, "end": end.iso if end else ""}


def event_record(event: EventView, root: str) -> dict[str, object]:
    record = _dates(asdict(event), event.begin, event.end)
    del record["class_iri"]  # the page shows the kind by its label; the IRI would weigh on 10,000 events
    record["datings"] = [{**_dates(asdict(d), d.begin, d.end), "shown": d.shown} for d in event.datings]
    return {**record, "shownDate": event.shown_date, "root": root}


def root_ids(events: list[EventView]) -> dict[str, str]:
    """Each event's IRI -> the id of its top event, whose band its sub-events share."""
    by_iri = {event.iri: event for event in events}

    def root_of(event: EventView) -> str:
        seen = set()
        while event.parent and event.parent in by_iri and event.iri not in seen:
            seen.add(event.iri)
            event = by_iri[event.parent]
        return event.id

    return {event.iri: root_of(event) for event in events}


def render_page(events: list[EventView], sources: list[Source], title: str, links: tuple[tuple[str, str], ...] = ()) -> str:
    """The page as one string, for a caller that keeps it (a notebook); `page_pieces` writes the
    same bytes piece by piece."""
    return "".join(page_pieces(events, sources, title, links))


def page_pieces(events: list[EventView], sources: list[Source], title: str, links: tuple[tuple[str, str], ...] = ()) -> Iterator[str]:
    """The page in pieces, one event at a time, to write as they come: at 240,000 events the
    page is half a gigabyte, and made as one string it was held three times over (5.7 GB).
    `links` (text, href) go under the heading: `timeline serve` links its API."""
    reference = reference_day(sources)
    roots = root_ids(events)
    yield _opening(title, len(events), links, OFFLINE_POLICY)
    # The same bytes as json.dumps of {"title", "reference", "events", "items", "sources"}.
    yield f'{{"title": {_json_for_script(title)}, "reference": {_json_for_script(reference)}, "events": ['
    yield from _joined(_json_for_script(event_record(event, roots[event.iri])) for event in events)
    yield '], "items": ['
    yield from _joined(_json_for_script(page_item(event, reference)) for event in events)
    yield '], "sources": {'
    yield from _joined(f"{_json_for_script(source.title)}: {_json_for_script(source.text)}" for source in _by_title(sources))
    yield "}}"
    yield _closing()


def served_page(
    title: str, reference: str, actors: list[tuple[str, str]], window: tuple[int, int], total: int, links: tuple[tuple[str, str], ...] = (),
) -> str:
    """The page `timeline serve` answers `/` with: the same page carrying no events, which asks
    the server for what each window shows (views/event_window.py), and may ask nothing else."""
    data = {"title": title, "reference": reference, "served": True, "actors": [list(actor) for actor in actors],
            "start": window[0], "end": window[1], "sources": {}}
    return _opening(title, total, links, SERVED_POLICY) + _json_for_script(data) + _closing()


def reference_day(sources: list[Source]) -> str:
    """The day the page counts "now" from (an ongoing event reaches it): the latest source's date."""
    return max((source.reference_date for source in sources if source.reference_date), default=date.today().isoformat())


def _opening(title: str, count: int, links: tuple[tuple[str, str], ...], policy: str) -> str:
    """The page up to its data: heading, links, Content Security Policy, style."""
    return _BEFORE_DATA.format(
        title=html.escape(title),
        policy=policy,
        vis_css=_inline(_vendored("vis-timeline-graph2d.min.css"), "</style"),
        licence=html.escape((files("timeline") / VENDOR / "LICENSE.md").read_text(encoding="utf-8")),
        count=count,
        links=_links(links),
    )


def _closing() -> str:
    """The page after its data: vis-timeline's code and the page's script."""
    return _AFTER_DATA.format(vis_js=_inline(_vendored("vis-timeline-graph2d.min.js"), "</script"))


def _joined(pieces: Iterable[str]) -> Iterator[str]:
    """Pieces with ", " between them, as json.dumps separates the members of a list."""
    for index, piece in enumerate(pieces):
        yield f", {piece}" if index else piece


def _by_title(sources: list[Source]) -> list[Source]:
    """One source per title, the last of them, as a dict made from them in order keeps it."""
    return list({source.title: source for source in sources}.values())


def _links(links: tuple[tuple[str, str], ...]) -> str:
    if not links:
        return ""
    items = " · ".join(f'<a href="{html.escape(href)}">{html.escape(text)}</a>' for text, href in links)
    return f'  <nav class="links">{items}</nav>\n'
