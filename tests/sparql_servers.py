"""Real HTTP servers on 127.0.0.1 for the tests: an Oxigraph SPARQL server (the `oxigraph`
package from PyPI) loaded with test data, Virtuoso, `timeline serve` itself, and small servers
that misbehave on purpose."""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from timeline.serve.upstream import free_port, oxigraph_binary

__all__ = ["free_port", "oxigraph_binary"]


class ServerProcess:
    """A server the tests run as a child process: stopped politely (killed if it will not go),
    or killed the hard way, as a crash would."""

    process: subprocess.Popen[bytes] | None = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
            self.process = None

    def kill(self) -> None:
        """Stop the server the hard way, as a crash would."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


class OxigraphServer(ServerProcess):
    """`oxigraph serve-read-only` over a store loaded from a Turtle file, or, with no data,
    `oxigraph serve` (read-write) over an empty store."""

    def __init__(self, data: Path | None, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.location = folder / "store"
        self.read_only = data is not None
        if data is not None:
            subprocess.run([oxigraph_binary(), "load", "--location", str(self.location), "--file", str(data)], check=True, capture_output=True)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.base}/query"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> OxigraphServer:
        command = "serve-read-only" if self.read_only else "serve"
        self.process = subprocess.Popen(
            [oxigraph_binary(), command, "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1)
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("oxigraph serve did not start within 20 s")


EMPTY_RESULTS = json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()


SECRET = "s3cret-pa55"  # a store password the tests check never leaves the store's origins
SELECT = "SELECT * WHERE { ?s ?p ?o }"
# How often a test's HTTP server looks for its shutdown: the default half second, paid at
# every stop, was 9 s of the fast loop.
POLL_SECONDS = 0.02


def empty_results(index: int) -> tuple[int, dict[str, str], bytes]:
    """A ScriptedServer answer: 200 with no rows, whatever the request."""
    return (200, {"Content-Type": "application/sparql-results+json"}, EMPTY_RESULTS)


class ScriptedServer:
    """An HTTP server whose answers a test scripts: each request gets the next answer
    (status, headers, body) and is recorded with its headers and form body."""

    def __init__(self, answers: list[tuple[int, dict[str, str], bytes]] | Callable[[int], tuple[int, dict[str, str], bytes]]):
        self.answers = answers
        self.requests: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length).decode("utf-8", "replace")
                server.requests.append({"user-agent": self.headers.get("User-Agent", ""), "authorization": self.headers.get("Authorization", ""), "body": body})
                status, headers, payload = server._answer(len(server.requests) - 1)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST

            def log_message(self, *arguments: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/sparql"
        threading.Thread(target=self.http.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True).start()

    def _answer(self, index: int) -> tuple[int, dict[str, str], bytes]:
        if callable(self.answers):
            return self.answers(index)
        return self.answers[min(index, len(self.answers) - 1)]

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()


class SilentServer:
    """Accepts connections and never answers."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/sparql"

    def stop(self) -> None:
        self.socket.close()


class DyingProxy:
    """Forwards requests to an upstream server; at the `die_at`-th write (a PUT, or a POST of an
    update) it calls `die` (which kills the upstream) and drops the connection without an answer."""

    def __init__(self, upstream: str, die_at: int, die: Callable[[], None]):
        import http.client
        import urllib.parse

        self.count = 0
        proxy = self
        target = urllib.parse.urlsplit(upstream)

        class Handler(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length) if length else None
                if self.command == "PUT" or (body or b"").startswith(b"update="):
                    proxy.count += 1
                if proxy.count == die_at:
                    die()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept", "authorization")}
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                self.upstream_server = response.getheader("Server", "")
                self.send_response(response.status)
                self.send_header("Content-Type", response.getheader("Content-Type", "text/plain"))
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = _forward

            def version_string(self) -> str:
                return getattr(self, "upstream_server", "") or super().version_string()  # the upstream's name, as a proxy passes it on

            def log_message(self, *arguments: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True).start()

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()


VIRTUOSO = "/usr/bin/virtuoso-t"
VIRTUOSO_ISQL = "/usr/bin/isql-vt"
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "analyst", "s3cret-pa55"  # TEST DATA: an account of the test server

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = {folder}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 10
ServerThreads = 10

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""

# What the README's recipe grants: updates to the anonymous SPARQL account, and an account
# for the authenticated endpoint (/sparql-auth, HTTP Digest).
VIRTUOSO_GRANTS = (
    'GRANT SPARQL_UPDATE TO "SPARQL";'
    f" DB.DBA.USER_CREATE('{VIRTUOSO_USER}', '{VIRTUOSO_PASSWORD}');"
    f' GRANT SPARQL_SELECT TO "{VIRTUOSO_USER}"; GRANT SPARQL_UPDATE TO "{VIRTUOSO_USER}";'
)


class VirtuosoServer(ServerProcess):
    """OpenLink Virtuoso 7 from Debian's package (virtuoso-opensource-7-bin), on loopback, with
    its database in `folder`: started, granted what timeline needs, stopped or killed, and
    started again on the same database."""

    def __init__(self, folder: Path):
        if not Path(VIRTUOSO).is_file():
            raise RuntimeError(f"{VIRTUOSO} is missing: `make test` installs Debian's virtuoso-opensource-7-bin")
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.sql_port, self.port = free_port(), free_port()
        (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(folder=folder, sql_port=self.sql_port, http_port=self.port), encoding="utf-8")
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.base}/sparql"
        self.update_url = self.url
        self.auth_url = f"{self.base}/sparql-auth"
        self.process: subprocess.Popen[bytes] | None = None
        self.granted = False

    def start(self) -> VirtuosoServer:
        (self.folder / "virtuoso.lck").unlink(missing_ok=True)  # left by a kill
        self.process = subprocess.Popen(
            [VIRTUOSO, "+configfile", str(self.folder / "virtuoso.ini"), "+foreground"],
            cwd=self.folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}?query=ASK%7B%7D", timeout=2)
                break
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}; see {self.folder}/virtuoso.log") from None
                time.sleep(0.1)
        else:
            self.kill()
            raise RuntimeError("Virtuoso did not start within 60 s")
        if not self.granted:
            subprocess.run(
                [VIRTUOSO_ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={VIRTUOSO_GRANTS}"],
                check=True, capture_output=True, timeout=60,
            )
            self.granted = True
        return self


def drain(stream) -> None:  # type: ignore[no-untyped-def]
    """Read a server's standard error to its end in the background: `timeline serve` logs every
    request there, and a pipe nobody reads fills and stops the server mid-line."""
    import threading

    threading.Thread(target=lambda: [None for _ in stream], daemon=True).start()


class Served:
    """`timeline serve` in a process of its own; `url` ends in /."""

    def __init__(self, *options: str, kb: Path | None = None, timeout: float = 10) -> None:
        arguments = [sys.executable, "-m", "timeline", *(["--kb", str(kb)] if kb else []), "serve", "--port", "0", "--timeout", f"{timeout:g}",
                     *options]
        self.process = subprocess.Popen(arguments, stderr=subprocess.PIPE, text=True)
        assert self.process.stderr is not None
        line = self.process.stderr.readline()
        found = re.match(r"Serving the knowledge base read-only at (http://\S+/) ", line)
        assert found, line
        self.url = found.group(1)
        # Read the log as it comes: a full pipe would stop the server mid-line.
        self.log_lines = [line]
        self._reader = threading.Thread(target=lambda: self.log_lines.extend(self.process.stderr), daemon=True)
        self._reader.start()
        parts = urllib.parse.urlsplit(self.url)
        self.host, self.port = parts.hostname, parts.port

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
        finally:
            connection.close()

    def get_json(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict]:
        status, _, body = self.request("GET", path, headers=headers)
        return status, json.loads(body)

    def children(self) -> list[int]:
        found = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout.split()
        return [int(pid) for pid in found]

    def stop(self) -> str:
        """Stop the server; its whole log."""
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=10)
        return "".join(self.log_lines)
