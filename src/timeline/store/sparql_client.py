"""A client of the SPARQL 1.1 Protocol and Graph Store Protocol, used by remote stores and by
linking (Wikidata, DBpedia): asking a remote endpoint politely, robustly and safely.

It is written on urllib rather than SPARQLWrapper, which guesses whether a text is a query or
an update from its words (an update hidden behind a comment closed by a carriage return was
sent as `update=` to a query URL), copies its Authorization header onto a redirect to any
host, installs a process-wide opener for Digest authentication, and bounds each read rather
than the whole request. Here the caller says which operation it sends (the store decides it
by parsing the text, timeline.rdf.sparql_parser); credentials go only to the origins of the
store they were given for (urllib's auth handlers add them as unredirected headers, so a
redirect elsewhere never carries them), Basic or Digest as the server asks, never Basic to a
server that asked for Digest;
a request ends within its timeout, headers and body included; and an answer larger than
`max_response_bytes` is refused rather than read into memory.

The rules of Wikidata's query service, which suit any shared endpoint: a descriptive
User-Agent with a contact, one query at a time (this client never runs two at once), values
batched in VALUES blocks by the caller, a client-side timeout, HTTP 429 honoured with its
Retry-After, 5xx retried with backoff a bounded number of times, and a clear error (exit 2,
no traceback) when the endpoint is unreachable, slow, or answers with something that is not
SPARQL results.
"""

from __future__ import annotations

import email.utils
import threading
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from typing import IO, Any, TypeVar, cast

from timeline.rdf.model import Term, term_from_json
from timeline.store.endpoint_access import EndpointError, EndpointSettings, opener
from timeline.store.results import Record
from timeline.store.servers import is_query_error, server_kind

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
DBPEDIA_ENDPOINT = "https://dbpedia.org/sparql"


Row = dict[str, Term]  # a row of a SELECT answer, in Oxigraph's terms as every query row is
T = TypeVar("T")


class Endpoint:
    """One remote SPARQL endpoint (and its update URL, if any), asked one request at a time."""

    def __init__(self, settings: EndpointSettings, sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self._sleep = sleep
        self._opener = opener(settings)
        self.server: str | None = None  # the Server header of the last answer ("" if none), to tell servers apart

    @property
    def url(self) -> str:
        return self.settings.url

    def identify(self, probe: str) -> str | None:
        """The server's `Server` header: from the last answer, or from asking the `probe` query
        if none came yet (its answer may be an error: the header is all this wants)."""
        if self.server is None:
            try:
                self._query_once(probe, "json", (), ())
            except (urllib.error.HTTPError, EndpointError):
                pass
        return self.server

    def select(self, query: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> list[Row]:
        """The rows of a SELECT query, as Oxigraph terms (timeline.rdf.model), as every store's rows are."""
        document = self.results(query, default_graphs, named_graphs)
        return [
            {name: term_from_json(value) for name, value in binding.items()} for binding in document["results"]["bindings"]
        ]

    def results(
        self, query: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (), union_default_graph: bool = False,
    ) -> dict[str, Any]:
        """The SPARQL JSON results document of a SELECT or ASK query. `union_default_graph` asks
        Oxigraph server for the union of its named graphs as the default graph."""
        body, content_type = self._retrying(lambda: self._query_once(query, "json", default_graphs, named_graphs, union_default_graph))
        return self._parse(body, content_type)

    def read_rows(
        self, query: str, read: Callable[[Record], None], default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
        union_default_graph: bool = False,
    ) -> None:
        """Hand `read` each row of a SELECT query's answer as {variable: term} as it arrives,
        parsed by Oxigraph's streaming reader of SPARQL JSON results: neither the answer nor
        its rows are held (at 240,000 events the page's evidence is over half a gigabyte of
        JSON). Within the timeout and `max_response_bytes`, as every request."""
        url, body, headers = self._query_request(query, "json", default_graphs, named_graphs, union_default_graph)
        self._retrying(lambda: self._exchange("POST", url, body, headers, lambda response: self._hand_rows(response, url, read)))

    def graph(
        self, query: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (), union_default_graph: bool = False,
    ) -> bytes:
        """The N-Triples answer of a CONSTRUCT or DESCRIBE query."""
        body, _ = self._retrying(lambda: self._query_once(query, "ntriples", default_graphs, named_graphs, union_default_graph))
        return body

    def update(self, text: str) -> None:
        """Send a SPARQL update to the update URL."""
        if not self.settings.update_url:
            raise EndpointError(f"No update URL is set for {self.url}: give it with --update-url (or $TIMELINE_UPDATE_URL).")
        self._retrying(lambda: self._query_once(text, "update", (), ()))

    def put_graph(self, graph_store_url: str, graph: str, ntriples: bytes) -> None:
        """Replace one named graph through the SPARQL 1.1 Graph Store Protocol (HTTP PUT)."""
        target = _graph_url(graph_store_url, graph)
        self._retrying(lambda: self._http("PUT", target, ntriples, {"Content-Type": "application/n-triples"}))

    def get_graph(self, graph_store_url: str, graph: str) -> bytes:
        target = _graph_url(graph_store_url, graph)
        body, _ = self._retrying(lambda: self._http("GET", target, None, {"Accept": "application/n-triples"}))
        return body

    # -- transport ---------------------------------------------------------------------------

    def _retrying(self, action: Callable[[], T]) -> T:
        attempt = 0
        while True:
            attempt += 1
            try:
                return action()
            except urllib.error.HTTPError as error:
                said = _body_sample(error)
                wait = self._wait_before_retry(error, attempt, said)
                if wait is None:
                    raise self._http_error(error, said) from None
                self._sleep(wait)

    def _query_once(
        self, text: str, kind: str, default_graphs: Sequence[str], named_graphs: Sequence[str], union_default_graph: bool = False,
    ) -> tuple[bytes, str]:
        """One SPARQL Protocol request: a query (kind "json" or "ntriples", the answer wanted)
        to the query URL, or an update to the update URL; always POSTed as a form."""
        return self._http("POST", *self._query_request(text, kind, default_graphs, named_graphs, union_default_graph))

    def _query_request(
        self, text: str, kind: str, default_graphs: Sequence[str], named_graphs: Sequence[str], union_default_graph: bool,
    ) -> tuple[str, bytes, dict[str, str]]:
        """The URL, form and headers of a SPARQL Protocol request (see _query_once)."""
        if kind == "update":
            url = self.settings.update_url or ""
            fields: list[tuple[str, str]] = [("update", text)]
            accept = "*/*"
        else:
            url = self.url
            fields = [("query", text)]
            fields += [("default-graph-uri", graph) for graph in default_graphs]
            fields += [("named-graph-uri", graph) for graph in named_graphs]
            fields += [("union-default-graph", "")] if union_default_graph else []
            accept = "application/sparql-results+json" if kind == "json" else "application/n-triples"
        body = urllib.parse.urlencode(fields).encode("ascii")
        _allow_headers(len(default_graphs) + len(named_graphs))
        return url, body, {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}

    def _http(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> tuple[bytes, str]:
        """One HTTP request, over within the timeout (connection, headers and body together),
        its answer bounded in size. HTTP errors are raised as HTTPError for the retry rules."""
        return self._exchange(method, url, body, headers, lambda response: (self._read_bounded(response, url), response.headers.get("Content-Type", "")))

    def _exchange(self, method: str, url: str, body: bytes | None, headers: dict[str, str], answer: Callable[[Any], T]) -> T:
        """_http, with what is made of the answer (`answer`, given the response) left to the caller."""
        request = urllib.request.Request(url, data=body, method=method, headers={"User-Agent": self.settings.user_agent, **headers})
        outcome: dict[str, Any] = {}

        def send() -> None:
            try:
                with self._opener.open(request, timeout=self.settings.timeout) as response:
                    self.server = response.headers.get("Server") or ""
                    outcome["answer"] = answer(response)
            except _ReaderFailed as failure:
                outcome["reader error"] = failure.error
            except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
                if isinstance(error, urllib.error.HTTPError) and error.headers:
                    self.server = error.headers.get("Server") or ""
                outcome["error"] = error

        # The socket timeout bounds each read; a server that trickles a byte at a time would
        # never trip it, so the whole request runs in a thread the caller waits for.
        worker = threading.Thread(target=send, daemon=True, name="timeline-http")
        worker.start()
        worker.join(self.settings.timeout)
        if worker.is_alive():
            raise EndpointError(
                f"{url} did not answer within {self.settings.timeout:g} s. "
                "Check that the endpoint is up, or allow more time with --timeout."
            )
        if "reader error" in outcome:
            raise outcome["reader error"]
        if "error" in outcome:
            error = outcome["error"]
            if isinstance(error, (urllib.error.HTTPError, EndpointError)):
                raise error
            raise self._transport_error(error, url) from None
        made: T = outcome["answer"]
        return made

    def _hand_rows(self, response: Any, url: str, read: Callable[[Record], None]) -> None:
        from pyoxigraph import QueryBoolean, QueryResultsFormat, parse_query_results

        stream = cast("IO[bytes]", _BoundedReader(response, url, self.settings.max_response_bytes))  # Oxigraph only calls read(n)
        answer = solution = None
        try:
            answer = parse_query_results(stream, format=QueryResultsFormat.JSON)
            if isinstance(answer, QueryBoolean):
                raise EndpointError(f"{url} answered a SELECT query with a boolean. Check that the URL is the endpoint's SPARQL query URL.")
            variables = [variable.value for variable in answer.variables]
            for solution in answer:
                row = dict(zip(variables, solution, strict=True))
                try:
                    read(row)
                except BaseException as error:
                    raise _ReaderFailed(error) from None
        except SyntaxError as error:
            content_type = response.headers.get("Content-Type", "")
            raise EndpointError(
                f"{url} answered with something that is not SPARQL JSON results (Content-Type {content_type or 'none'}: "
                f"{_first_line(str(error))}). Check that the URL is the endpoint's SPARQL query URL."
            ) from None
        finally:
            # The answer is Oxigraph's and must be dropped on this thread: an error handed to the
            # waiting thread keeps this frame, and with it what its variables still hold.
            del answer, solution

    def _read_bounded(self, response: Any, url: str) -> bytes:
        declared = response.headers.get("Content-Length")
        limit = self.settings.max_response_bytes
        if declared and declared.isdigit() and int(declared) > limit:
            raise EndpointError(f"{url} answered with {int(declared):,} bytes, more than timeline reads ({limit:,}); add a LIMIT.")
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read(1 << 16):
            size += len(chunk)
            if size > limit:
                raise EndpointError(f"{url} answered with more than {limit:,} bytes, more than timeline reads; add a LIMIT.")
            chunks.append(chunk)
        return b"".join(chunks)

    def _transport_error(self, error: Exception, where: str) -> EndpointError:
        reason = error.reason if isinstance(error, urllib.error.URLError) else error
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return EndpointError(
                f"{where} did not answer within {self.settings.timeout:g} s. "
                "Check that the endpoint is up, or allow more time with --timeout."
            )
        return EndpointError(f"Could not reach {where}: {reason}. Check the URL and that the endpoint is up.")

    def _parse(self, body: bytes, content_type: str) -> dict[str, Any]:
        try:
            document: dict[str, Any] = json.loads(body)
            if "boolean" in document and isinstance(document["boolean"], bool):
                return document
            if not isinstance(document["head"]["vars"], list) or not isinstance(document["results"]["bindings"], list):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            sample = body[:60].decode("utf-8", "replace").replace("\n", " ")
            raise EndpointError(
                f"{self.url} answered with something that is not SPARQL JSON results "
                f"(Content-Type {content_type or 'none'}, starting {sample!r}). Check that the URL is the "
                "endpoint's SPARQL query URL."
            ) from None
        return document

    def _wait_before_retry(self, error: urllib.error.HTTPError, attempt: int, said: str = "") -> float | None:
        """Seconds to wait before trying again, or None to give up."""
        if attempt > self.settings.max_retries:
            return None
        if error.code == 429 or (error.code == 503 and error.headers and error.headers.get("Retry-After")):
            retry_after = _retry_after_seconds(error.headers.get("Retry-After") if error.headers else None)
            wait = retry_after if retry_after is not None else self.settings.backoff * 2 ** (attempt - 1)
            return wait if wait <= self.settings.max_retry_after else None
        if is_query_error(server_kind(self.server), error.code, said):
            return None  # the server refuses the query itself: asking again is no use
        if 500 <= error.code < 600 and error.code != 504:
            # Not 504: a query that timed out at the server would only time out again.
            return self.settings.backoff * 2 ** (attempt - 1)
        return None

    def _http_error(self, error: urllib.error.HTTPError, said: str = "") -> EndpointError:
        where = error.url or self.url
        if error.code == 429:
            return EndpointError(
                f"{where} is limiting requests (HTTP 429) and asked to wait longer than timeline will. "
                "Try again later."
            )
        if error.code in (401, 403) and not self.settings.takes_credentials:
            return EndpointError(
                f"{where} refused access (HTTP {error.code}). timeline sends credentials to the store alone, never to a "
                "linking endpoint: check the endpoint's URL, or use one that answers without them."
            )
        if error.code in (401, 403):
            return EndpointError(
                f"{where} refused access (HTTP {error.code}). Check the credentials "
                "($TIMELINE_STORE_USER and $TIMELINE_STORE_PASSWORD, or your netrc file)."
            )
        if error.code == 504:
            return EndpointError(f"{where} gave up on the query (HTTP 504): it ran longer than the server allows.")
        if is_query_error(server_kind(self.server), error.code, said):
            return EndpointError(f"{where} could not run the query (HTTP {error.code}): {_first_line(said)[:300]}")
        if error.code >= 500:
            said = _first_line(said)
            detail = f": {said[:200]}" if said and said != "no details" else ""
            return EndpointError(
                f"{where} failed with HTTP {error.code} {self.settings.max_retries + 1} times{detail}. "
                "If the query asks another endpoint (SERVICE), check that one; else try again later."
            )
        if 300 <= error.code < 400:
            return EndpointError(f"{where} redirects in a loop or too many times (HTTP {error.code}). Check the URL.")
        if error.code == 400:
            return EndpointError(f"{where} refused the request (HTTP 400): {_first_line(said)}")
        return EndpointError(f"{where} answered HTTP {error.code} {error.reason}. Check the URL.")


class _ReaderFailed(Exception):  # noqa: N818 - not an error of its own: it carries the reader's
    """An error raised by the reader of rows: handed to the caller as it is, not as a failure to reach the endpoint."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


class _BoundedReader:
    """An HTTP answer read as a stream, refused once it passes `limit` bytes."""

    def __init__(self, response: Any, url: str, limit: int) -> None:
        self.response, self.url, self.limit, self.size = response, url, limit, 0

    def read(self, size: int) -> bytes:
        chunk: bytes = self.response.read(size)
        self.size += len(chunk)
        if self.size > self.limit:
            raise EndpointError(f"{self.url} answered with more than {self.limit:,} bytes, more than timeline reads; add a LIMIT.")
        return chunk


def _allow_headers(echoed: int) -> None:
    """Let an answer carry a header for each graph the request named: Virtuoso echoes every
    default-graph-uri and named-graph-uri as an X-SPARQL-default-graph or X-SPARQL-named-graph
    header, and Python's http.client refuses an answer of more than 100 headers. The limit
    stays what the request can explain, so a server still cannot send headers without end."""
    import http.client

    http.client._MAXHEADERS = max(100, echoed + 100)  # type: ignore[attr-defined]


def _graph_url(graph_store_url: str, graph: str) -> str:
    """The Graph Store Protocol URL of one named graph (indirect identification, ?graph=)."""
    return graph_store_url + ("&" if "?" in graph_store_url else "?") + urllib.parse.urlencode({"graph": graph})


def _body_sample(error: urllib.error.HTTPError) -> str:
    try:
        return error.read(2000).decode("utf-8", "replace")
    except (OSError, ValueError):
        return ""


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After is either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "no details"
