"""The events for other timeline tools: Knight Lab TimelineJS JSON, and CSV for a spreadsheet."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Sequence

from timeline.model.dates import ImpreciseDate, Precision, format_date
from timeline.views.events import EventView

VIEW_FORMATS = ("timelinejs", "csv")



def _timelinejs_date(parsed: ImpreciseDate, latest: bool) -> dict[str, object]:
    """A TimelineJS date object with only the parts the evidence supports: "2022" gives a year
    and nothing else, never 1 January."""
    day = parsed.latest if latest else parsed.earliest
    value: dict[str, object] = {"year": day.year}
    if parsed.precision is not Precision.YEAR:
        value["month"] = day.month
    if parsed.precision is Precision.DAY:
        value["day"] = day.day
    value["display_date"] = format_date(day, parsed.precision)
    return value


def timelinejs(events: Sequence[EventView], title: str) -> str:
    """Knight Lab TimelineJS JSON: one slide per event, grouped by its main actor, with the
    evidence quoted in the slide text."""
    slides = []
    for event in events:
        slide: dict[str, object] = {
            "unique_id": event.id,
            "start_date": _timelinejs_date(event.begin, latest=False),
            "display_date": event.shown_date,
            "text": {"headline": html.escape(event.label), "text": _slide_text(event)},
        }
        if event.end and event.end != event.begin:
            slide["end_date"] = _timelinejs_date(event.end, latest=True)
        if event.main_actor is not None:
            slide["group"] = event.main_actor.name
        slides.append(slide)
    document = {"title": {"text": {"headline": html.escape(title), "text": f"{len(events)} events, each with the words of its sources."}}, "events": slides}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _slide_text(event: EventView) -> str:
    parts = [f"<p>{html.escape(event.kind)} · {html.escape(event.status)}</p>"]
    people = ", ".join(f"{html.escape(p.name)} ({html.escape(p.role)})" for p in event.actors)
    if people:
        parts.append(f"<p>{people}</p>")
    for evidence in event.evidence:
        if evidence.about == "event":
            parts.append(f"<blockquote>{html.escape(evidence.exact)}</blockquote><p>— {html.escape(evidence.source_title)}</p>")
    return "".join(parts)


CSV_COLUMNS = ("id", "label", "type", "begin", "end", "precision", "status", "actors", "place", "wikidata", "source", "evidence")


def events_csv(events: Sequence[EventView]) -> str:
    """One row per event, for a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for event in events:
        wikidata = [event.wikidata.rsplit("/", 1)[-1]] if event.wikidata else []
        wikidata += [p.wikidata_id for p in event.actors + event.places if p.wikidata_id]
        quotes = [e.exact for e in event.evidence if e.about == "event"]
        writer.writerow([
            event.id, event.label, event.kind, event.begin.iso, event.end.iso if event.end else "", event.begin_precision.value, event.status,
            "; ".join(f"{p.name} ({p.role})" for p in event.actors),
            "; ".join(p.name for p in event.places),
            "; ".join(dict.fromkeys(wikidata)),
            "; ".join(event.source_titles),
            quotes[0] if quotes else "",
        ])
    return buffer.getvalue()
