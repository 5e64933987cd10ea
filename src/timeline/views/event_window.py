"""What the timeline page draws in a span of time, worked out on the server: `timeline serve`'s
page carries no events and asks for each window as it is panned and zoomed.

A page that carries every event (`timeline html`) is half a gigabyte at 240,000 events, which
no browser opens usefully. The served page asks `/timeline/window.json` for the span it shows
and gets what the offline page would draw there: the events themselves when at most
`DRAWN_AT_ONCE` of them fall in it (or it spans a month or less), else one bar per stretch of
time and lane with its count; and `/timeline/events/ID.json` for one event's evidence when it
is clicked. The rules are the offline page's script (`views/page_template.py`), so the two
draw the same.
"""

from __future__ import annotations

import json
import math
import zlib
from dataclasses import dataclass
from datetime import date
from sys import intern
from typing import Any

from timeline.views.events import EventView, Source
from timeline.views.page import event_record, page_item, reference_day, root_ids

DRAWN_AT_ONCE = 250
BINS = 48
DAY_MS = 24 * 60 * 60 * 1000
MONTH_MS = 31 * DAY_MS
SHORTEST_OVERVIEW_MS = 30 * DAY_MS  # "show everything" spans at least a month
ALL_EVENTS = "all"


def epoch_ms(iso_day: str) -> int:
    """A day as JavaScript's Date.parse reads "YYYY-MM-DD": its midnight UTC, in milliseconds."""
    return (date.fromisoformat(iso_day) - date(1970, 1, 1)).days * DAY_MS


@dataclass(frozen=True, slots=True)
class IndexedEvent:
    """An event as the index keeps it: its page record and item as JSON rather than dicts, the
    record packed (its datings and participants, 1.2 KB a record, pack to 40 %; it is unpacked
    only when the event is shown), its span, and whom it involves. At 24,000 events the server
    kept 184 MB with dicts, 142 MB with JSON, 124 MB with the record packed."""

    iri: str
    record: bytes  # the page's record of the event, as packed JSON; its evidence is asked for when it is shown
    item: bytes  # its vis-timeline item, as JSON
    root: str
    first_ms: int
    last_ms: int
    actors: tuple[tuple[str, str], ...]  # (entity, name)
    involved: tuple[str, ...]  # the entities of its actors and places, as the actor filter matches them


@dataclass(frozen=True)
class Window:
    """One answer of the page's window: what to draw and how to label it."""

    start: int
    end: int
    shown: int  # events the filter keeps, in the whole knowledge base
    total: int
    lanes: list[tuple[str, str]]
    rows: list[dict[str, Any]]

    def document(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "shown": self.shown, "total": self.total,
                "lanes": [list(lane) for lane in self.lanes], "rows": self.rows}


class EventIndex:
    """Every event of the knowledge base as the page draws it (no evidence), the sources'
    texts its passages are cut from, and the windows asked of them."""

    def __init__(self, events: list[EventView], sources: list[Source], title: str) -> None:
        self.title = title
        self.reference = reference_day(sources)
        self.source_texts = {source.title: source.text for source in sources}
        roots = root_ids(events)
        self.events: list[IndexedEvent] = []
        self.by_id: dict[str, IndexedEvent] = {}
        for event in events:
            item = page_item(event, self.reference)
            record = event_record(event, roots[event.iri])
            del record["evidence"]
            indexed = IndexedEvent(
                event.iri, zlib.compress(_json(record)), _json(item), roots[event.iri], epoch_ms(str(item["start"])), epoch_ms(str(item.get("end") or item["start"])),
                tuple((intern(actor.entity), intern(actor.name)) for actor in event.actors),
                tuple({intern(participant.entity) for participant in event.actors + event.places}),
            )
            self.events.append(indexed)
            self.by_id[event.id] = indexed

    def actors(self) -> list[tuple[str, str]]:
        """Every actor, by name, for the page's filter."""
        named = {entity: name for event in self.events for entity, name in event.actors}
        return sorted(named.items(), key=lambda actor: actor[1])

    def window(self, entity: str = "", by_actor: bool = False, span: tuple[int, int] | None = None) -> Window:
        """What the page draws of the events of `entity` (every event if empty), one lane per
        actor if `by_actor`, in `span` (milliseconds since 1970, as the page counts time; the
        span that shows every such event if None)."""
        shown = [event for event in self.events if not entity or entity in event.involved]
        lanes: dict[str, str] = {}
        rows: list[_Row] = []
        for event in shown:
            if by_actor:
                for actor, name in event.actors:
                    if entity and actor != entity:
                        continue
                    lanes[actor] = name
                    rows.append(_Row(event, actor))
            else:
                lanes[ALL_EVENTS] = "events"
                rows.append(_Row(event, ALL_EVENTS, event.root))
        start, end = span or self._overview(rows)
        visible = [row for row in rows if row.event.first_ms <= end and row.event.last_ms >= start]
        if len(visible) > DRAWN_AT_ONCE and end - start > MONTH_MS:
            drawn = _stretches(visible, start, end)
        else:
            drawn = [row.item() for row in visible]
        return Window(start, end, len(shown), len(self.events), list(lanes.items()), drawn)

    def _overview(self, rows: list[_Row]) -> tuple[int, int]:
        """Every row at a glance, with room after the last for its label (the page's windowOf)."""
        if not rows:
            first = last = epoch_ms(self.reference)
        else:
            first, last = min(row.event.first_ms for row in rows), max(row.event.last_ms for row in rows)
        length = max(last - first, SHORTEST_OVERVIEW_MS)
        return math.floor(first - length * 0.02), math.floor(last + length * 0.2)

    def event(self, event_id: str, evidence: list[dict[str, Any]]) -> dict[str, Any] | None:
        """One event's record with its `evidence`, and the texts of the sources it cites."""
        indexed = self.by_id.get(event_id)
        if indexed is None:
            return None
        cited = {passage["source_title"] for passage in evidence}
        return {"event": {**json.loads(zlib.decompress(indexed.record)), "evidence": evidence},
                "sources": {title: text for title, text in self.source_texts.items() if title in cited}}


@dataclass(frozen=True, slots=True)
class _Row:
    """An event in a lane: the one lane of every event, under its top event's band (`subgroup`),
    or an actor's lane (no band), where its id is made unique by the actor's."""

    event: IndexedEvent
    group: str
    subgroup: str | None = None

    def item(self) -> dict[str, Any]:
        item = json.loads(self.event.item)
        if self.subgroup is not None:
            return {**item, "group": self.group, "subgroup": self.subgroup, "eventId": item["id"]}
        return {**item, "id": f"{item['id']}|{self.group}", "group": self.group, "eventId": item["id"]}


def _json(value: dict[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _stretches(visible: list[_Row], start: int, end: int) -> list[dict[str, Any]]:
    """One bar per stretch of time and lane, with its count (the page's clusters): vis-timeline
    makes a DOM node for every item it holds, and 16,000 took minutes to show."""
    width = (end - start) / BINS
    counts: dict[tuple[str, int], int] = {}
    for row in visible:
        stretch = min(BINS - 1, max(0, math.floor((max(row.event.first_ms, start) - start) / width)))
        key = (row.group, stretch)
        counts[key] = counts.get(key, 0) + 1
    return [
        {"id": f"cluster|{group}|{stretch}", "group": group, "cluster": True, "className": "cluster",
         "start": start + math.floor(stretch * width), "end": start + math.floor((stretch + 1) * width),
         "content": f"{count} event" + ("" if count == 1 else "s"), "title": f"{count} events: click to zoom in"}
        for (group, stretch), count in counts.items()
    ]
