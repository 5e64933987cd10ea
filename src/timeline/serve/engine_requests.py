"""What `timeline serve` lets through to its engine, and how it passes the engine's answers on.

Oxigraph's server has no limit on the size of a result, and when its timeout strikes it has
already answered 200 and writes the cancellation into the body. So every answer is read into
memory within both limits before a byte goes to the client: one larger than the limit becomes a
422, one slower than the timeout a 504. Updates and SERVICE (unless the operator allows it) are
refused by parsing the query, before the engine sees it.
"""

from __future__ import annotations

import dataclasses
import http.client
import sys
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

from timeline.errors import QueryError
from timeline.rdf.prefixes import PREFIXES
from timeline.rdf.sparql_parser import SparqlText, read_sparql
from timeline.store.query_forms import undeclared_prefix_message

CHUNK = 65536


@dataclass(frozen=True)
class Limits:
    timeout: float
    max_result_bytes: int
    allow_service: bool


@dataclass(frozen=True)
class Problem:
    """What went wrong, as an RFC 9457 problem: `type` is about:blank, so `title` is the
    status's own phrase; `extensions` name what a client can act on (the parameter, the nearest
    query names). The SPARQL endpoint answers the `detail` alone, as text."""

    status: int
    title: str
    detail: str
    extensions: tuple[tuple[str, Any], ...] = ()

    def document(self, instance: str) -> dict[str, Any]:
        return {"type": "about:blank", "title": self.title, "status": self.status, "detail": self.detail,
                "instance": instance, **dict(self.extensions)}


@dataclass(frozen=True)
class EngineAnswer:
    status: int
    content_type: str
    body: bytes


class EngineUnreachable(Exception):
    """The engine's connection failed: it may have died."""


READ_ONLY = Problem(403, "Read-only", "This SPARQL endpoint is read-only: updates and graph writes are refused.")
SERVICE_OFF = Problem(403, "SERVICE is off", "SERVICE is off on this endpoint: it would fetch from addresses the client names. "
                      "The operator can allow it with `timeline serve --allow-service`.")
NO_QUERY = Problem(400, "No query", "Send a SPARQL query: GET /query?query=..., or POST it as a form or as application/sparql-query.")


def query_of(method: str, query_string: str, content_type: str, body: bytes) -> str | None:
    """The SPARQL text a request carries (GET ?query=, a POSTed form, or a POSTed query), or
    None if it carries none."""
    if method in ("GET", "HEAD"):
        values = urllib.parse.parse_qs(query_string).get("query")
        return values[0] if values else None
    media = content_type.split(";", 1)[0].strip().lower()
    text = body.decode("utf-8", "replace")
    if media == "application/sparql-query":
        return text
    if media == "application/x-www-form-urlencoded":
        values = urllib.parse.parse_qs(text).get("query")
        return values[0] if values else None
    return None


def gate(text: str | None, limits: Limits) -> SparqlText | Problem:
    """The query as it may reach the engine (parsed, and written anew from the parse), or why
    it must not."""
    if text is None:
        return NO_QUERY
    try:
        read = read_sparql(text)
    except QueryError as error:
        return Problem(400, "Bad query", str(error))
    if read.is_update:
        return READ_ONLY
    if read.asks_other_endpoints and not limits.allow_service:
        return SERVICE_OFF
    unknown = read.undeclared(PREFIXES)
    if unknown:
        return Problem(400, "Bad query", undeclared_prefix_message(unknown[0]))
    return with_prefixes_declared(read)


def with_prefixes_declared(read: SparqlText) -> SparqlText:
    """The query with a declaration of each of timeline's prefixes it uses but does not
    declare, as `timeline sparql` takes it (the engine knows none of them)."""
    used = read.undeclared()
    if not used:
        return read
    block = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in used)
    return dataclasses.replace(
        read, text=block + read.text, prefixes_declared=read.prefixes_declared | set(used),
        where_group=read.where_group + len(block) if read.where_group >= 0 else -1,
        sub_select_groups=tuple(group + len(block) for group in read.sub_select_groups),
    )


# The SPARQL Protocol's parameters besides the query that the engine is passed on: the dataset.
DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")


def engine_request(method: str, query_string: str, read: SparqlText) -> tuple[str, bytes | None, str | None]:
    """The path, body and content type of the request that carries the parsed query to the
    engine. It is always made anew from what was parsed, never forwarded, so that the engine
    cannot find a second `query` parameter, or a text the gate did not read."""
    dataset = [(name, value) for name, value in urllib.parse.parse_qsl(query_string) if name in DATASET_PARAMETERS]
    if method in ("GET", "HEAD"):
        return "/query?" + urllib.parse.urlencode([("query", read.text), *dataset]), None, None
    path = "/query" + ("?" + urllib.parse.urlencode(dataset) if dataset else "")
    return path, read.text.encode("utf-8"), "application/sparql-query"


def printable(text: str) -> str:
    """Text as a log line may show it: no quote or control character that could forge another
    line or field, at most 2,000 characters."""
    return "".join(character if character.isprintable() and character != '"' else f"\\x{ord(character):02x}" for character in text[:2000])


def complete(answer: EngineAnswer) -> bool:
    """Whether an answer of 200 is whole. Oxigraph has sent its 200 before it evaluates, so an
    error on the way (a failing SERVICE) is written after the partial answer, with no line
    break: a whole answer in JSON parses, one in XML ends with its closing element, and one in
    any line-based format (CSV, TSV, N-Triples, Turtle) ends with a line break."""
    body = answer.body.rstrip(b" \t")
    if not body:
        return True
    media = answer.content_type.split(";", 1)[0].strip().lower()
    if media.endswith("json"):
        import json

        try:
            json.loads(body)
            return True
        except (ValueError, RecursionError):
            return False
    if media.endswith("xml"):
        return body.rstrip().endswith((b"</sparql>", b"</rdf:RDF>"))
    return body.endswith(b"\n")


def too_large(limits: Limits) -> Problem:
    return Problem(422, "Result too large",
                   f"The result is larger than this endpoint's limit of {limits.max_result_bytes} bytes: add a LIMIT to the query.")


def too_slow(limits: Limits) -> Problem:
    return Problem(504, "Query timeout", f"The query ran longer than this endpoint's limit of {limits.timeout:g} s.")


def ask_engine(port: int, method: str, path: str, body: bytes | None, headers: dict[str, str], limits: Limits) -> EngineAnswer | Problem:
    """Send one request to the engine and read its whole answer within the limits (blocking:
    run it in a worker thread)."""
    deadline = time.monotonic() + limits.timeout
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=limits.timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read1(CHUNK):
            size += len(chunk)
            if size > limits.max_result_bytes:
                return too_large(limits)
            if time.monotonic() > deadline:
                return too_slow(limits)
            chunks.append(chunk)
        answer = EngineAnswer(response.status, response.getheader("Content-Type", "application/octet-stream"), b"".join(chunks))
        if answer.status == 200 and not complete(answer):
            tail = answer.body[-300:].decode("utf-8", "replace")
            sys.stderr.write(f"The engine failed while writing an answer; its last words: {printable(tail)}\n")
            return Problem(502, "Bad Gateway", "The engine failed while writing the answer (a SERVICE it called, or the store): "
                                               "the partial answer was not sent. The serve log has the engine's message.")
        return answer
    except TimeoutError:
        return too_slow(limits)
    except (OSError, http.client.HTTPException) as error:
        raise EngineUnreachable(str(error)) from None
    finally:
        connection.close()
