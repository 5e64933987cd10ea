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
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from timeline.errors import TimelineError

CHUNK = 65536


@dataclass(frozen=True)
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    max_result_bytes: int = 10_000_000


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


def proxy_handler(upstream_port: int, settings: ServeSettings) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "timeline-serve"

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
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {name: value for name, value in self.headers.items() if name.lower() in ("content-type", "accept")}
            deadline = time.monotonic() + settings.timeout
            connection = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=settings.timeout)
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
                self._reply(502, f"The store behind this endpoint did not answer: {error}\n")
            finally:
                connection.close()

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


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(location: Path, settings: ServeSettings, on_ready: Callable[[str], None]) -> None:
    """Serve the store at `location` until interrupted (Ctrl-C or SIGTERM), then stop the
    Oxigraph server too."""
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    process, upstream_port = start_oxigraph(location, settings)
    try:
        server = ThreadingHTTPServer((settings.host, settings.port), proxy_handler(upstream_port, settings))
    except OSError as error:
        process.terminate()
        raise TimelineError(f"Cannot listen on {settings.host}:{settings.port}: {error.strerror}. Choose another --port.") from None
    try:
        on_ready(f"http://{settings.host}:{server.server_address[1]}/query")
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        process.terminate()
        process.wait(timeout=10)
