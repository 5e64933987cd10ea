"""The distinct lines of many sorted texts, in sorted order, without holding them all: the
external merge sort with which an export of a large knowledge base writes N-Triples and
N-Quads sorted (timeline.store.transfer)."""

from __future__ import annotations

import bisect
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path


def merged_lines(texts: Iterable[str], fan_in: int = 64, run_chars: int = 1 << 24) -> Iterator[str]:
    """The distinct lines of many texts, each of sorted lines ending in newlines, in sorted
    order, in pieces to write as they come: an external merge sort. Texts are gathered up to
    `run_chars` characters, sorted together and written to a temporary file as one run, so
    memory holds one run, then a chunk of each file being merged; at most `fan_in` files are
    open at once (more runs are merged in passes)."""
    with tempfile.TemporaryDirectory(prefix="timeline-merge-") as folder:
        paths: list[Path] = []

        def spill(gathered: list[str]) -> None:
            text = gathered[0]
            if len(gathered) > 1:
                # Sorted texts one after another: the sort merges them. Not splitlines, which
                # also splits at characters a literal holds unescaped (U+2028, U+0085).
                lines = [line + "\n" for line in "".join(gathered).split("\n")[:-1]]
                lines.sort()
                text = "".join(lines)
            paths.append(Path(folder) / f"{len(paths)}.run")
            paths[-1].write_text(text, encoding="utf-8", newline="")

        gathered: list[str] = []
        size = 0
        for text in texts:
            gathered.append(text)
            size += len(text)
            if size >= run_chars:
                spill(gathered)
                gathered, size = [], 0
        if gathered:
            spill(gathered)
        while len(paths) > fan_in:
            passed: list[Path] = []
            for start in range(0, len(paths), fan_in):
                merged = Path(folder) / f"{len(paths)}-{start}.run"
                with merged.open("w", encoding="utf-8", newline="") as output:
                    for piece in _distinct_merge(paths[start : start + fan_in]):
                        output.write(piece)
                passed.append(merged)
            paths = passed
        yield from _distinct_merge(paths)


def _distinct_merge(paths: list[Path], chunk_bytes: int = 1 << 18) -> Iterator[str]:
    """The distinct lines of sorted files, in order, a chunk at a time. Every file's next lines
    are read into a buffer; every line up to the smallest of the buffers' last lines is then in
    a buffer (each file's later lines come after its last buffered one), so those lines are
    taken from every buffer and sorted together, which merges them in C rather than a line at
    a time in Python."""
    # Lines are compared with their newlines, here as in the runs' sorts. N-Triples escapes every
    # character below a space, so for N-Triples lines that is the order of the lines themselves.
    files = [path.open(encoding="utf-8", newline="\n") for path in paths]
    try:
        buffers = [file.readlines(chunk_bytes) for file in files]
        starts = [0] * len(files)
        last = None
        while live := [index for index, lines in enumerate(buffers) if lines]:
            bound = min(buffers[index][-1] for index in live)
            chunk: list[str] = []
            for index in live:
                lines, start = buffers[index], starts[index]
                cut = bisect.bisect_right(lines, bound, start)
                chunk += lines[start:cut]
                if cut == len(lines):
                    buffers[index], starts[index] = files[index].readlines(chunk_bytes), 0
                else:
                    starts[index] = cut
            chunk.sort()
            distinct = list(dict.fromkeys(chunk))  # duplicates are neighbours once sorted
            if distinct[0] == last:
                del distinct[0]
            if distinct:
                last = distinct[-1]
                yield "".join(distinct)
    finally:
        for file in files:
            file.close()
