"""Is a proposed event one the knowledge base already holds? A second report of the same talks
should add its words and datings to the event, not a duplicate of it.

Two mentions are one event when they are of related kinds (the same, or one a subclass of the
other), their dates can be the same days, and they share who and where, or many words. Each
clue adds to a score; a proposal takes the best-scoring known event at or above THRESHOLD, with
its reasons, for the reviewer to confirm.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from timeline.extraction.records import Proposal

THRESHOLD = 0.55
_STOP = {"the", "a", "an", "of", "in", "on", "at", "to", "and", "for", "with", "his", "her", "their", "its", "is", "was", "by", "as",
         "from", "that", "this", "has", "have", "had", "be", "been", "it", "he", "she", "they", "said", "will", "would"}


@dataclass(frozen=True)
class KnownEvent:
    id: str
    kind: str
    earliest: date
    latest: date
    actors: frozenset[str]
    places: frozenset[str]
    words: frozenset[str]
    status: str = ""


def content_words(text: str) -> frozenset[str]:
    return frozenset(word for word in re.findall(r"[a-z]+", text.lower().replace("’", "'")) if word not in _STOP and len(word) > 2)


def match(proposal: Proposal, known: Iterable[KnownEvent], related: Callable[[str, str], bool]) -> tuple[str, float, list[str]] | None:
    """The known event the proposal most likely is, its score and why; None below THRESHOLD."""
    best: tuple[str, float, list[str]] | None = None
    span = proposal.days
    actors, places = set(proposal.actors), set(proposal.places)
    words = content_words(" ".join([proposal.quote, proposal.label]))
    for event in known:
        if not related(event.kind, proposal.kind):
            continue
        score, reasons = 0.2, [f"kinds {proposal.kind} and {event.kind} can be one event"]
        if span is not None:
            earliest, latest = span
            if latest < event.earliest or event.latest < earliest:
                continue  # dates that cannot be the same days are two events
            score += 0.25
            reasons.append("their dates overlap")
        shared = actors & event.actors
        if shared:
            score += 0.15 + 0.15 * len(shared) / max(len(actors | event.actors), 1)
            reasons.append("shared actors: " + ", ".join(sorted(shared)))
        if places & event.places:
            score += 0.1
            reasons.append("shared places: " + ", ".join(sorted(places & event.places)))
        overlap = len(words & event.words) / max(min(len(words), len(event.words)), 1)
        if overlap:
            score += 0.25 * overlap
            reasons.append(f"{len(words & event.words)} words in common")
        if best is None or score > best[1]:
            best = (event.id, round(score, 2), reasons)
    return best if best is not None and best[1] >= THRESHOLD else None
