"""The engine behind `timeline serve`: Oxigraph's own server (`oxigraph serve-read-only`, from
the `oxigraph` package) on a private loopback port, started again when it dies and when the
store folder changes.

A read-only Oxigraph sees the store as it was when it opened, so a `timeline load` into the
served folder would stay invisible. Each request asks `current_port()`, which looks at the
folder's files (names, sizes, times: a few dozen entries, some 50 µs). Once they have changed
and no writer holds the store's lock any more (a load in progress does; RocksDB's LOCK file,
asked with F_GETLK, which takes no lock itself), a new engine is started on the new state and
the old one is stopped after the requests it may still be answering have had their time. Until
then the old engine goes on answering from the state it opened.

The engine's standard error is read all the time by a thread of its own (EngineLog): every
failing SERVICE call or broken connection writes a line there, and a pipe nobody reads fills
at 64 KiB, after which the engine's threads block in `write` for ever. Its lines go to the
serve log, at most LOG_LINES_PER_MINUTE a minute (the rest counted), and the last few are kept
to say why an engine would not start.

Engines are started from the event loop's thread only: the kernel's parent-death signal
(PR_SET_PDEATHSIG), which stops an engine when `timeline serve` is killed, follows the thread
that started it, and a worker thread of a pool may end long before the server does.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path
from typing import IO

from timeline.errors import TimelineError
from timeline.serve.engine_requests import printable

START_WITHIN_SECONDS = 30.0
LOG_LINES_PER_MINUTE = 60

Fingerprint = tuple[tuple[str, int, int], ...]


def oxigraph_binary() -> str:
    beside_python = Path(sys.executable).parent / "oxigraph"
    found = str(beside_python) if beside_python.exists() else shutil.which("oxigraph")
    if not found:
        raise TimelineError("The Oxigraph server is not installed: run `pip install oxigraph` (timeline depends on it).")
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fingerprint(folder: Path) -> Fingerprint:
    """What changes when a writer commits to the store folder."""
    entries = []
    with os.scandir(folder) as listing:
        for entry in listing:
            try:
                status = entry.stat()
            except FileNotFoundError:  # removed while listed: a compaction
                continue
            entries.append((entry.name, status.st_size, status.st_mtime_ns))
    return tuple(sorted(entries))


def writer_holds(folder: Path) -> bool:
    """Whether a process has the store open for writing (RocksDB holds an fcntl lock on LOCK
    for as long as it has)."""
    try:
        descriptor = os.open(folder / "LOCK", os.O_RDONLY)
    except OSError:
        return False
    try:
        asked = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        answer = fcntl.fcntl(descriptor, fcntl.F_GETLK, asked)
        return struct.unpack("hhqqi", answer)[0] != fcntl.F_UNLCK
    except OSError:
        return False
    finally:
        os.close(descriptor)


def _die_with_parent() -> None:
    """In the child, before exec: on Linux, have the kernel stop it if timeline dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class EngineLog:
    """Reads an engine's standard error until it closes, so that the engine never blocks on
    it: each line to `log` while the rate allows, the last lines kept for `tail()`."""

    def __init__(self, stream: IO[bytes], log: IO[str] | None = None, per_minute: int = LOG_LINES_PER_MINUTE) -> None:
        self._stream = stream
        self._log = log if log is not None else sys.stderr
        self._per_minute = per_minute
        self._last: deque[str] = deque(maxlen=5)
        self._window_start = time.monotonic()
        self._written = 0
        self._dropped = 0
        self._thread = threading.Thread(target=self._read, name="oxigraph-stderr", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for raw in iter(lambda: self._stream.readline(65536), b""):
            line = printable(raw.decode("utf-8", "replace").rstrip("\r\n"))
            self._last.append(line)
            if not line.startswith("Listening for requests at "):  # its private port: serve says where it listens
                self._write(line)
        self._stream.close()

    def _write(self, line: str) -> None:
        now = time.monotonic()
        if now - self._window_start >= 60:
            if self._dropped:
                self._emit(f"Oxigraph: {self._dropped} more lines in the last minute, not shown.")
            self._window_start, self._written, self._dropped = now, 0, 0
        if self._written >= self._per_minute:
            self._dropped += 1
            return
        self._written += 1
        self._emit(f"Oxigraph: {line}")

    def _emit(self, text: str) -> None:
        try:
            self._log.write(text + "\n")
            self._log.flush()
        except (OSError, ValueError):  # the log is gone (a closed terminal): keep draining
            pass

    def tail(self, wait: float = 2.0) -> str:
        """The last lines the engine wrote, once it has closed its end (within `wait` seconds)."""
        self._thread.join(wait)
        return " ".join(self._last)


def _spawn(location: Path, timeout: float) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    process = subprocess.Popen(
        [
            oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}",
            # A second past ours: the proxy answers 504 first, then Oxigraph frees the engine.
            "--union-default-graph", "--timeout-s", str(int(timeout) + 1),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509
    )
    return process, port


def _failed_to_start(log: EngineLog, location: Path) -> TimelineError:
    message = log.tail().strip()
    return TimelineError(f"The Oxigraph server stopped at once: {message or 'no message'}. Is {location} a store written by `timeline load`?")


class Upstream:
    """The Oxigraph server behind `timeline serve`. `generation` counts the engines started,
    so that what is drawn from one (the page) can be kept until the next."""

    def __init__(self, location: Path, timeout: float) -> None:
        self.location = location
        self.timeout = timeout
        self.generation = 0
        self._lock: asyncio.Lock | None = None
        self._retired: list[subprocess.Popen[bytes]] = []
        self._fingerprint = fingerprint(location)
        # The first engine starts before uvicorn's event loop exists, on a loop of its own, in
        # the same (main) thread.
        self.process, self.port = asyncio.run(self._start())

    async def _start(self) -> tuple[subprocess.Popen[bytes], int]:
        process, port = _spawn(self.location, self.timeout)
        assert process.stderr is not None  # _spawn pipes it
        log = EngineLog(process.stderr)
        deadline = time.monotonic() + START_WITHIN_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise _failed_to_start(log, self.location)
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.close()
                self.generation += 1
                return process, port
            except OSError:
                await asyncio.sleep(0.05)
        process.terminate()
        raise TimelineError(f"The Oxigraph server did not start within {START_WITHIN_SECONDS:g} s.")

    async def current_port(self) -> int:
        """The port of an engine that is running and sees the store as it is now (or as it
        was before a writer that is still at work)."""
        if self.process.poll() is None and not self._store_changed():
            return self.port
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            died = self.process.poll() is not None
            if not died and not self._store_changed():
                return self.port
            if died:
                sys.stderr.write(f"The Oxigraph server stopped (exit {self.process.returncode}); starting it again.\n")
            old = self.process
            self._fingerprint = fingerprint(self.location)
            self.process, self.port = await self._start()
            if not died:
                self._retire(old)
            return self.port

    def _store_changed(self) -> bool:
        return fingerprint(self.location) != self._fingerprint and not writer_holds(self.location)

    def _retire(self, process: subprocess.Popen[bytes]) -> None:
        """Stop an engine that was replaced once its last answer can have been given (a signal,
        then a kill if need be: nothing here waits, since this runs on the event loop)."""
        self._retired = [old for old in self._retired if old.poll() is None]  # poll() also reaps the exited
        self._retired.append(process)
        loop = asyncio.get_running_loop()
        loop.call_later(self.timeout + 2, _signal, process, signal.SIGTERM)
        loop.call_later(self.timeout + 12, _signal, process, signal.SIGKILL)

    async def restart_if_dead(self) -> bool:
        """After a failed request: whether the engine had died (it is then started again)."""
        for _ in range(40):  # a killed process takes a moment to be reaped
            if self.process.poll() is not None:
                await self.current_port()
                return True
            await asyncio.sleep(0.05)
        return False

    def stop(self) -> None:
        for process in [*self._retired, self.process]:
            _stop(process)


def _signal(process: subprocess.Popen[bytes], number: int) -> None:
    if process.poll() is None:
        process.send_signal(number)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
