"""How the events `timeline extract` proposes for a report compare with the events curated by
hand from the same text (`extract --compare`, the extraction benchmark)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from timeline.extraction.records import Proposal

__all__ = ["Comparison", "compare"]


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
    text): a proposal is right when its words overlap evidence of a curated event of a kind
    `same_kind` accepts (one a subclass of the other); a curated event is missed when no
    proposal is right for it."""
    found: set[str] = set()
    right = 0
    for proposal in proposals:
        spans = [(proposal.start, proposal.end), *((e.start, e.end) for e in proposal.more_evidence)]
        matches = {
            event_id
            for event_id, (kind, evidence) in curated.items()
            if same_kind(kind, proposal.kind) and any(s < e_end and e_start < e for s, e in spans for e_start, e_end in evidence)
        }
        if matches:
            right += 1
            found |= matches
    return Comparison(len(proposals), right, len(curated), sorted(set(curated) - found))

