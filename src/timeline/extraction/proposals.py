"""`timeline extract`: a draft events file proposed from a source's raw text, for a person to
review; and how such a draft compares with the events curated by hand.

Each event word of a sentence ("visit", "talks", "sworn in", "pledged", "trade hit", ...)
becomes a proposal: the kind that word suggests, the known entities named in the sentence,
the first date expression it contains read against the source's reference date (with its
precision), "planned" for "will ...", and the sentence itself as the supporting quote. Each
proposal says how sure it is. A temporal expression without an event word is proposed too,
at low confidence. Nothing here is a fact until a person keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from timeline.curation.authoring import toml_string
from timeline.model.date_expressions import UnresolvedDate, resolve
from timeline.model.dates import format_date

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
    (r"\bvisit\b|\btrip\b", "Visit"),
    (r"\bsaid\b|\bremarks\b|\blauded\b|\bsays\b", "Statement"),
)
DATE_PATTERNS = (
    r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b",
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b",
    r"\bearlier this month\b|\bthis month\b|\blast month\b|\bthis year\b|\blast year\b|\bnext year\b",
    r"\b(?:last |next |in )(?:January|February|March|April|May|June|July|August|September|October|November|December)\b",
    r"\b(?:in|since) (?:19|20)\d{2}\b",
    r"\byesterday\b|\btoday\b|\btomorrow\b",
)
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


def propose(text: str, reference: date | None, actors: dict[str, str], places: dict[str, str]) -> list[Proposal]:
    """Proposals for a text. `actors` and `places` map each known name (label or alias) to its
    entity id."""
    proposals = []
    for start, end in sentences(text):
        sentence = text[start:end]
        kinds: list[str | None] = [kind for pattern, kind in TRIGGERS if re.search(pattern, sentence, re.IGNORECASE)]
        when, shown = _first_date(sentence, reference)
        if not kinds and not when:
            continue
        for kind in kinds or [None]:
            proposals.append(_proposal(sentence, start, end, kind, when, shown, actors, places))
    return proposals


def _proposal(
    sentence: str, start: int, end: int, kind: str | None, when: str, shown: str, actors: dict[str, str], places: dict[str, str]
) -> Proposal:
    proposal = Proposal(kind or "Statement", sentence, start, end)
    proposal.actors = _named(sentence, actors)
    proposal.places = _named(sentence, places)
    proposal.when, proposal.shown_date = when, shown
    if re.search(r"\bwill (attend|visit|meet|travel|hold)\b", sentence, re.IGNORECASE):
        proposal.status = "planned"
    elif re.search(r"\bis on\b|\bis visiting\b", sentence, re.IGNORECASE):
        proposal.status = "ongoing"
    if kind:
        proposal.reasons.append(f"event word for {kind}")
    else:
        proposal.reasons.append("a date, but no event word: kind unknown")
    if when:
        proposal.reasons.append(f"date {when!r}: {shown}")
    if proposal.actors:
        proposal.reasons.append(f"{len(proposal.actors)} known actor(s)")
    score = (kind is not None) + bool(when) + bool(proposal.actors)
    proposal.confidence = {3: "high", 2: "medium"}.get(score, "low")
    return proposal


def _first_date(sentence: str, reference: date | None) -> tuple[str, str]:
    found = sorted((match.start(), match.group(0)) for pattern in DATE_PATTERNS for match in re.finditer(pattern, sentence))
    for _, expression in found:
        try:
            reading = resolve(expression, reference)
        except UnresolvedDate:
            continue
        if expression.startswith("since "):
            return expression, f"from {format_date(reading.date.earliest, reading.date.precision)}"
        return expression, format_date(reading.date.earliest, reading.date.precision)
    return "", ""


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
        lines.append(f"label = {toml_string(proposal.quote[:80])}  # TODO: a short label")
        lines.append(f'status = "{proposal.status}"')
        if proposal.actors:
            lines.append("roles = { participant = [" + ", ".join(toml_string(a) for a in proposal.actors) + "] }  # TODO: the roles")
        if proposal.places:
            lines.append("places = [" + ", ".join(toml_string(p) for p in proposal.places) + "]")
        lines.append(f"evidence = [{toml_string(proposal.quote)}]")
        if proposal.when:
            lines += ["", "[[event.time]]", f"when = {toml_string(proposal.when)}  # {proposal.shown_date}", f"evidence = [{toml_string(proposal.when)}]"]
    return "\n".join(lines) + "\n"


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
