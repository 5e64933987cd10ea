"""The timeline as a person reads it in a terminal: dates at their precision, planned and
ongoing events marked, the kind, actors and place of each event, what it is part of, and
any other dating a source gives (the article's "in 2022" beside the checked 4 February)."""

from __future__ import annotations

import textwrap

from timeline.views.events import EventView
from timeline.words import counted

DATE_COLUMN = 26
NARROWEST = DATE_COLUMN + 30  # below this a terminal gets the lines unwrapped


def render_timeline(events: list[EventView], width: int | None = None) -> str:
    """The timeline as text, its lines wrapped to `width` (a terminal's), or whole (a pipe)."""
    sources = {dating.source for event in events for dating in event.datings}
    heading = f"{counted(len(events), 'event')} from {counted(len(sources), 'source')}, dated at the precision the evidence supports"
    lines = [*(textwrap.wrap(heading, width) if width and width >= NARROWEST else [heading]), ""]
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
        lines += _entry(event.shown_date, event.label + marker, [" · ".join(details)] + [f"also dated {d}" for d in other_datings], width)
    return "\n".join(lines).rstrip() + "\n"


def _short_title(title: str, length: int = 40) -> str:
    """The title in quotes, cut between words if it is longer than `length`."""
    if len(title) <= length:
        return f"“{title}”"
    cut = title[:length].rsplit(" ", 1)[0] if " " in title[:length] else title[:length]
    return f"“{cut.rstrip(' ,;:')}…”"


def _entry(when: str, title: str, details: list[str], width: int | None) -> list[str]:
    indent = " " * DATE_COLUMN
    first = indent if len(when) >= DATE_COLUMN - 1 else when.ljust(DATE_COLUMN)
    lines = [when] if len(when) >= DATE_COLUMN - 1 else []
    if width is None or width < NARROWEST:
        lines.append(first + title)
        return lines + [indent + detail for detail in details]
    lines += textwrap.wrap(title, width, initial_indent=first, subsequent_indent=indent + "  ", break_on_hyphens=False)
    for detail in details:
        lines += textwrap.wrap(detail, width, initial_indent=indent, subsequent_indent=indent + "  ", break_on_hyphens=False)
    return lines
