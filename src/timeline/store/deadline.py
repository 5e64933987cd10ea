"""Running engine work within a time limit, interruptible by Ctrl-C.

pyoxigraph has no query timeout, and a query it evaluates (a cartesian product, a SERVICE
call to a server that never answers) does not return to Python until it is done. So the work
runs in a worker thread while the calling thread waits with a deadline: at the deadline the
caller gets a QueryError, and Ctrl-C reaches the waiting thread at once. The abandoned worker
is a daemon thread, ended with the process (the command exits right after).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from timeline.errors import QueryError, TimelineError

T = TypeVar("T")


def within(seconds: float, work: Callable[[], T]) -> T:
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            if isinstance(error, TimelineError):
                # A user error needs no traceback, and its frames hold pyoxigraph objects that
                # must be dropped on this thread, not the waiting one.
                error.__traceback__ = error.__context__ = error.__cause__ = None
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True, name="timeline-query")
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise QueryError(
            f"The query ran longer than {seconds:g} s and was stopped. Allow more time with --timeout, or narrow the query."
        )
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
