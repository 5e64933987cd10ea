"""A client of the SPARQL 1.1 Protocol: asking a remote endpoint, politely and robustly, through
SPARQLWrapper; used by remote stores and by linking (Wikidata, DBpedia).

The rules of Wikidata's query service, which suit any shared endpoint: a descriptive
User-Agent with a contact, one query at a time (this client never runs two at once), values
batched in VALUES blocks by the caller, a client-side timeout, HTTP 429 honoured with its
Retry-After, 5xx retried with backoff a bounded number of times, and a clear error (exit 2,
no traceback) when the endpoint is unreachable, slow, or answers with something that is not
SPARQL results.
"""

from __future__ import annotations

import base64
import email.utils
import json
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import Message
from typing import Any, TypeVar

from rdflib.term import Node

from timeline import __version__
from timeline.errors import TimelineError
from timeline.rdf.terms import term_from_json

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
DBPEDIA_ENDPOINT = "https://dbpedia.org/sparql"
USER_AGENT_VARIABLE = "TIMELINE_USER_AGENT"
DEFAULT_USER_AGENT = (
    f"timeline/{__version__} (event-timeline knowledge base; set ${USER_AGENT_VARIABLE} to name yourself and a contact)"
)


class EndpointError(TimelineError):
    """The endpoint could not be asked or did not answer with SPARQL results."""


CREDENTIAL_VARIABLES = ("TIMELINE_STORE_USER", "TIMELINE_STORE_PASSWORD")


@dataclass(frozen=True)
class EndpointSettings:
    url: str
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 60.0
    max_retries: int = 3
    backoff: float = 2.0
    max_retry_after: float = 120.0
    update_url: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for url in (self.url, self.update_url):
            if url and urllib.parse.urlsplit(url).password is not None:
                raise EndpointError(
                    "Put credentials in $TIMELINE_STORE_USER and $TIMELINE_STORE_PASSWORD or in a netrc file, "
                    "not in the URL."
                )

    @classmethod
    def from_environment(
        cls, url: str, timeout: float | None = None, update_url: str | None = None
    ) -> EndpointSettings:
        user_agent = os.environ.get(USER_AGENT_VARIABLE) or DEFAULT_USER_AGENT
        user, password = credentials_for(url)
        return cls(
            url=url,
            user_agent=user_agent,
            timeout=timeout if timeout is not None else cls.timeout,
            update_url=update_url,
            user=user,
            password=password,
        )


def credentials_for(url: str) -> tuple[str | None, str | None]:
    """HTTP Basic credentials for a URL: $TIMELINE_STORE_USER and $TIMELINE_STORE_PASSWORD, else
    the netrc file ($NETRC or ~/.netrc) entry of the URL's host; never the command line."""
    user, password = (os.environ.get(name) for name in CREDENTIAL_VARIABLES)
    if user and password:
        return user, password
    import netrc

    path = os.environ.get("NETRC") or os.path.expanduser("~/.netrc")
    if not os.path.isfile(path):
        return None, None
    try:
        entry = netrc.netrc(path).authenticators(urllib.parse.urlsplit(url).hostname or "")
    except (netrc.NetrcParseError, OSError) as error:
        raise EndpointError(f"The netrc file {path} cannot be read: {error}") from None
    if entry is None:
        return None, None
    return entry[0], entry[2]


Row = dict[str, Node]
T = TypeVar("T")


class Endpoint:
    """One remote SPARQL endpoint (and its update URL, if any), asked one request at a time."""

    def __init__(self, settings: EndpointSettings, sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self._sleep = sleep

    @property
    def url(self) -> str:
        return self.settings.url

    def select(self, query: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> list[Row]:
        """The rows of a SELECT query, as rdflib terms."""
        document = self.results(query, default_graphs, named_graphs)
        return [
            {name: term_from_json(value) for name, value in binding.items()} for binding in document["results"]["bindings"]
        ]

    def results(self, query: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> dict[str, Any]:
        """The SPARQL JSON results document of a SELECT or ASK query."""
        body, content_type = self._retrying(lambda: self._query_once(query, "json", default_graphs, named_graphs))
        return self._parse(body, content_type)

    def graph(self, query: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> bytes:
        """The N-Triples answer of a CONSTRUCT or DESCRIBE query."""
        body, _ = self._retrying(lambda: self._query_once(query, "ntriples", default_graphs, named_graphs))
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
                wait = self._wait_before_retry(error, attempt)
                if wait is None:
                    raise self._http_error(error) from None
                self._sleep(wait)

    def _query_once(
        self, text: str, kind: str, default_graphs: Sequence[str], named_graphs: Sequence[str]
    ) -> tuple[bytes, str]:
        from SPARQLWrapper import JSON, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        update_url = self.settings.update_url if kind == "update" else None
        wrapper = SPARQLWrapper(self.url, updateEndpoint=update_url, agent=self.settings.user_agent)
        wrapper.setQuery(text)
        wrapper.setMethod(POST)
        wrapper.setTimeout(int(max(1, self.settings.timeout)))
        if kind == "json":
            wrapper.setReturnFormat(JSON)
        elif kind == "ntriples":
            wrapper.setOnlyConneg(True)
            wrapper.addCustomHttpHeader("Accept", "application/n-triples")
        for graph in default_graphs:
            wrapper.addDefaultGraph(graph)
        for graph in named_graphs:
            wrapper.addNamedGraph(graph)
        if self.settings.user and self.settings.password:
            wrapper.setCredentials(self.settings.user, self.settings.password)
        where = update_url or self.url
        try:
            response = wrapper.query().response
            return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError:
            raise
        except SPARQLWrapperException as error:
            # SPARQLWrapper turns 400, 401, 404, 414 and 500 into its own exceptions.
            status = _status_of(error)
            if status is not None and (status >= 500 or status == 401):
                raise urllib.error.HTTPError(where, status, str(error), Message(), None) from None
            raise EndpointError(f"{where} refused the request: {_first_line(str(error))}") from None
        except Exception as error:  # noqa: BLE001 - network errors come in many classes
            raise self._transport_error(error, where) from None

    def _http(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> tuple[bytes, str]:
        request = urllib.request.Request(url, data=body, method=method, headers={"User-Agent": self.settings.user_agent, **headers})
        if self.settings.user and self.settings.password:
            token = base64.b64encode(f"{self.settings.user}:{self.settings.password}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=self.settings.timeout) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError:
            raise
        except Exception as error:  # noqa: BLE001
            raise self._transport_error(error, url) from None

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

    def _wait_before_retry(self, error: urllib.error.HTTPError, attempt: int) -> float | None:
        """Seconds to wait before trying again, or None to give up."""
        if attempt > self.settings.max_retries:
            return None
        if error.code == 429 or (error.code == 503 and error.headers and error.headers.get("Retry-After")):
            retry_after = _retry_after_seconds(error.headers.get("Retry-After") if error.headers else None)
            wait = retry_after if retry_after is not None else self.settings.backoff * 2 ** (attempt - 1)
            return wait if wait <= self.settings.max_retry_after else None
        if 500 <= error.code < 600 and error.code != 504:
            # Not 504: a query that timed out at the server would only time out again.
            return self.settings.backoff * 2 ** (attempt - 1)
        return None

    def _http_error(self, error: urllib.error.HTTPError) -> EndpointError:
        where = error.url or self.url
        if error.code == 429:
            return EndpointError(
                f"{where} is limiting requests (HTTP 429) and asked to wait longer than timeline will. "
                "Try again later."
            )
        if error.code in (401, 403):
            return EndpointError(
                f"{where} refused access (HTTP {error.code}). Check the credentials "
                "($TIMELINE_STORE_USER and $TIMELINE_STORE_PASSWORD, or your netrc file)."
            )
        if error.code == 504:
            return EndpointError(f"{where} gave up on the query (HTTP 504): it ran longer than the server allows.")
        if error.code >= 500:
            return EndpointError(
                f"{where} failed with HTTP {error.code} {self.settings.max_retries + 1} times. Try again later."
            )
        return EndpointError(f"{where} answered HTTP {error.code} {error.reason}. Check the URL.")


def _graph_url(graph_store_url: str, graph: str) -> str:
    """The Graph Store Protocol URL of one named graph (indirect identification, ?graph=)."""
    return graph_store_url + ("&" if "?" in graph_store_url else "?") + urllib.parse.urlencode({"graph": graph})


def _status_of(error: Exception) -> int | None:
    names = {"EndPointInternalError": 500, "QueryBadFormed": 400, "EndPointNotFound": 404, "Unauthorized": 401, "URITooLong": 414}
    return names.get(type(error).__name__)


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
