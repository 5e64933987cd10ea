"""The timeline as a person reads it in a terminal: dates at their precision, planned and
ongoing events marked, the kind, actors and place of each event, what it is part of, and
any other dating a source gives (the article's "in 2022" beside the checked 4 February)."""

from __future__ import annotations

import textwrap
from collections import defaultdict

from timeline.catalog import stored_queries, run
from timeline.dates import format_iso_span
from timeline.results import plain_value
from timeline.store import Store

DATE_COLUMN = 26
WIDTH = 100


def render_timeline(store: Store) -> str:
    catalog = stored_queries()
    events = run(catalog.get("timeline"), {}, store).rows
    people: dict[str, list[str]] = defaultdict(list)
    places: dict[str, list[str]] = defaultdict(list)
    for row in run(catalog.get("participants"), {}, store).rows:
        target = places if plain_value(row["role"]) == "place" else people
        name = plain_value(row["name"])
        if name not in target[plain_value(row["event"])]:
            target[plain_value(row["event"])].append(name)
    other_datings: dict[str, list[str]] = defaultdict(list)
    sources = set()
    for row in run(catalog.get("datings"), {}, store).rows:
        sources.add(plain_value(row["source"]))
        if plain_value(row["preferred"]) == "true":
            continue
        words = f' ("{plain_value(row["expression"])}")' if row["expression"] is not None else ""
        span = format_iso_span(plain_value(row["begin"]), plain_value(row["end"]))
        other_datings[plain_value(row["event"])].append(f"{span}{words} by {_short_title(plain_value(row['sourceTitle']))}")

    lines = [
        f"{len(events)} events from {len(sources)} sources, dated at the precision the evidence supports",
        "",
    ]
    for row in events:
        event = plain_value(row["event"])
        status = plain_value(row["status"])
        marker = f"  [{status}]" if status != "completed" else ""
        when = format_iso_span(plain_value(row["begin"]), plain_value(row["end"]))
        details = [plain_value(row["kind"])]
        if people[event]:
            details.append(", ".join(people[event]))
        if places[event]:
            details.append("in " + ", ".join(places[event]))
        if row["partOf"] is not None:
            details.append(f"part of: {plain_value(row['partOf'])}")
        lines += _entry(when, plain_value(row["label"]) + marker, [" · ".join(details)] + [
            f"also dated {dating}" for dating in other_datings[event]
        ])
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
