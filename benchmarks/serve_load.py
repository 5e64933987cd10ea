"""Many clients at once against `timeline serve`: throughput and latency percentiles, and every
error. Each client is a thread with one keep-alive HTTP/1.1 connection that asks the paths in
turn; only loopback addresses are asked.

    python benchmarks/serve_load.py                     # serves the seed knowledge base itself
    python benchmarks/serve_load.py --url http://127.0.0.1:7878/ --clients 8 --requests 200

Without --url it also asks Oxigraph's own server (the engine alone, `oxigraph serve-read-only`
on the same store) the same SPARQL, with the stored queries' parameters already bound, and
prints both side by side: what timeline's API and its rules cost.

The test suite runs `hammer` too (tests/test_serve.py), for its errors, not its times.
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from dataclasses import dataclass, field

PATHS = ["/queries/actor-timeline.json?actor=Putin", "/queries/timeline.csv", "/queries", "/query?query=ASK%7B%7D"]
# The same work without the API: (name, parameters, Accept), bound here and asked of the engine.
ENGINE_WORK = [("actor-timeline", {"actor": "Putin"}, "application/sparql-results+json"), ("timeline", {}, "text/csv")]


@dataclass
class Report:
    clients: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.latencies)

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")

    def summary(self) -> str:
        return (f"{self.clients} clients, {self.count} requests in {self.seconds:.2f} s: {self.count / self.seconds:.0f} requests/s, "
                f"p50 {self.percentile(0.5) * 1000:.1f} ms, p99 {self.percentile(0.99) * 1000:.1f} ms, "
                f"mean {statistics.fmean(self.latencies) * 1000:.1f} ms, {len(self.errors)} errors")


def _loopback(url: str) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"{url}: this load test asks loopback addresses only")
    return parts.hostname, parts.port or 80


Request = str | tuple[str, dict[str, str]]


def hammer(url: str, paths: list[Request], clients: int = 8, requests_per_client: int = 200) -> Report:
    host, port = _loopback(url)
    report = Report(clients)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=60)
        latencies, errors = [], []
        start.wait()
        for index in range(requests_per_client):
            asked = paths[(number + index) % len(paths)]
            path, headers = (asked, {}) if isinstance(asked, str) else asked
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                if response.status != 200 or not body:
                    errors.append(f"{path}: {response.status}")
            except (OSError, http.client.HTTPException) as error:
                errors.append(f"{path}: {type(error).__name__}: {error}")
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=60)
            latencies.append(time.perf_counter() - began)
        connection.close()
        with lock:
            report.latencies.extend(latencies)
            report.errors.extend(errors)

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    report.seconds = time.perf_counter() - began
    return report


engine_process: subprocess.Popen[bytes] | None = None
engine_folder: Path | None = None  # the engine's store, removed at the end


def _engine_alone() -> tuple[str, list[Request]]:
    """Oxigraph's server on a store of the seed, and the requests that do the same work."""
    global engine_process, engine_folder
    import tempfile

    from timeline.catalog import bound_query, stored_queries
    from timeline.serve.upstream import free_port, oxigraph_binary
    from timeline.store import StoreLocation, open_store
    from timeline.store.transfer import load

    folder = engine_folder = Path(tempfile.mkdtemp(prefix="serve-load-"))
    stores = []

    def open_target():  # type: ignore[no-untyped-def]
        stores.append(open_store(StoreLocation(str(folder / "store")), writable=True))
        return stores[-1]

    load(None, open_target)
    stores[-1].close()  # the engine opens it next
    seed = open_store()
    requests: list[Request] = []
    for name, given, accept in ENGINE_WORK:
        text = bound_query(stored_queries().get(name), given, seed).text
        requests.append((f"/query?{urllib.parse.urlencode({'query': text})}", {"Accept": accept}))
    requests.append("/query?query=ASK%7B%7D")
    port = free_port()
    engine_process = subprocess.Popen([oxigraph_binary(), "serve-read-only", "--location", str(folder / "store"), "--bind", f"127.0.0.1:{port}",
                                       "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/query?query=ASK%7B%7D")
            break
        except OSError:
            time.sleep(0.05)
    return f"http://127.0.0.1:{port}/", requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running `timeline serve`; by default one is started on the seed knowledge base")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200, help="requests per client")
    parser.add_argument("--runs", type=int, default=3, help="runs; the median run by throughput is reported")
    arguments = parser.parse_args()
    process = None
    url = arguments.url
    if url is None:
        process = subprocess.Popen([sys.executable, "-m", "timeline", "serve", "--port", "0"], stderr=subprocess.PIPE, text=True)
        assert process.stderr is not None
        found = re.search(r"at (http://\S+/) ", process.stderr.readline())
        assert found, "timeline serve did not start"
        url = found.group(1)
        # Its request log is read and dropped: a full pipe would stop the server.
        threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()
    engine = None
    global engine_process
    try:
        # Warm (the first answer of each route draws the page, opens the engine) and checked:
        # a side that answers with errors is no measure of anything.
        warm = [("timeline serve", hammer(url, PATHS, 2, 20))]
        if process is not None:
            engine, engine_paths = _engine_alone()
            warm.append(("oxigraph serve-read-only", hammer(engine, engine_paths, 2, 20)))
        for name, report in warm:
            if report.errors:
                sys.exit(f"{name} answered {len(report.errors)} of the warming requests with errors, first {report.errors[0]}")
        runs: dict[str, list[Report]] = {"timeline serve": [], "timeline serve, SPARQL only": [], "oxigraph serve-read-only": []}
        for _ in range(arguments.runs):  # alternating, so that the machine's moods fall on both
            runs["timeline serve"].append(hammer(url, PATHS, arguments.clients, arguments.requests))
            if engine is not None:
                runs["timeline serve, SPARQL only"].append(hammer(url, [p for p in PATHS if p != "/queries"], arguments.clients, arguments.requests))
                runs["oxigraph serve-read-only"].append(hammer(engine, engine_paths, arguments.clients, arguments.requests))
        print(f"paths, in turn: {', '.join(PATHS)}; the engine alone is asked the same SPARQL, bound")
        for name, reports in runs.items():
            if reports:
                reports.sort(key=lambda report: report.count / report.seconds)
                print(f"{name:28} median of {len(reports)}: {reports[len(reports) // 2].summary()}")
    finally:
        for child in (process, engine_process):
            if child is not None:
                child.terminate()
                child.wait(timeout=20)
        if engine_folder is not None:
            shutil.rmtree(engine_folder, ignore_errors=True)


if __name__ == "__main__":
    main()
