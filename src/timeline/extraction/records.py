"""What `timeline extract` proposes: an event with its words, roles, places, date and status,
each with why; the reading of a report; and short labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from timeline.extraction.names import Entity
from timeline.model.dates import ImpreciseDate, format_dates

LABEL_LENGTH = 60


@dataclass
class Evidence:
    quote: str
    start: int
    end: int
    prefix: str = ""  # the words before it, where the quote occurs more than once


@dataclass
class Proposal:
    kind: str
    quote: str
    start: int
    end: int
    word: str = ""  # the event word
    roles: dict[str, list[str]] = field(default_factory=dict)
    places: list[str] = field(default_factory=list)
    when: str = ""
    when_start: int = -1
    since: bool = False  # the date is the start of what continues ("since 2012")
    status: str = "completed"
    confidence: str = "low"
    reasons: list[str] = field(default_factory=list)
    resolution: str = ""
    begin: str = ""  # the first day the date can stand for, at its precision (2024-05, 2024-05-16)
    end_date: str = ""  # the last, where the date is a span (a week, a quarter, a decade)
    order_words: str = ""
    label: str = ""
    more_evidence: list[Evidence] = field(default_factory=list)
    same_as: str = ""  # the id of a known event this one likely is
    same_as_reasons: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)  # what else keeps it from building

    @property
    def days(self) -> tuple[date, date] | None:
        """The first and the last day its dates can stand for; None when undated."""
        if not self.begin:
            return None
        return ImpreciseDate.parse(self.begin).earliest, ImpreciseDate.parse(self.end_date or self.begin).latest

    @property
    def shown_date(self) -> str:
        """Its dates as `timeline show` writes them: "16 May 2024", "16–17 May 2024"."""
        return shown(self.begin, self.end_date, self.since)

    @property
    def actors(self) -> list[str]:
        return list(dict.fromkeys(actor for actors in self.roles.values() for actor in actors))

    def problems(self) -> list[str]:
        """What keeps the proposal from building: what the reviewer must add."""
        found = list(self.blockers)
        if not self.roles and not self.same_as:
            found.append("no actor is named in its sentence: add `roles`")
        if not self.begin and not self.same_as:
            found.append("no date in its sentence or the one before: add [[event.time]]")
        return found


@dataclass
class Reading:
    """The proposals of one report, and the new entities they name."""

    proposals: list[Proposal]
    entities: list[Entity]


def shown(begin: str, end: str, since: bool = False) -> str:
    """Dates as `timeline show` writes them, "from" before the start of what continues."""
    first = ImpreciseDate.parse(begin)
    text = format_dates(first, ImpreciseDate.parse(end) if end else first)
    return f"from {text}" if since else text


def short_label(text: str, length: int = LABEL_LENGTH) -> str:
    """The text cut to at most `length` characters at a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
