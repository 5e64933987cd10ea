"""The compiled outputs of a build, each kept on disk until the build writes or drops it.

A build holds every compiled graph until the preferred datings are known and the whole is
validated, and only then writes: nothing is written if anything fails. Held in memory (as
compressed N-Triples), that grew with the knowledge base; here each output is a file of its
own in a private temporary folder inside the knowledge base's `.timeline` folder, and memory
holds the one being read or written.
"""

from __future__ import annotations

import shutil
import zlib
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from types import TracebackType

from timeline.errors import DataFileError
from timeline.rdf.files import private_folder


class CompiledOutputs(MutableMapping[Path, bytes]):
    """Packed N-Triples by the output file they are for, on disk; removed on `close`."""

    def __init__(self, kb_dir: Path) -> None:
        beside: Path | None = kb_dir / ".timeline"
        try:
            (kb_dir / ".timeline").mkdir(exist_ok=True)
        except OSError:
            beside = None  # a read-only folder (the packaged seed): the system's temporary folder
        self._kb_dir = kb_dir
        try:
            # Private (mode 0700); what a killed build left is removed, one under way kept.
            self._folder = private_folder("timeline-build-", beside)
        except OSError as error:
            raise self._refused(error) from None
        self._names: dict[Path, str] = {}

    def __setitem__(self, output: Path, packed: bytes) -> None:
        name = self._names.setdefault(output, f"{len(self._names)}.nt.z")
        try:
            (self._folder / name).write_bytes(packed)
        except OSError as error:
            raise self._refused(error) from None

    def _refused(self, error: OSError) -> DataFileError:
        return write_refused(self._kb_dir, error)

    def __getitem__(self, output: Path) -> bytes:
        return (self._folder / self._names[output]).read_bytes()

    def __delitem__(self, output: Path) -> None:
        (self._folder / self._names.pop(output)).unlink()

    def __iter__(self) -> Iterator[Path]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, output: object) -> bool:
        return output in self._names

    def close(self) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> CompiledOutputs:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None) -> None:
        self.close()


def write_refused(kb_dir: Path, error: OSError) -> DataFileError:
    """The error of a build the disk refused (full, or read-only): nothing was changed."""
    return DataFileError(str(kb_dir), f"could not write the build ({error.strerror or error}); nothing was changed. "
                                      "Free some disk space, then build again.")


def packed(ntriples_text: str) -> bytes:
    """N-Triples kept compressed until validated and written: as text, every compiled graph held
    at once took 0.4 GB at 417 sources (str keeps two bytes a character once one is not
    Latin-1); compressed, about a tenth of that, for a second or two of zlib in a build."""
    return zlib.compress(ntriples_text.encode("utf-8"), 1)


def unpacked(packed: bytes) -> str:
    """The N-Triples text `packed` kept."""
    return zlib.decompress(packed).decode("utf-8")
