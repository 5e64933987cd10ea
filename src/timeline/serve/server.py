"""`timeline serve`: the knowledge base as a read-only SPARQL 1.1 Protocol endpoint.

The SPARQL work is Oxigraph's own server (`oxigraph serve-read-only`, from the `oxigraph`
package), which does GET and POST queries, content negotiation (JSON, XML, CSV and TSV
results; Turtle, N-Triples, JSON-LD and more for graphs), the union default graph and a query
timeout. It has no limit on the size of a result, and when its timeout strikes it has already
answered 200 and writes the cancellation into the body. So it listens on a private loopback
port behind a small proxy that buffers each answer: one larger than the limit becomes a clear
422 error, one slower than the timeout a clear 504 (Oxigraph's own timeout, a second later,
frees the server). The proxy also refuses every write (update and Graph Store Protocol).
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from timeline.errors import QueryError, TimelineError
from timeline.store.sparql_text import read_sparql

CHUNK = 65536
IDLE_SECONDS = 10
MAX_CONNECTIONS = 64


class BoundedServer(ThreadingHTTPServer):
    """A threading HTTP server with at most MAX_CONNECTIONS connections served at once (one
    more gets a 503 at once) and one log line, not a traceback, for a connection that fails."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            try:
                request.settimeout(1)
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        sys.stderr.write(f"{client_address[0]} connection ended: {type(error).__name__}: {error}\n")


@dataclass(frozen=True)
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    max_result_bytes: int = 10_000_000
    # SERVICE makes the server fetch a URL the client names, behind the server's own firewall:
    # off unless the operator allows it.
    allow_service: bool = False
    max_request_bytes: int = 1_000_000


class Upstream:
    """The Oxigraph server behind the proxy, started again if it dies."""

    def __init__(self, location: Path, settings: ServeSettings) -> None:
        self.location = location
        self.settings = settings
        self._lock = threading.Lock()
        self.process, self.port = start_oxigraph(location, settings)

    def alive_port(self) -> int:
        with self._lock:
            if self.process.poll() is not None:
                sys.stderr.write(f"The Oxigraph server stopped (exit {self.process.returncode}); starting it again.\n")
                self.process, self.port = start_oxigraph(self.location, self.settings)
            return self.port

    def died(self) -> bool:
        """Whether the server has stopped (waiting a moment: a killed process takes time to go),
        in which case it is started again."""
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return False
        self.alive_port()
        return True

    def stop(self) -> None:
        with self._lock:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


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


def _die_with_parent() -> None:
    """In the child, before exec: on Linux, have the kernel stop it if timeline dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_oxigraph(location: Path, settings: ServeSettings) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    process = subprocess.Popen(
        [
            oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}",
            "--union-default-graph", "--timeout-s", str(int(settings.timeout) + 1),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            message = process.stderr.read().decode("utf-8", "replace").strip() if process.stderr else ""
            raise TimelineError(f"The Oxigraph server stopped at once: {message or 'no message'}. Is {location} a store written by `timeline load`?")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return process, port
        except OSError:
            time.sleep(0.05)
    process.terminate()
    raise TimelineError("The Oxigraph server did not start within 30 s.")


def query_of(method: str, path: str, content_type: str, body: bytes | None) -> str | None:
    """The SPARQL text a request carries (GET ?query=, a POSTed form, or a POSTed query), or
    None if it carries none."""
    if method == "GET":
        values = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query).get("query")
        return values[0] if values else None
    media = content_type.split(";", 1)[0].strip().lower()
    text = (body or b"").decode("utf-8", "replace")
    if media == "application/sparql-query":
        return text
    if media == "application/x-www-form-urlencoded":
        values = urllib.parse.parse_qs(text).get("query")
        return values[0] if values else None
    return None


def proxy_handler(upstream: Upstream, settings: ServeSettings) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "timeline-serve"
        # A connection that sends nothing (or less body than it announced) for this long is
        # closed: 1,500 half-open connections held 1,504 threads.
        timeout = IDLE_SECONDS

        def parse_request(self) -> bool:
            if len(getattr(self, "raw_requestline", b"").split()) < 3:
                # HTTP/0.9 (no version): http.server would wait for headers such a request
                # never sends. There is no status line to answer with: close the connection.
                self.close_connection = True
                return False
            return super().parse_request()

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            self._forward()

        def do_POST(self) -> None:  # noqa: N802
            self._forward()

        def do_PUT(self) -> None:  # noqa: N802
            self._refuse()

        do_DELETE = do_PATCH = do_PUT

        def _refuse(self) -> None:
            self._reply(403, "This SPARQL endpoint is read-only: updates and graph writes are refused.\n")

        def _forward(self) -> None:
            path = self.path.split("?", 1)[0]
            if path != "/query":
                if path in ("/update", "/store") or path.startswith("/store"):
                    return self._refuse()
                return self._reply(404, "The SPARQL endpoint is /query (GET ?query=... or POST).\n")
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                return self._reply(400, "Content-Length must be a number.\n")
            if length < 0:
                return self._reply(400, "Content-Length must not be negative.\n")
            if length > settings.max_request_bytes:
                return self._reply(413, f"A request body may be at most {settings.max_request_bytes} bytes.\n")
            try:
                body = self.rfile.read(length) if length else None
            except TimeoutError:
                return self._reply(408, f"The request body did not arrive within {IDLE_SECONDS} s.\n")
            if body is not None and len(body) < length:
                return self._reply(400, "The request body is shorter than its Content-Length.\n")
            refusal = self._refusal(query_of(self.command, self.path, self.headers.get("Content-Type", ""), body))
            if refusal is not None:
                return self._reply(*refusal)
            headers = {name: value for name, value in self.headers.items() if name.lower() in ("content-type", "accept")}
            self._relay(body, headers)

        def _relay(self, body: bytes | None, headers: dict[str, str], retried: bool = False) -> None:
            """Ask the Oxigraph server and pass its answer on, within the limits."""
            deadline = time.monotonic() + settings.timeout
            connection = http.client.HTTPConnection("127.0.0.1", upstream.alive_port(), timeout=settings.timeout)
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                chunks: list[bytes] = []
                size = 0
                while chunk := response.read1(CHUNK):
                    size += len(chunk)
                    if size > settings.max_result_bytes:
                        return self._reply(
                            422,
                            f"The result is larger than this endpoint's limit of {settings.max_result_bytes} bytes: "
                            "add a LIMIT to the query.\n",
                        )
                    if time.monotonic() > deadline:
                        raise TimeoutError
                    chunks.append(chunk)
                payload = b"".join(chunks)
                self.send_response(response.status)
                self.send_header("Content-Type", response.getheader("Content-Type", "application/octet-stream"))
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except TimeoutError:
                self._reply(504, f"The query ran longer than this endpoint's limit of {settings.timeout:g} s.\n")
            except (OSError, http.client.HTTPException) as error:
                if retried or not upstream.died():
                    return self._reply(502, f"The store behind this endpoint did not answer: {error}\n")
                connection.close()
                return self._relay(body, headers, retried=True)  # started again: one more try
            finally:
                connection.close()

        def _refusal(self, text: str | None) -> tuple[int, str] | None:
            """Why the query must not reach the engine, as a status and a message; None if it may."""
            if text is None:
                return (400, "Send a SPARQL query: GET /query?query=..., or POST it as a form or as application/sparql-query.\n")
            try:
                read = read_sparql(text)
            except QueryError as error:
                return (400, f"{error}\n")
            if read.is_update:
                return (403, "This SPARQL endpoint is read-only: updates and graph writes are refused.\n")
            if read.asks_other_endpoints and not settings.allow_service:
                return (403, "SERVICE is off on this endpoint: it would fetch from addresses the client names. "
                        "The operator can allow it with `timeline serve --allow-service`.\n")
            return None

        def _reply(self, status: int, text: str) -> None:
            payload = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *arguments: object) -> None:  # noqa: A002
            sys.stderr.write(f"{self.address_string()} {format % arguments}\n")

    return Handler


TEMPORARY_PREFIX = "timeline-serve-"


def temporary_store_folder() -> Path:
    """A new folder for the store `serve` loads the knowledge base into, named after this
    process; the folders of serves that were killed before they could clean up are removed
    first (their process is gone)."""
    import re
    import shutil
    import tempfile

    root = Path(tempfile.gettempdir())
    for folder in root.glob(f"{TEMPORARY_PREFIX}*"):
        match = re.fullmatch(rf"{TEMPORARY_PREFIX}(\d+)-\w+", folder.name)
        if match and folder.is_dir() and folder.owner() == Path.home().owner() and not _process_alive(int(match.group(1))):
            shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{TEMPORARY_PREFIX}{os.getpid()}-"))


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(location: Path, settings: ServeSettings, on_ready: Callable[[str], None]) -> None:
    """Serve the store at `location` until interrupted (Ctrl-C or SIGTERM), then stop the
    Oxigraph server too."""
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    upstream = Upstream(location, settings)
    try:
        server = BoundedServer((settings.host, settings.port), proxy_handler(upstream, settings))
    except OSError as error:
        upstream.stop()
        raise TimelineError(f"Cannot listen on {settings.host}:{settings.port}: {error.strerror}. Choose another --port.") from None
    try:
        on_ready(f"http://{settings.host}:{server.server_address[1]}/query")
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        upstream.stop()
