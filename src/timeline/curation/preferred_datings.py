"""Each event's preferred dating, chosen among the datings of every source that dates it, and
the triples each events file gains from the choice (timeline.curation.build calls it once every
file is compiled or remembered).

The most precise dating is preferred (finer begin, then finer end); on a tie, the first
written, the defining file's first. The event takes the preferred dating's dates as its own
(sem:hasBeginTimeStamp with tl:beginPrecision, and the end likewise), and every dating says
whether it is the preferred one (tl:isPreferredTime).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from timeline.model.dates import ImpreciseDate
from timeline.rdf.namespaces import SEM, TL
from timeline.rdf.writers import Triple

# One file's datings: for each event it dates, its intervals with their begin and end (None: unknown end).
Datings = Mapping[URIRef, list[tuple[URIRef, ImpreciseDate, ImpreciseDate | None]]]


@dataclass(frozen=True)
class Choice:
    """An event's preferred dating: the file that defines the event, the interval chosen, and
    its dates, which become the event's."""

    owner: Path
    interval: URIRef
    begin: ImpreciseDate
    end: ImpreciseDate | None


def _rank(candidate: tuple[int, Any, ImpreciseDate, ImpreciseDate | None]) -> tuple[int, int, int]:
    """Finer begin first, then finer end; on a tie, the earlier written."""
    index, _, begin, end = candidate
    return (begin.precision.rank, end.precision.rank if end is not None else 0, -index)


def preferred_datings(
    datings_by_file: Iterable[tuple[Path, Datings]], defined_in: Mapping[URIRef, Path], undated: Callable[[URIRef, Path], Exception],
) -> dict[URIRef, Choice]:
    """Each defined event's preferred dating, among those of every file (in file order). An
    event that no file dates gets the error `undated(event, owner)`."""
    # Each event's datings by file, in file order: looked up per event, not searched for in
    # every file (that search was 7 of a 9 s rebuild at 417 sources).
    by_event: dict[URIRef, list[tuple[Path, list[tuple[URIRef, ImpreciseDate, ImpreciseDate | None]]]]] = {}
    for path, datings in datings_by_file:
        for dated, found in datings.items():
            by_event.setdefault(dated, []).append((path, found))
    chosen: dict[URIRef, Choice] = {}
    for event, owner in defined_in.items():
        in_files = by_event.pop(event, [])
        ordered = [entry for entry in in_files if entry[0] == owner] + [entry for entry in in_files if entry[0] != owner]
        candidates = [(interval, begin, end) for _, found in ordered for interval, begin, end in found]
        if not candidates:
            raise undated(event, owner)
        preferred = max(((index, *candidate) for index, candidate in enumerate(candidates)), key=_rank)[0]
        chosen[event] = Choice(owner, *candidates[preferred])
    return chosen


@dataclass(frozen=True)
class Gains:
    """What a file gains from the choice, as plain values: for each of its datings whether it
    is preferred, and the preferred dates of the events it defines. Cheap to compare across
    builds (a rebuild after one edit compares every file's), turned into triples only for the
    files written."""

    preferred: tuple[tuple[URIRef, bool], ...]
    dates: tuple[tuple[URIRef, ImpreciseDate, ImpreciseDate | None], ...]

    def fingerprint(self) -> str:
        """A text that differs when the gains do, for the build cache to compare."""
        def stamp(value: ImpreciseDate | None) -> str:
            return "" if value is None else f"{value.earliest}/{value.latest}/{value.precision.value}"

        return "\n".join([*(f"{interval} {chosen}" for interval, chosen in self.preferred),
                          *(f"{event} {stamp(begin)} {stamp(end)}" for event, begin, end in self.dates)])

    def triples(self) -> list[Triple]:
        added: list[Triple] = [(interval, TL.isPreferredTime, Literal(chosen)) for interval, chosen in self.preferred]
        for event, begin, end in self.dates:
            added.append((event, SEM.hasBeginTimeStamp, Literal(begin.earliest, datatype=XSD.date)))
            added.append((event, TL.beginPrecision, URIRef(begin.precision.unit_iri)))
            if end is not None:
                added.append((event, SEM.hasEndTimeStamp, Literal(end.latest, datatype=XSD.date)))
                added.append((event, TL.endPrecision, URIRef(end.precision.unit_iri)))
        return added


def gains_of(path: Path, datings: Datings, declared: Iterable[URIRef], chosen: Mapping[URIRef, Choice]) -> Gains:
    """What file `path` gains from the preferred datings: whether each of its datings is its
    event's preferred one, and, for the events it defines (`declared`), the preferred dates."""
    preferred = []
    for event, found in datings.items():
        choice = chosen.get(event)
        if choice is not None:
            preferred += [(interval, interval == choice.interval) for interval, _, _ in found]
    dates = []
    for iri in declared:
        choice = chosen.get(iri)
        if choice is not None and choice.owner == path:
            dates.append((iri, choice.begin, choice.end))
    return Gains(tuple(preferred), tuple(dates))
