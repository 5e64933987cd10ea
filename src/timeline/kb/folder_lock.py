"""One lock on a knowledge base folder's RDF files, so that a reader sees one build or the other.

`timeline build` writes many files, one at a time. A command that read them meanwhile (the
derived store's refresh, or a load into memory) could take some files of the new build and
some of the old, and record the mix as current. So the build holds `.timeline/build.lock`
exclusively while it writes its output, and a reader holds it shared while it reads the files
(not while it answers: a query runs on what was read). Readers do not wait for each other.

A folder where the lock cannot be made (the seed installed with timeline, read-only) cannot be
built either, so reading it needs no lock.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from timeline.errors import TimelineError

BUILD_LOCK = Path(".timeline") / "build.lock"
READ_WAIT_SECONDS = 600.0  # a build writes for seconds; ten minutes means something is stuck
WRITE_WAIT_SECONDS = 600.0  # a reader reads for seconds (minutes for a first load of thousands of articles)


@contextmanager
def steady_files(kb_dir: Path) -> Iterator[None]:
    """Hold the folder's files still while they are read: no build writes meanwhile."""
    with _held(kb_dir, fcntl.LOCK_SH, READ_WAIT_SECONDS, "read"):
        yield


@contextmanager
def writing_files(kb_dir: Path) -> Iterator[None]:
    """Hold the folder's files for a build's writing: no reader reads meanwhile."""
    with _held(kb_dir, fcntl.LOCK_EX, WRITE_WAIT_SECONDS, "write"):
        yield


@contextmanager
def _held(kb_dir: Path, kind: int, wait: float, verb: str) -> Iterator[None]:
    try:
        (kb_dir / BUILD_LOCK.parent).mkdir(exist_ok=True)
        lock = (kb_dir / BUILD_LOCK).open("a+b")
    except OSError:
        yield  # a folder nobody can write in: no build can change it
        return
    with lock:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(lock, kind | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimelineError(
                        f"Could not {verb} the files of {kb_dir} within {wait:g} s: another timeline command holds "
                        f"{BUILD_LOCK}. Wait for it to finish, or stop it, and try again."
                    ) from None
                time.sleep(0.05)
        yield  # closing the file releases the lock
