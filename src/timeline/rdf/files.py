"""Writing files whole or not at all, and reading a cache file that may have been damaged."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def write_atomically(path: Path, text: str | Iterable[str]) -> None:
    """Write the whole text (or the pieces of it, written as they come) or nothing: a reader
    never sees half a file."""
    os.replace(write_beside(path, text), path)


def write_output(path: Path, text: str | Iterable[str]) -> None:
    """Write an output file whole, into a folder that exists: a mistyped folder is an error, not
    a new folder; a refusal (a full disk, no permission) is a TimelineError that says so."""
    from timeline.errors import TimelineError

    if not path.parent.is_dir():
        raise TimelineError(f"Cannot write {path}: the folder {path.parent} does not exist. Create it first, or give another path.")
    try:
        write_atomically(path, text)
    except OSError as error:
        raise TimelineError(f"Cannot write {path}: {error.strerror or error}. Give a path you can write to.") from None


def write_beside(path: Path, text: str | Iterable[str]) -> Path:
    """Write the whole text into a new hidden file beside `path`, to be renamed onto it (a
    rename needs no disk space, so a set of files written this way can all be put in place, or
    none); an OSError (a full disk) leaves no file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # here, not at the top: a stored query reads caches through this module and writes none

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            for piece in [text] if isinstance(text, str) else text:
                stream.write(piece)
        # mkstemp makes the file private; give it the permissions any new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        return Path(temporary)
    except BaseException:
        os.unlink(temporary)
        raise


def read_text(path: Path, what: str = "file", shown: str | None = None) -> str:
    """A text file as UTF-8, exactly as stored (no newline translation: offsets count in it).
    Another encoding is a DataFileError that names the file and says what to do."""
    from timeline.errors import DataFileError

    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(shown or str(path), f"this {what} is {not_utf8(data, error)}; save it as UTF-8 and try again") from None


def not_utf8(data: bytes, error: UnicodeDecodeError | None = None) -> str:
    """What a text that is not UTF-8 looks like, for a message."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and (data[0] == 0 or data[1] == 0)):
        return "UTF-16, not UTF-8"
    where = f" (byte {error.start})" if error is not None else ""
    return f"not UTF-8{where}"


def read_cache_json(path: Path, max_bytes: int) -> Any:
    """A cache file's JSON, or None for anything else: a missing file, one that is not a
    regular file (a FIFO would hang a plain open, a link to /dev/zero would fill memory), one
    larger than `max_bytes`, or text that is not JSON, including JSON nested deeper than the
    decoder can follow. A cache only saves time, so a damaged entry is a miss, never an error."""
    import json

    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > max_bytes:
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            return None
        return json.loads(data.decode("utf-8"))
    except (OSError, ValueError, RecursionError, MemoryError):
        return None
    finally:
        os.close(descriptor)


def private_folder(prefix: str, parent: Path | None = None) -> Path:
    """A new private folder (mode 0700) in `parent` (else the system's temporary folder) named
    after this process; the folders such processes left when they were killed are removed first
    (theirs is gone), those of processes still running kept."""
    import re
    import shutil
    import tempfile

    root = parent if parent is not None else Path(tempfile.gettempdir())
    for folder in root.glob(f"{prefix}*"):
        match = re.fullmatch(rf"{re.escape(prefix)}(\d+)-\w+", folder.name)
        if match and _own_folder(folder) and not _process_alive(int(match.group(1))):
            shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=root))


def _own_folder(folder: Path) -> bool:
    """Whether the folder is a folder of this user's (one gone meanwhile, or of a user with no
    name, is not)."""
    try:
        return folder.is_dir() and folder.stat().st_uid == os.getuid()
    except OSError:
        return False


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
