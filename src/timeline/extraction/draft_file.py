"""Writing a draft events file without losing curation: `timeline extract SOURCE -o FILE` may
replace a file only while nobody has worked on it.

A draft carries a checksum of its own text in its first line; a file whose text still matches
is an untouched draft. A file with no events (the one `timeline source add` makes) has nothing
to lose either. Any other file is curated: it is replaced only when the user says `--force`,
and then it is kept beside the new one first.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from timeline.errors import TimelineError

_MARK = "# timeline extract draft, checksum {checksum}: an edit below changes it, and extract then keeps the file"
_MARK_PATTERN = re.compile(r"# timeline extract draft, checksum ([0-9a-f]{8}):[^\n]*\n")


class CuratedFileError(TimelineError):
    """The file holds curation that writing the draft would lose."""


def marked(text: str) -> str:
    """The draft with the first line that says it is untouched."""
    return _MARK.format(checksum=_checksum(text)) + "\n" + text


def _checksum(text: str) -> str:
    return f"{zlib.crc32(text.encode('utf-8')):08x}"


def untouched(text: str) -> bool:
    """Whether a file's text is a draft as extract wrote it, or holds no event at all."""
    found = _MARK_PATTERN.match(text)
    if found and _checksum(text[found.end():]) == found.group(1):
        return True
    return not _holds_events(text)


def _holds_events(text: str) -> bool:
    import tomllib

    try:
        return bool(tomllib.loads(text).get("event"))
    except tomllib.TOMLDecodeError:
        return True  # not even TOML: somebody's work in progress


def check_writable(path: Path, force: bool = False) -> None:
    """Raise, before anything is written, where write_draft would refuse."""
    if not path.parent.is_dir():
        raise TimelineError(f"Cannot write {path}: the folder {path.parent} does not exist. Create it first, or give another path.")
    if path.exists() and not force and not _untouched_file(path):
        raise CuratedFileError(
                f"{path} holds curated events (it is not a draft as `timeline extract` wrote it): nothing was written. "
                "Write the draft to another file with -o, or replace this one with --force (the old file is then kept beside it)."
            )


def write_draft(path: Path, text: str, force: bool = False) -> Path | None:
    """Write the draft to `path`; where that replaces curation, only with `force`, keeping the
    old file beside it (its path is returned)."""
    from timeline.rdf.files import write_atomically

    check_writable(path, force)
    kept = _free_name(path) if path.exists() and not _untouched_file(path) else None
    try:
        if kept is not None:
            path.replace(kept)
        write_atomically(path, text)
    except OSError as error:
        raise TimelineError(f"Cannot write {path}: {error.strerror or error}. Give a path you can write to.") from None
    return kept


def _untouched_file(path: Path) -> bool:
    try:
        return untouched(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return False


def _free_name(path: Path) -> Path:
    for number in range(1, 10_000):
        candidate = path.with_name(f"{path.name}.before-extract-{number}")
        if not candidate.exists():
            return candidate
    raise CuratedFileError(f"{path}: too many earlier versions kept beside it; remove some and try again.")
