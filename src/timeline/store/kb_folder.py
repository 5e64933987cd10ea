"""The derived store of a knowledge base folder: commands that read a folder (no --store) query
an Oxigraph store kept in `.timeline/store` beside its files, instead of parsing every file on
every run.

The store is derived, never trusted: `.timeline/store.json` records, for each RDF file loaded,
its named graph, size, inode, modification and change times, and content hash. Before each
use, every file is checked against it (the change time moves on every write and cannot be set
back, unlike the modification time); a file whose status differs, or whose change time is too
close to the record's to be sure (a write within the same clock tick keeps the times), is
hashed, and only the files that really changed are loaded again (their graphs replaced,
removed files' graphs dropped). Then the record is written.

Two commands may run at once: a reader holds a shared lock on `.timeline/store.lock` while it
uses the store, and a refresh takes the exclusive lock, so a reader never sees a store half
refreshed. A refresh that cannot get the lock within a few seconds (a `timeline serve` reading
the folder holds a shared lock as long as it runs) loads the files in memory instead, as a
folder that cannot be written to (the seed installed with timeline) always does, and a small
knowledge base too (under MIN_BYTES of RDF), for which parsing is cheaper than a store on disk.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from timeline.errors import StoreWriteError
from timeline.kb.folder_lock import steady_files
from timeline.kb.layout import KbFile
from timeline.rdf.files import read_cache_json, write_atomically
from timeline.store.embedded import EmbeddedStore, remove_folder

FOLDER = Path(".timeline")
STORE = FOLDER / "store"
RECORD = FOLDER / "store.json"
LOCK = FOLDER / "store.lock"
FORMAT = 2
LOCK_WAIT_SECONDS = 10.0
# Below this many bytes of RDF, parsing the files in memory (about 40 ms a MiB) costs less than
# keeping a store on disk: making one takes seconds, and Oxigraph answers faster from memory.
MIN_BYTES = 8 * 1024 * 1024
# A file modified less than this before its record was written may have changed again within
# the same tick of the file system's clock: it is hashed rather than trusted on its times.
RACY_NANOSECONDS = 2_000_000_000
MAX_RECORD_BYTES = 1 << 30  # far above what 40,000 articles record; a larger file is damaged
_RECORD_FIELDS = {"graph": str, "size": int, "mtime_ns": int, "sha256": str}


@dataclass(frozen=True)
class _Seen:
    size: int
    mtime_ns: int
    sha256: str


def _hash(path: Path) -> str:
    import hashlib  # (only a file that may have changed is hashed: not on every query's path)

    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class FolderStore(EmbeddedStore):
    """The derived store, open read-only, holding the shared lock until it is closed."""

    def __init__(self, path: Path, lock: IO[bytes], timeout: float) -> None:
        super().__init__(path, writable=False, timeout=timeout)
        self._lock = lock

    def close(self) -> None:
        super().close()
        self._lock.close()  # releases the shared lock


def open_folder_store(kb_dir: Path, files: list[KbFile], timeout: float = 60.0) -> EmbeddedStore:
    """The folder's derived store, refreshed first if any file changed; an in-memory store of
    the files when they are small, when the folder cannot hold a store, or when another
    command keeps it busy. The files are read while no build writes them (folder_lock), so
    what is read is one build's output, and what is recorded is what was read."""
    with steady_files(kb_dir):
        if sum(kb_file.path.stat().st_size for kb_file in files if kb_file.path.is_file()) < MIN_BYTES:
            return _in_memory(files, timeout)
        folder = kb_dir / FOLDER
        try:
            folder.mkdir(exist_ok=True)
            lock = (kb_dir / LOCK).open("a+b")
        except OSError:
            return _in_memory(files, timeout)
        try:
            if _acquire(lock, fcntl.LOCK_SH) and _changes(kb_dir, files) == ([], []):
                return FolderStore(kb_dir / STORE, lock, timeout)
            fcntl.flock(lock, fcntl.LOCK_UN)
            if not _acquire(lock, fcntl.LOCK_EX):
                lock.close()
                return _in_memory(files, timeout)
            try:
                _refresh(kb_dir, files)
            except (StoreWriteError, OSError):
                # A full disk: the derived store only saves time, so it goes (freeing what it
                # took), and the files are read into memory, as for a folder that cannot hold one.
                (kb_dir / RECORD).unlink(missing_ok=True)
                remove_folder(kb_dir / STORE)
                lock.close()
                return _in_memory(files, timeout)
            fcntl.flock(lock, fcntl.LOCK_SH)  # down to shared: other readers may come in
            return FolderStore(kb_dir / STORE, lock, timeout)
        except BaseException:
            lock.close()
            raise


def _in_memory(files: list[KbFile], timeout: float = 60.0) -> EmbeddedStore:
    store = EmbeddedStore(timeout=timeout)
    store.load_files(files)
    return store


def _acquire(lock: IO[bytes], kind: int) -> bool:
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(lock, kind | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)


def _read_record(kb_dir: Path) -> dict[str, object]:
    """The record of what the store holds, or {} when there is none, or it is damaged: then
    every file is loaded again."""
    record = read_cache_json(kb_dir / RECORD, MAX_RECORD_BYTES)
    if not isinstance(record, dict) or record.get("format") != FORMAT or not (kb_dir / STORE).is_dir():
        return {}
    files, written = record.get("files"), record.get("written_ns")
    if not isinstance(files, dict) or not isinstance(written, int):
        return {}
    for entry in files.values():
        if not isinstance(entry, dict) or not all(isinstance(entry.get(key), kind) for key, kind in _RECORD_FIELDS.items()):
            return {}
    return record


def _changes(kb_dir: Path, files: list[KbFile]) -> tuple[list[KbFile], list[str]]:
    """The files to load again, and the graphs of files that are gone; nothing if the store
    is current. No record (or an unreadable one) means every file."""
    record = _read_record(kb_dir)
    if not record:
        return files, []
    seen: dict[str, dict[str, object]] = record["files"]  # type: ignore[assignment]
    written_at = int(record["written_ns"])  # type: ignore[call-overload]
    changed = []
    for kb_file in files:
        entry = seen.get(str(kb_file.path))
        if entry is None or entry["graph"] != kb_file.graph_name:
            changed.append(kb_file)
            continue
        try:
            status = kb_file.path.stat()
        except OSError:
            changed.append(kb_file)
            continue
        same = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino) == (
            entry["size"], entry["mtime_ns"], entry.get("ctime_ns"), entry.get("inode")
        )
        if same and status.st_ctime_ns < written_at - RACY_NANOSECONDS:
            continue
        if status.st_size != entry["size"] or _hash(kb_file.path) != entry["sha256"]:
            changed.append(kb_file)
    current = {str(kb_file.path) for kb_file in files}
    gone = [str(entry["graph"]) for path, entry in seen.items() if path not in current]
    return (changed, gone) if changed or gone else ([], [])


def _refresh(kb_dir: Path, files: list[KbFile]) -> None:
    """Bring the derived store up to date with the files (under the exclusive lock)."""
    changed, gone = _changes(kb_dir, files)
    if not changed and not gone:
        return
    from timeline.rdf.model import NamedNode

    record = _read_record(kb_dir)
    fresh = not record
    if fresh:
        remove_folder(kb_dir / STORE)
    (kb_dir / RECORD).unlink(missing_ok=True)  # a refresh cut short leaves no record to trust
    store = EmbeddedStore(kb_dir / STORE, writable=True)
    loaded: dict[str, dict[str, object]] = {}
    try:
        for graph in gone:
            store.drop_graph(NamedNode(graph))
        for kb_file in changed:
            # The file's status and hash are taken before it is loaded, never after: a file
            # replaced meanwhile then differs from its record, and is loaded again next time.
            # (Taken after, they described a file the store did not hold, for good.)
            status, digest = _snapshot(kb_file.path)
            store.reload_file(kb_file, bulk=fresh)
            loaded[str(kb_file.path)] = _entry(kb_file, status, digest)
        store.flush()
        store.optimize()
    finally:
        store.close()
    previous: dict[str, dict[str, object]] = record.get("files", {}) if record else {}  # type: ignore[assignment]
    entries = {}
    for kb_file in files:
        key = str(kb_file.path)
        entries[key] = loaded[key] if key in loaded else previous[key]  # the rest were checked unchanged above
    write_atomically(kb_dir / RECORD, json.dumps({"format": FORMAT, "written_ns": time.time_ns(), "files": entries}) + "\n")


def _snapshot(path: Path) -> tuple[os.stat_result, str]:
    """A file's status and the hash of its bytes, both of the very file opened."""
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as stream:
        status = os.fstat(stream.fileno())
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return status, digest.hexdigest()


def _entry(kb_file: KbFile, status: os.stat_result, sha256: str) -> dict[str, object]:
    return {
        "graph": kb_file.graph_name, "size": status.st_size, "mtime_ns": status.st_mtime_ns,
        "ctime_ns": status.st_ctime_ns, "inode": status.st_ino, "sha256": sha256,
    }
