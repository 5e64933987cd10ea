"""Many clients at once against `timeline serve`: throughput and latency percentiles, and every
error. Each client is a thread with one keep-alive HTTP/1.1 connection that asks the paths in
turn; only loopback addresses are asked.

    python benchmarks/serve_load.py                     # serves the seed knowledge base itself
    python benchmarks/serve_load.py --url http://127.0.0.1:7878/ --clients 8 --requests 200

The test suite runs `hammer` too (tests/test_serve.py), for its errors, not its times.
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

PATHS = ["/queries/actor-timeline.json?actor=Putin", "/queries/timeline.csv", "/queries", "/query?query=ASK%7B%7D"]


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


def hammer(url: str, paths: list[str], clients: int = 8, requests_per_client: int = 200) -> Report:
    host, port = _loopback(url)
    report = Report(clients)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=60)
        latencies, errors = [], []
        start.wait()
        for index in range(requests_per_client):
            path = paths[(number + index) % len(paths)]
            began = time.perf_counter()
            try:
                connection.request("GET", path)
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
    try:
        hammer(url, PATHS, 2, 20)  # warm: the first answer of each route draws the page, opens the engine
        reports = sorted((hammer(url, PATHS, arguments.clients, arguments.requests) for _ in range(arguments.runs)),
                         key=lambda report: report.count / report.seconds)
        print(f"paths, in turn: {', '.join(PATHS)}")
        for report in reports:
            print(report.summary())
        print(f"median run: {reports[len(reports) // 2].summary()}")
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=20)


if __name__ == "__main__":
    main()
