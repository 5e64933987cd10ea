"""A reading of a report written as a draft events file to review: TOML in the curation format,
each event with its confidence and reasons as comments. A proposal that the build would refuse
(no actor, no date) is written commented out with what it lacks, so that the draft builds as
written; a quote that occurs more than once in the text carries the words before it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from timeline.curation.authoring import free_id, slug, toml_string
from timeline.extraction.names import Entity
from timeline.extraction.records import Proposal, Reading
from timeline.model.evidence import QuoteNotFound, locate


def draft(reading: Reading, source_id: str, text: str, taken_ids: Iterable[str] = ()) -> str:
    lines = [
        f"# A draft proposed by `timeline extract` from the text of {source_id}: review every event, fix",
        "# its kind, label, actors, places and dates, cut each quote to the words that support it,",
        "# and delete what is not an event. Nothing here is a fact until you keep it. An event",
        "# commented out lacks what the build needs (it says what): add it, or leave it out.",
        "",
        f"source = {toml_string(source_id)}",
    ]
    if reading.entities:
        lines += ["", "# New entities this draft names. `timeline extract -o FILE` adds them to entities.toml, where",
                  "# `timeline link suggest` finds their Wikidata items; review them there:"]
        lines += [f"#   {entity.id} ({entity.kind}) {entity.label!r}" + (f", also {', '.join(entity.aliases)}" if entity.aliases else "")
                  + f": {entity.how}" for entity in reading.entities]
    ids = set(taken_ids)
    for proposal in reading.proposals:
        block = _event(proposal, text, ids)
        problems = proposal.problems()
        header = [f"# confidence: {proposal.confidence} ({'; '.join(proposal.reasons)})"]
        if proposal.same_as:
            header.append(f"# the same event as {proposal.same_as!r}: {'; '.join(proposal.same_as_reasons)}")
        if problems:
            header.append("# not ready to build: " + "; ".join(problems))
            block = ["# " + line if line else "#" for line in block]
        lines += ["", *header, *block]
    return "\n".join(lines) + "\n"


def _event(proposal: Proposal, text: str, ids: set[str]) -> list[str]:
    if proposal.same_as:
        lines = ["[[event]]", f"same-as = {toml_string(proposal.same_as)}"]
    else:
        event_id = _new_id(proposal, ids)
        lines = ["[[event]]", f"id = {toml_string(event_id)}", f"kind = {toml_string(proposal.kind)}",
                 f"label = {toml_string(proposal.label)}", f"status = {toml_string(proposal.status)}"]
    if proposal.roles:
        lines.append("roles = { " + ", ".join(f"{role} = [{', '.join(toml_string(a) for a in actors)}]"
                                              for role, actors in proposal.roles.items()) + " }")
    if proposal.places:
        lines.append("places = [" + ", ".join(toml_string(place) for place in proposal.places) + "]")
    quotes = [(proposal.quote, proposal.start), *((more.quote, more.start) for more in proposal.more_evidence)]
    lines.append("evidence = [" + ", ".join(evidence_item(text, quote, start) for quote, start in quotes) + "]")
    if proposal.order_words:
        lines.append(f"# TODO: {proposal.order_words!r} is an order, not a date: add "
                     "[[event.time]] when = \"days before <event id>\" once that event is curated")
    if proposal.begin:
        lines += ["", "[[event.time]]", f"begin = {toml_string(proposal.begin)}  # {proposal.shown_date}"]
        if proposal.end_date:
            lines.append(f"end = {toml_string(proposal.end_date)}")
        lines += [f"expression = {toml_string(proposal.when)}", f"resolution = {toml_string(proposal.resolution)}",
                  f"evidence = [{evidence_item(text, proposal.when, proposal.when_start)}]"]
    return lines


def evidence_item(text: str, quote: str, start: int) -> str:
    """A quote as the build finds it: the quote alone where it occurs once, else with the words
    before it (as few as make it unique) as its prefix."""
    try:
        if locate(text, quote).start == start:
            return toml_string(quote)
    except QuoteNotFound:
        pass
    for size in (12, 24, 40, 80, 160, 400):
        prefix = text[max(0, start - size) : start]
        try:
            if prefix and locate(text, quote, prefix).start == start:
                return "{ quote = " + toml_string(quote) + ", prefix = " + toml_string(prefix) + " }"
        except QuoteNotFound:
            continue
    # At the very start of the text there are no words before it: the quote runs on instead.
    end = start + len(quote)
    while end < len(text):
        end = next((m.end() for m in re.finditer(r"\S+", text[end:]) if m), len(text) - end) + end
        try:
            if locate(text, text[start:end]).start == start:
                return toml_string(text[start:end])
        except QuoteNotFound:
            continue
    return toml_string(quote)


def _new_id(proposal: Proposal, ids: set[str]) -> str:
    base = slug(proposal.label.rstrip("…"))[:48].strip("-") or "event"
    return free_id(base + (f"-{proposal.begin[:4]}" if proposal.begin else ""), ids)


def entity_tables(entities: Iterable[Entity]) -> list[tuple[dict[str, object], str]]:
    """New entities as entries of entities.toml, each with how it was found and the words that
    first name it."""
    return [({"id": entity.id, "kind": entity.kind, "label": entity.label, **({"aliases": entity.aliases} if entity.aliases else {})},
             f"{entity.how}: {entity.words!r}") for entity in entities]
