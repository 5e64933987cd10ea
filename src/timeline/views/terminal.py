"""The timeline as a person reads it in a terminal: dates at their precision, planned and
ongoing events marked, the kind, actors and place of each event, what it is part of, and
any other dating a source gives (the article's "in 2022" beside the checked 4 February)."""

from __future__ import annotations

import textwrap

from timeline.views.events import EventView

DATE_COLUMN = 26
WIDTH = 100


def render_timeline(events: list[EventView]) -> str:
    sources = {dating.source for event in events for dating in event.datings}
    lines = [f"{len(events)} events from {len(sources)} sources, dated at the precision the evidence supports", ""]
    for event in events:
        marker = f"  [{event.status}]" if event.status != "completed" else ""
        details = [event.kind]
        people = list(dict.fromkeys(p.name for p in event.actors))
        places = list(dict.fromkeys(p.name for p in event.places))
        if people:
            details.append(", ".join(people))
        if places:
            details.append("in " + ", ".join(places))
        if event.parent_label:
            details.append(f"part of: {event.parent_label}")
        other_datings = [
            f"{dating.shown}{f' ({chr(34)}{dating.expression}{chr(34)})' if dating.expression else ''} by {_short_title(dating.source_title)}"
            for dating in event.datings
            if not dating.preferred
        ]
        lines += _entry(event.shown_date, event.label + marker, [" · ".join(details)] + [f"also dated {d}" for d in other_datings])
    return "\n".join(lines).rstrip() + "\n"


def _short_title(title: str, length: int = 40) -> str:
    return f"“{title}”" if len(title) <= length else f"“{title[:length].rstrip()}…”"


def _entry(when: str, title: str, details: list[str]) -> list[str]:
    indent = " " * DATE_COLUMN
    if len(when) >= DATE_COLUMN - 1:
        lines = [when, indent + title]
    else:
        lines = [when.ljust(DATE_COLUMN) + title]
    for detail in details:
        lines += textwrap.wrap(detail, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")
    return lines
