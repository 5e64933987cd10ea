"""`timeline extract`: a draft events file proposed from a source's raw text, for a person to
review; and how such a draft compares with the events curated by hand.

Each event word of a sentence ("visit", "talks", "sworn in", "pledged", "trade hit", ...)
becomes a proposal: the kind that word suggests, the known entities named in the sentence,
the first date of the sentence read by timeline's reader of time expressions
(timeline.temporal, the one grammar of dates) against the source's reference date, at its
precision, "planned" for "will ...", and the sentence itself as the supporting quote. Each
proposal says how sure it is. A temporal expression without an event word is proposed too,
at low confidence. Nothing here is a fact until a person keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from timeline.curation.authoring import toml_string
from timeline.model.dates import ImpreciseDate, format_date

# Event words and the kind each suggests; a sentence gets one proposal per kind it matches.
TRIGGERS: tuple[tuple[str, str], ...] = (
    (r"\bsworn in\b|\binaugurat", "Inauguration"),
    (r"\breshuffle", "GovernmentReshuffle"),
    (r"\binvasion\b|\binvaded\b", "MilitaryInvasion"),
    (r"\bpartnership\b.*\b(forged|signed|agreed)\b|\b(forged|signed)\b.*\bpartnership\b", "PartnershipAgreement"),
    (r"\binterview\b", "Interview"),
    (r"\bpledged?\b|\bpromised\b", "Pledge"),
    (r"\btour\b", "DiplomaticTour"),
    (r"\bexpo\b|\btrade fair\b", "TradeFair"),
    (r"\bforum\b", "Forum"),
    (r"\btrade (hit|reached|rose|fell)\b|\bUS\$[\d.]+ billion\b", "TradeVolume"),
    (r"\btalks\b", "BilateralTalks"),
    (r"\bwelcomes?\b|\bwelcomed\b", "WelcomeCeremony"),
    (r"\bmet\b|\bmeets?\b|\bmeetings?\b", "Meeting"),
    (r"\bvisit(?:s|ed|ing)?\b|\btrip\b", "Visit"),
    (r"\bsaid\b|\bremarks\b|\blauded\b|\bsays\b", "Statement"),
)
# "days before the summit": an order between two events, not a date (see date_expressions.order).
ORDER_WORDS = re.compile(r"\b(?:(?:a few|a couple of|several|two|three|four|five|six|\d+) )?days (?:before|after) [^,.;]+", re.IGNORECASE)
LABEL_LENGTH = 80
_SENTENCE_END = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“‘\"])|\n+")


@dataclass
class Proposal:
    kind: str
    quote: str
    start: int
    end: int
    actors: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    when: str = ""
    shown_date: str = ""
    status: str = "completed"
    confidence: str = "low"
    reasons: list[str] = field(default_factory=list)
    resolution: str = ""
    begin: str = ""  # the first day the date can stand for, at its precision (2024-05, 2024-05-16)
    end_date: str = ""  # the last, where the date is a span (a week, a quarter, a decade)
    order_words: str = ""


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, as code point offsets into the text."""
    spans, start = [], 0
    for boundary in _SENTENCE_END.finditer(text):
        if text[start : boundary.start()].strip():
            spans.append((start, boundary.start()))
        start = boundary.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def propose(
    text: str, reference: date | None, actors: dict[str, str], places: dict[str, str],
    related: Callable[[str, str], bool] = lambda one, other: one == other,
) -> list[Proposal]:
    """Proposals for a text. `actors` and `places` map each known name (label or alias) to its
    entity id; `related` says whether two kinds can be one event (one a subclass of the other)."""
    proposals = []
    for start, end in sentences(text):
        sentence = text[start:end]
        kinds = [kind for pattern, kind in TRIGGERS if re.search(pattern, sentence, re.IGNORECASE)]
        future = _future(sentence)
        reading = _first_date(sentence, reference, future)
        if not kinds and reading is None:
            continue
        ordered = ORDER_WORDS.search(sentence)
        events: list[tuple[str | None, list[str]]] = [*_one_kind_per_event(kinds, related)] or [(None, [])]
        for kind, also in events:
            proposal = _proposal(sentence, start, end, kind, reading, actors, places, future)
            if also:
                proposal.reasons.append("the same event also reads as " + ", ".join(also))
            if ordered:
                proposal.order_words = ordered.group(0)
                proposal.reasons.append(f"{ordered.group(0)!r} orders it relative to another event")
            proposals.append(proposal)
    return proposals


def _one_kind_per_event(kinds: list[str], related: Callable[[str, str], bool]) -> list[tuple[str, list[str]]]:
    """The sentence's event words grouped by event: kinds that can be one event (talks and a
    meeting) give one proposal, of the first (most specific) kind; unrelated kinds (an expo
    and a forum) stay apart."""
    groups: list[tuple[str, list[str]]] = []
    for kind in dict.fromkeys(kinds):
        for first, also in groups:
            if related(first, kind):
                also.append(kind)
                break
        else:
            groups.append((kind, []))
    return groups


def _future(sentence: str) -> bool:
    return bool(re.search(r"\bwill\b|\bis to\b|\bare to\b|\bis due to\b", sentence, re.IGNORECASE))


def _proposal(
    sentence: str, start: int, end: int, kind: str | None, reading: _Dated | None, actors: dict[str, str], places: dict[str, str],
    future: bool,
) -> Proposal:
    proposal = Proposal(kind or "Statement", sentence, start, end)
    proposal.actors = _named(sentence, actors)
    proposal.places = _named(sentence, places)
    if reading is not None:
        proposal.when, proposal.shown_date, proposal.resolution = reading.expression, reading.shown, reading.explanation
        proposal.begin, proposal.end_date = reading.begin, reading.end
    if re.search(r"\bwill (attend|visit|meet|travel|hold)\b", sentence, re.IGNORECASE):
        proposal.status = "planned"
    elif re.search(r"\bis on\b|\bis visiting\b", sentence, re.IGNORECASE):
        proposal.status = "ongoing"
    if kind:
        proposal.reasons.append(f"event word for {kind}")
    else:
        proposal.reasons.append("a date, but no event word: kind unknown")
    if reading is not None:
        proposal.reasons.append(f"date {reading.expression!r}: {reading.shown}")
    if proposal.actors:
        proposal.reasons.append(f"{len(proposal.actors)} known actor(s)")
    score = (kind is not None) + (reading is not None) + bool(proposal.actors)
    proposal.confidence = {3: "high", 2: "medium"}.get(score, "low")
    return proposal


@dataclass(frozen=True)
class _Dated:
    expression: str
    shown: str
    explanation: str
    begin: str
    end: str = ""


def _first_date(sentence: str, reference: date | None, future: bool) -> _Dated | None:
    """The sentence's first time expression that names a span of the calendar, as the reader
    of time expressions reads it (timeline.temporal): its words, its dates, and how it was read."""
    if reference is None:
        return None
    from timeline.temporal import read_times
    from timeline.temporal.values import span

    for found in read_times(sentence, reference):
        dates = span(found.value) if found.type == "DATE" else None
        if dates is None:
            continue
        begin, end = dates
        shown = format_date(ImpreciseDate.parse(begin).earliest, ImpreciseDate.parse(begin).precision)
        if end:
            shown += " to " + format_date(ImpreciseDate.parse(end).latest, ImpreciseDate.parse(end).precision)
        if sentence[: found.start].rstrip().lower().endswith("since"):
            shown = f"from {shown}"
        explanation = (f"{found.text!r} read as {found.value} against the source's date, {reference.isoformat()}"
                       f"{_how(found.rule, found.value, reference)} (timeline dates, rule {found.rule})")
        return _Dated(found.text, shown, explanation, begin, end or "")
    return None


def _how(rule: str, value: str, reference: date) -> str:
    """Why a weekday is the one it is, the choice a reviewer most often checks."""
    if rule != "weekday" or len(value) != 10:
        return ""
    day = date.fromisoformat(value)
    name = day.strftime("%A")
    return f": the most recent {name} up to it" if day <= reference else f": the next {name} after it, as the clause speaks of the future"


def _named(sentence: str, names: dict[str, str]) -> list[str]:
    found: list[str] = []
    for name in sorted(names, key=len, reverse=True):
        if re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", sentence) and names[name] not in found:
            found.append(names[name])
    return found


def draft(proposals: list[Proposal], source_id: str) -> str:
    """The proposals as an events file to review: TOML in the curation format, each event
    with its confidence and reasons as comments."""
    lines = [
        f"# A draft proposed by `timeline extract` from the text of {source_id}: review every event, fix",
        "# its kind, label, actors, places and dates, cut each quote to the words that support it,",
        "# and delete what is not an event. Nothing here is a fact until you keep it.",
        "",
        f'source = "{source_id}"',
    ]
    for number, proposal in enumerate(proposals, start=1):
        lines += ["", f"# confidence: {proposal.confidence} ({'; '.join(proposal.reasons)})", "[[event]]"]
        lines.append(f'id = "draft-{number}"')
        lines.append(f'kind = "{proposal.kind}"')
        lines.append(f"label = {toml_string(short_label(proposal.quote))}  # TODO: a short label")
        lines.append(f'status = "{proposal.status}"')
        if proposal.actors:
            lines.append("roles = { participant = [" + ", ".join(toml_string(a) for a in proposal.actors) + "] }  # TODO: the roles")
        if proposal.places:
            lines.append("places = [" + ", ".join(toml_string(p) for p in proposal.places) + "]")
        lines.append(f"evidence = [{toml_string(proposal.quote)}]")
        if proposal.order_words:
            lines.append(f"# TODO: {proposal.order_words!r} is an order, not a date: add "
                         "[[event.time]] when = \"days before <event id>\" once that event is curated")
        if proposal.begin:
            lines += ["", "[[event.time]]", f"begin = {toml_string(proposal.begin)}  # {proposal.shown_date}"]
            if proposal.end_date:
                lines.append(f"end = {toml_string(proposal.end_date)}")
            lines += [f"expression = {toml_string(proposal.when)}", f"resolution = {toml_string(proposal.resolution)}",
                      f"evidence = [{toml_string(proposal.when)}]"]
    return "\n".join(lines) + "\n"


def short_label(text: str, length: int = LABEL_LENGTH) -> str:
    """The text cut to at most `length` characters at a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


@dataclass
class Comparison:
    proposed: int
    right: int
    curated: int
    missed: list[str]


def compare(
    proposals: list[Proposal], curated: dict[str, tuple[str, list[tuple[int, int]]]], same_kind: Callable[[str, str], bool]
) -> Comparison:
    """How proposals compare with curated events (id -> kind and evidence spans in the same
    text): a proposal is right when its sentence holds evidence of a curated event of a kind
    `same_kind` accepts (one a subclass of the other); a curated event is missed when no
    proposal is right for it."""
    found: set[str] = set()
    right = 0
    for proposal in proposals:
        matches = {
            event_id
            for event_id, (kind, spans) in curated.items()
            if same_kind(kind, proposal.kind) and any(proposal.start <= start and end <= proposal.end for start, end in spans)
        }
        if matches:
            right += 1
            found |= matches
    return Comparison(len(proposals), right, len(curated), sorted(set(curated) - found))
