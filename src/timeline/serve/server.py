"""`timeline serve`: the knowledge base on the web, read-only (routes: timeline.serve.app).

uvicorn serves the Starlette application over HTTP/1.1 with keep-alive on a socket bound here
(so that a port in use is one clear error), with a limit on connections served at once (one
more gets 503 at once) and on idle keep-alive connections. Behind it, Oxigraph's own server
answers the SPARQL (timeline.serve.upstream). On SIGINT or SIGTERM uvicorn finishes what it
is answering and the engines are stopped; on SIGKILL the kernel stops them
(timeline.serve.upstream).
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from timeline.errors import TimelineError
from timeline.rdf.files import private_folder
from timeline.serve.app import ServedKnowledgeBase, ServeSettings, build_app
from timeline.serve.http_protocol import GuardedH11Protocol
from timeline.serve.upstream import Upstream, free_port

__all__ = ["ServeSettings", "free_port", "serve", "temporary_store_folder", "is_loopback"]

IDLE_SECONDS = 10
HEADER_BYTES = 64 * 1024


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        raise TimelineError(f"Cannot listen on {host}:{port}: {error.strerror}. Choose another --port.") from None
    except (socket.gaierror, UnicodeError) as error:
        listener.close()
        raise TimelineError(f"Cannot listen on {host!r}: {error}. Give an address such as 127.0.0.1.") from None
    listener.listen(1024)
    listener.set_inheritable(True)
    return listener


def serve(location: Path, settings: ServeSettings, on_ready: Callable[[str], None]) -> None:
    """Serve the store at `location` until interrupted (Ctrl-C or SIGTERM), then stop the
    Oxigraph server too."""
    import uvicorn

    listener = _listening_socket(settings.host, settings.port)
    upstream = None
    try:
        upstream = Upstream(location, settings.timeout)
        app = build_app(ServedKnowledgeBase(upstream, settings))
        config = uvicorn.Config(
            app, http=GuardedH11Protocol, loop="asyncio", lifespan="off", log_level="warning", access_log=False,
            limit_concurrency=settings.max_connections, timeout_keep_alive=IDLE_SECONDS,
            h11_max_incomplete_event_size=HEADER_BYTES, server_header=False, date_header=True,
        )
        server = uvicorn.Server(config)
        host, port = listener.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        on_ready(f"http://{shown}:{port}/")
        with _terminated_as_exit():
            server.run(sockets=[listener])
    finally:
        listener.close()
        if upstream is not None:
            upstream.stop()


@contextlib.contextmanager
def _terminated_as_exit() -> Iterator[None]:
    """SIGTERM ends the serve as Ctrl-C does, through every `finally` (the temporary store is
    removed, the engine stopped). uvicorn shuts down on it, then raises it again once its own
    handler is gone; with the default handler there the process died at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def exit_on(signal_number: int, frame: object) -> None:
        raise SystemExit(128 + signal_number)

    previous = signal.signal(signal.SIGTERM, exit_on)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


TEMPORARY_PREFIX = "timeline-serve-"


def temporary_store_folder() -> Path:
    """A new folder for the store `serve` loads the knowledge base into, named after this
    process; the folders of serves that were killed before they could clean up are removed
    first (their process is gone)."""
    return private_folder(TEMPORARY_PREFIX)


