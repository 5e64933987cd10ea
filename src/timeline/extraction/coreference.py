"""One proposal per happening: news tells its main events more than once (a headline, a
back reference, a retelling, the deaths of a disaster), and tells different events in like
words (a protest in Lagos and a rally in Abuja, an aftershock after the main shock). These are
the rules by which mentions join, or stay apart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache

from timeline.extraction.event_words import LEXICON, lemmas
from timeline.extraction.records import Evidence, Proposal, short_label
from timeline.extraction.same_event import content_words

_CONSEQUENCE_KINDS = {"Killing", "Death", "Attack"}  # what a disaster or an accident does to people and buildings
_CAUSE_KINDS = {"NaturalDisaster", "Accident", "Disaster"}


def headline_end(text: str) -> int:
    """Where a report's headline ends: its first line, where that line has no full stop at its
    end (a headline is no sentence), else nowhere."""
    first_line = text.split("\n", 1)[0]
    return len(first_line) if "\n" in text and first_line.strip() and not first_line.rstrip().endswith((".", "!", "?", ":")) else 0


def one_per_event(
    proposals: list[Proposal], related: Callable[[str, str], bool], headline_end: int, reference: date | None = None,
) -> list[Proposal]:
    """One proposal per event, as news tells its main events more than once:
    - a headline announces the event the body then tells: its words join the first proposal of
      a related kind in the body;
    - a later mention of a related kind whose actors are among an earlier one's (or include
      them), at the same date or none, is the same event, and its words join the earlier one."""
    kept: list[Proposal] = []
    headline = [p for p in proposals if p.start < headline_end]
    body = [p for p in proposals if p.start >= headline_end]
    for proposal in body:
        earlier = next((k for k in kept if _same_event(k, proposal, related, reference)), None)
        if earlier is None:
            kept.append(proposal)
            continue
        earlier.more_evidence.append(Evidence(proposal.quote, proposal.start, proposal.end))
        if earlier.kind in _CONSEQUENCE_KINDS and proposal.kind in _CAUSE_KINDS:
            # "killed ... when a church roof collapsed": the event is the collapse, the deaths its toll.
            earlier.kind, earlier.label, earlier.word = proposal.kind, proposal.label, proposal.word
        if proposal.begin and (not earlier.begin or len(proposal.begin) > len(earlier.begin)):
            # The date told more precisely: "this week" then "on Thursday".
            for name in ("when", "when_start", "since", "resolution", "begin", "end_date", "status"):
                setattr(earlier, name, getattr(proposal, name))
        _add_roles(earlier, proposal)
        earlier.reasons.append(f"told again: {short_label(proposal.quote, 40)!r}")
    for proposal in headline:
        target = next((k for k in kept if related(k.kind, proposal.kind) or _consequence(k, proposal)), None)
        if target is None:
            kept.insert(0, proposal)
        else:
            target.more_evidence.insert(0, Evidence(proposal.quote, proposal.start, proposal.end))
            target.reasons.append("the headline announces it")
            _add_roles(target, proposal)
    return kept


def _add_roles(target: Proposal, other: Proposal) -> None:
    for role, actors in other.roles.items():
        new = [actor for actor in actors if actor not in target.actors]
        if new:
            target.roles[role] = target.roles.get(role, []) + new


def _measured(quote: str) -> set[str]:
    """The words of what a figure measures ("hate groups"), without the words of figures and change."""
    return {word.rstrip("s") for word in content_words(quote)} - _figure_words()


@lru_cache(maxsize=1)
def _figure_words() -> frozenset[str]:
    """The lexicon's words of figures and of their change ("trade", "exports", "rise")."""
    return frozenset(word.rstrip("s") for row in LEXICON if row.kind in ("StatisticalObservation", "TradeVolume")
                     for word in (*row.nouns, *row.needs))


def _is_follow_up(word: str) -> bool:
    return "aftershock" in lemmas(word)


def _consequence(one: Proposal, other: Proposal) -> bool:
    """Whether one is the deaths or damage of the other's disaster or accident, either way round."""
    kinds = {one.kind, other.kind}
    return bool(kinds & _CONSEQUENCE_KINDS) and bool(kinds & _CAUSE_KINDS)


def _dates_agree(one: Proposal, other: Proposal, reference: date | None = None) -> bool:
    """Dated to days that can be the same; or one undated and the other near the report's date,
    since what a report tells without a date is its present ("his second visit" is not "his
    visit in May")."""
    first, second = one.days, other.days
    if first is None or second is None:
        dated = first or second
        return dated is None or reference is None or any(abs((day - reference).days) <= 31 for day in dated)
    return first[0] <= second[1] and second[0] <= first[1]


def _same_event(earlier: Proposal, later: Proposal, related: Callable[[str, str], bool], reference: date | None = None) -> bool:
    if earlier.places and later.places and not set(earlier.places) & set(later.places):
        return False  # a protest in Lagos and a rally in Abuja are two events
    if _consequence(earlier, later) and abs(later.start - earlier.end) < 200 and _dates_agree(earlier, later, reference):
        return True  # "an earthquake struck ..., killing 93": the deaths are the earthquake's
    if not related(earlier.kind, later.kind) or (earlier.status == "planned") != (later.status == "planned"):
        return False  # an event told as done is not the one told as planned
    if related("StatisticalObservation", earlier.kind) and lemmas(earlier.word).isdisjoint(lemmas(later.word)) and len(
            _measured(earlier.quote) & _measured(later.quote)) < 2:
        return False  # figures of different things (trade, investment) are different observations
    if earlier.actors and later.actors and not _dates_agree(earlier, later, reference):
        return False
    if _is_follow_up(earlier.word) != _is_follow_up(later.word):
        return False  # an aftershock is an earthquake of its own, after the main shock
    if not earlier.actors or not later.actors:
        # A mention that names no one ("the results have been released") at dates that agree
        # is the event told with its actors, or again without them (an earthquake).
        return _dates_agree(earlier, later, reference)
    one, other = set(earlier.actors), set(later.actors)
    if not (one <= other or other <= one):
        return False
    return (earlier.begin, earlier.end_date) == (later.begin, later.end_date) or not (earlier.begin and later.begin)
