"""What the served page may ask of the server, checked before anything is worked out:
`/timeline/window.json?start=MS&end=MS&actor=IRI&grouped=0|1` and `/timeline/events/ID.json`.

Every parameter is checked here and nowhere else: a number of milliseconds within the range of
a JavaScript date, the two ends given together and in order, an actor no longer than an IRI
can usefully be, each parameter once; anything else is a 400 problem that names it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from timeline.serve.engine_requests import Problem

LATEST_MS = 8_640_000_000_000_000  # ECMAScript's dates reach 100,000,000 days either side of 1970
LONGEST_ACTOR = 2_048
MILLISECONDS = re.compile(r"-?[0-9]{1,16}")  # ASCII digits only: str.isdigit takes "²", which int() refuses
WINDOW_PARAMETERS = ("start", "end", "actor", "grouped")


@dataclass(frozen=True)
class WindowAsked:
    actor: str
    grouped: bool
    span: tuple[int, int] | None


def window_asked(parameters: Iterable[tuple[str, str]]) -> WindowAsked | Problem:
    """The window a request asks for, or the problem with it."""
    given: dict[str, str] = {}
    for name, value in parameters:
        if name not in WINDOW_PARAMETERS:
            return _bad(name, f"The window takes the parameters {', '.join(WINDOW_PARAMETERS)}, not {name!r}.")
        if name in given:
            return _bad(name, f"Parameter {name!r} is given twice; give it once.")
        given[name] = value
    if given.get("grouped", "0") not in ("0", "1"):
        return _bad("grouped", "Parameter 'grouped' is 1 (a lane per actor) or 0 (one lane).")
    if len(given.get("actor", "")) > LONGEST_ACTOR:
        return _bad("actor", f"Parameter 'actor' is an actor's IRI, at most {LONGEST_ACTOR:,} characters.")
    if ("start" in given) != ("end" in given):
        return _bad("start" if "start" not in given else "end", "Give both 'start' and 'end', or neither for the span of every event.")
    span = None
    if "start" in given:
        ends = []
        for name in ("start", "end"):
            value = given[name]
            if not MILLISECONDS.fullmatch(value) or abs(int(value)) > LATEST_MS:
                return _bad(name, f"Parameter {name!r} is a time in milliseconds since 1970-01-01 (as JavaScript counts), "
                                  f"within {LATEST_MS:,} of it.")
            ends.append(int(value))
        if ends[0] >= ends[1]:
            return _bad("end", "Parameter 'end' comes after 'start'.")
        span = (ends[0], ends[1])
    return WindowAsked(given.get("actor", ""), given.get("grouped") == "1", span)


def event_problem(event_id: str, suffix: str | None) -> Problem:
    """Why `/timeline/events/ID` has no answer."""
    if suffix != "json":
        return Problem(404, "Not Found", "An event is served as JSON: ask for /timeline/events/ID.json.")
    return Problem(404, "Not Found", f"No event with the id {event_id!r} in the served knowledge base. "
                                     "The page's windows (/timeline/window.json) name each event's id.")


def _bad(parameter: str, detail: str) -> Problem:
    return Problem(400, "Bad Request", detail, (("parameter", parameter),))
