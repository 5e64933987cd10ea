"""Asking a remote SPARQL 1.1 endpoint, politely and robustly, through SPARQLWrapper.

The rules of Wikidata's query service, which suit any shared endpoint: a descriptive
User-Agent with a contact, one query at a time (this client never runs two at once), values
batched in VALUES blocks by the caller, a client-side timeout, HTTP 429 honoured with its
Retry-After, 5xx retried with backoff a bounded number of times, and a clear error (exit 2,
no traceback) when the endpoint is unreachable, slow, or answers with something that is not
SPARQL results.
"""

from __future__ import annotations

import email.utils
import json
import os
import socket
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from timeline import __version__
from timeline.errors import TimelineError

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
DBPEDIA_ENDPOINT = "https://dbpedia.org/sparql"
USER_AGENT_VARIABLE = "TIMELINE_USER_AGENT"
DEFAULT_USER_AGENT = (
    f"timeline/{__version__} (event-timeline knowledge base; set ${USER_AGENT_VARIABLE} to name yourself and a contact)"
)


class EndpointError(TimelineError):
    """The endpoint could not be asked or did not answer with SPARQL results."""


@dataclass(frozen=True)
class EndpointSettings:
    url: str
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 60.0
    max_retries: int = 3
    backoff: float = 2.0
    max_retry_after: float = 120.0

    @classmethod
    def from_environment(cls, url: str, timeout: float | None = None) -> EndpointSettings:
        user_agent = os.environ.get(USER_AGENT_VARIABLE) or DEFAULT_USER_AGENT
        return cls(url=url, user_agent=user_agent, timeout=timeout if timeout is not None else cls.timeout)


Row = dict[str, Node]


class Endpoint:
    """One remote SPARQL endpoint; `select` runs a SELECT query and returns rdflib terms."""

    def __init__(self, settings: EndpointSettings, sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self._sleep = sleep

    @property
    def url(self) -> str:
        return self.settings.url

    def select(self, query: str) -> list[Row]:
        document = self._ask(query)
        return [
            {name: _term(value) for name, value in binding.items()} for binding in document["results"]["bindings"]
        ]

    def _ask(self, query: str) -> dict[str, Any]:
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._ask_once(query)
            except urllib.error.HTTPError as error:
                wait = self._wait_before_retry(error, attempt)
                if wait is None:
                    raise self._http_error(error) from None
                self._sleep(wait)

    def _ask_once(self, query: str) -> dict[str, Any]:
        from SPARQLWrapper import JSON, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        wrapper = SPARQLWrapper(self.url, agent=self.settings.user_agent)
        wrapper.setQuery(query)
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(JSON)
        wrapper.setTimeout(int(max(1, self.settings.timeout)))
        try:
            response = wrapper.query().response
            body = response.read()
            content_type = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError:
            raise
        except SPARQLWrapperException as error:
            # SPARQLWrapper turns 400, 401, 404, 414 and 500 into its own exceptions.
            status = _status_of(error)
            if status is not None and status >= 500:
                raise urllib.error.HTTPError(self.url, status, str(error), {}, None) from None  # type: ignore[arg-type]
            raise EndpointError(f"{self.url} refused the query: {_first_line(str(error))}") from None
        except (TimeoutError, socket.timeout):
            raise self._timeout_error() from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, (TimeoutError, socket.timeout)):
                raise self._timeout_error() from None
            raise EndpointError(
                f"Could not reach {self.url}: {error.reason}. Check the URL and that the endpoint is up."
            ) from None
        except (ConnectionError, OSError) as error:
            raise EndpointError(f"Could not reach {self.url}: {error}. Check the URL and that the endpoint is up.") from None
        return self._parse(body, content_type)

    def _parse(self, body: bytes, content_type: str) -> dict[str, Any]:
        try:
            document: dict[str, Any] = json.loads(body)
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
        if 500 <= error.code < 600:
            return self.settings.backoff * 2 ** (attempt - 1)
        return None

    def _http_error(self, error: urllib.error.HTTPError) -> EndpointError:
        if error.code == 429:
            return EndpointError(
                f"{self.url} is limiting requests (HTTP 429) and asked to wait longer than timeline will. "
                "Try again later."
            )
        if error.code in (401, 403):
            return EndpointError(f"{self.url} refused access (HTTP {error.code}). Check the credentials.")
        if error.code >= 500:
            return EndpointError(
                f"{self.url} failed with HTTP {error.code} {self.settings.max_retries + 1} times. Try again later."
            )
        return EndpointError(f"{self.url} answered HTTP {error.code} {error.reason}. Check the URL.")

    def _timeout_error(self) -> EndpointError:
        return EndpointError(
            f"{self.url} did not answer within {self.settings.timeout:g} s. "
            "Check that the endpoint is up, or allow more time with --timeout."
        )


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


def _term(value: dict[str, str]) -> Node:
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    if value.get("datatype"):
        return Literal(value["value"], datatype=URIRef(value["datatype"]), normalize=False)
    return Literal(value["value"])


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "no details"
