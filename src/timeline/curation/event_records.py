"""The parts of an events file read from its TOML into typed records, checked, before any
triple is written (timeline.curation.event_triples writes them).

Evidence: each item a quote of a source, with the words before it where the quote alone is
ambiguous. Datings: an [[event.time]] table gives either a `when` in words, read by the reader
of time expressions (or, for "shortly before <event>", an order between two events rather than
a date), or a `begin` and an `end` in the KB's date notation (see timeline.model.dates).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from timeline.curation.fields import FileContext, check_keys, optional_string, parse_date, string
from timeline.curation.sources import Source
from timeline.model.dates import ImpreciseDate
from timeline.temporal.date_expressions import UnresolvedDate
from timeline.temporal.date_expressions import order as order_of
from timeline.temporal.date_expressions import resolve as resolve_date

TIME_FIELDS = ("source", "when", "begin", "end", "expression", "resolution", "evidence")


@dataclass(frozen=True)
class Dating:
    """When an event happened, by one source: `end` None when it has not ended (or is unknown)."""

    source: Source
    begin: ImpreciseDate
    end: ImpreciseDate | None
    expression: str | None  # the source's own words, when given
    resolution: str | None  # how the words were read
    evidence: Any  # the table's evidence items, read by the compiler


@dataclass(frozen=True)
class Order:
    """Not a date but an order: "shortly before X" names another event and a relation."""

    source: Source
    words: str
    property_name: str
    other_id: str
    evidence: Any


def read_datings(
    tables: Any, context: FileContext, event_id: str, source_of: Callable[[Any], Source], future: bool = False
) -> tuple[list[Dating], list[Order]]:
    """The datings and orders of an event's [[event.time]] tables. A `when` is read in the
    tense of the event: a planned event's "on Thursday" is the next Thursday."""
    if not isinstance(tables, list) or not tables:
        raise context.error("every event needs at least one [[event.time]] with a `when` or a `begin`", event_id, "time")
    datings: list[Dating] = []
    orders: list[Order] = []
    for table in tables:
        check_keys(table, TIME_FIELDS, context, event_id)
        source = source_of(table.get("source"))
        when = optional_string(table, "when", context, event_id)
        words = {key: optional_string(table, key, context, event_id) for key in ("expression", "resolution")}
        if when is None:
            begin, end = _begin_and_end(table, context, event_id)
            datings.append(Dating(source, begin, end, words["expression"], words["resolution"], table.get("evidence")))
            continue
        if "begin" in table or "end" in table:
            raise context.error("give either `when` or `begin` and `end`, not both", event_id, "time.when")
        relation = order_of(when)
        if relation is not None:
            orders.append(Order(source, when, relation[0], relation[1], table.get("evidence")))
            continue
        try:
            reading = resolve_date(when, source.reference_date, future)
        except UnresolvedDate as error:
            raise context.error(str(error), event_id, "time.when") from None
        # The file's own expression and resolution, where it gives them, stand over the reader's.
        expression = words["expression"] if words["expression"] is not None else when
        resolution = words["resolution"] if words["resolution"] is not None else reading.explanation
        datings.append(Dating(source, reading.date, reading.end or reading.date, expression, resolution, table.get("evidence")))
    sources_seen = [dating.source.id for dating in datings]
    if len(set(sources_seen)) != len(sources_seen):
        raise context.error("give at most one [[event.time]] per source", event_id, "time")
    return datings, orders


def _begin_and_end(table: Any, context: FileContext, event_id: str) -> tuple[ImpreciseDate, ImpreciseDate | None]:
    begin = parse_date(string(table, "begin", context, event_id), context, event_id, "time.begin")
    end_text = table.get("end")
    if end_text == "unknown":
        return begin, None
    if end_text is None:
        return begin, begin
    end = parse_date(string(table, "end", context, event_id), context, event_id, "time.end")
    if end.latest < begin.earliest:
        raise context.error(f"`end` {end_text} comes before `begin` {table['begin']}", event_id, "time.end")
    return begin, end


@dataclass(frozen=True)
class Quote:
    """One evidence item: words of a source, found there by `locate` (with `prefix`, the words
    just before them, where they occur more than once)."""

    source: Source
    quote: str
    prefix: str | None


def read_evidence(
    items: Any, context: FileContext, item_id: str, field: str, default_source: Source,
    source_of: Callable[[Any], Source], required: bool,
) -> list[Quote]:
    """The quotes of an `evidence` list: each a string of the file's own source, or a table
    { quote, prefix, source }."""
    if items is None or items == []:
        if required:
            raise context.error("at least one quote from the source is required as evidence", item_id, field)
        return []
    if not isinstance(items, list):
        raise context.error("`evidence` must be a list of quotes", item_id, field)
    quotes: list[Quote] = []
    for item in items:
        if isinstance(item, str):
            quotes.append(Quote(default_source, item, None))
        elif isinstance(item, dict) and isinstance(item.get("quote"), str):
            check_keys(item, ("quote", "prefix", "source"), context, item_id)
            source = source_of(item["source"]) if "source" in item else default_source
            quotes.append(Quote(source, item["quote"], item.get("prefix")))
        else:
            raise context.error(
                "each evidence item is a quote, or a table { quote = \"...\", prefix = \"...\", source = \"...\" }", item_id, field
            )
    return quotes
