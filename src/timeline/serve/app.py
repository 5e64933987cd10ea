"""The web application of `timeline serve` (Starlette): the routes, and the rules every request
meets on its way to the engine.

    GET  /                     the timeline page, drawn from the served store
    GET  /timeline/window.json what the page shows of a span: ?start=&end=&actor=&grouped=
    GET  /timeline/events/ID.json  one event with its evidence, when the page shows it
    GET  /queries              the stored queries (JSON)
    GET  /queries/NAME         one run: ?param=value; .json/.csv/.tsv or Accept; .rq for its text
    GET  /openapi.json         OpenAPI 3.1 of the query API
    GET  /sparql               the SPARQL query page (and, with a query, the endpoint)
    GET|POST /query            the SPARQL 1.1 Protocol endpoint, read-only
         /update, /store       403: nothing is written through this server
"""

from __future__ import annotations

import asyncio
import urllib.parse
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from timeline.catalog import Catalog, ParameterError, StoredQuery, stored_queries
from timeline.errors import TimelineError
from timeline.serve.drawn_page import DrawnPage, accepts_gzip, draw_page, index_events
from timeline.serve.engine_requests import (
    READ_ONLY, SERVICE_OFF, EngineAnswer, EngineUnreachable, Limits, Problem, ask_engine, engine_request, gate, query_of,
)
from timeline.serve.query_api import RESULT_FORMATS, catalogue, example_path, negotiate, openapi, split_suffix, unknown_query
from timeline.serve.middleware import AccessLog, OneLineErrors, RequestSizeLimit
from timeline.serve.page_api import event_problem, window_asked
from timeline.serve.query_page import query_page
from timeline.rdf.sparql_parser import read_sparql

if TYPE_CHECKING:
    from timeline.serve.upstream import Upstream
    from timeline.views.event_window import EventIndex
    from timeline.api import KnowledgeBase


WRITE_METHODS = ("PUT", "DELETE", "PATCH")
BOUND_TEXTS_KEPT = 512
SERVICE_DESCRIPTION_FORMATS = (
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "N-Triples", "RDF_XML", "JSON-LD",
)


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
    max_connections: int = 64
    cors_origins: tuple[str, ...] = ()
    # The URL the service description and the OpenAPI document name (behind a proxy, its
    # address); by default, the one the request came to.
    public_url: str | None = None

    @property
    def limits(self) -> Limits:
        return Limits(self.timeout, self.max_result_bytes, self.allow_service)


class ServedKnowledgeBase:
    """What the routes share: the engine, the catalogue, and what is drawn from one engine
    (the page, the knowledge base parameters are resolved on), kept until the store changes."""

    def __init__(self, upstream: Upstream, settings: ServeSettings) -> None:
        self.upstream = upstream
        self.settings = settings
        self.catalog: Catalog = stored_queries()
        self._page: tuple[int, EventIndex, DrawnPage] | None = None
        self._page_lock: asyncio.Lock | None = None
        self._knowledge_base: tuple[int, KnowledgeBase] | None = None
        self._bound: tuple[int, dict[tuple[str, tuple[tuple[str, str], ...]], str]] = (0, {})

    async def ask(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> EngineAnswer | Problem:
        """One request to the engine within the limits; once more if the engine had died."""
        for attempt in range(2):
            port = await self.upstream.current_port()
            try:
                return await run_in_threadpool(ask_engine, port, method, path, body, headers, self.settings.limits)
            except EngineUnreachable as error:
                if attempt == 1 or not await self.upstream.restart_if_dead():
                    return Problem(502, "Bad Gateway", f"The store behind this endpoint did not answer: {error}")
        raise AssertionError("unreachable")

    async def knowledge_base(self) -> KnowledgeBase:
        """The engine's knowledge base through the Python API, for binding parameters and
        drawing the page as the command line does."""
        from timeline.api import KnowledgeBase
        from timeline.store import StoreLocation

        port = await self.upstream.current_port()
        if self._knowledge_base is None or self._knowledge_base[0] != port:
            if self._knowledge_base is not None:
                self._knowledge_base[1].close()
            location = StoreLocation(f"http://127.0.0.1:{port}/query", timeout=self.settings.timeout)
            self._knowledge_base = (port, KnowledgeBase(location))
        return self._knowledge_base[1]

    def asks_other_endpoints(self, query: StoredQuery) -> bool:
        """Whether a stored query uses SERVICE: its kept parse says, else a parse of its text
        (kept by the parser for the next request)."""
        return (query.read or read_sparql(query.text)).asks_other_endpoints

    async def bound(self, query: StoredQuery, given: dict[str, str]) -> str:
        """The query's text with the values bound: resolving a label asks the engine, so the
        texts of the current engine are kept (a few hundred; a new engine starts afresh).
        A stored query needs no read-only check: its text is ours and its values are terms
        checked as they are written (timeline.rdf.model)."""
        knowledge_base = await self.knowledge_base()
        key = (query.name, tuple(sorted(given.items())))
        if self._bound[0] != self.upstream.generation:
            self._bound = (self.upstream.generation, {})
        texts = self._bound[1]
        if key not in texts:
            if len(texts) >= BOUND_TEXTS_KEPT:
                texts.pop(next(iter(texts)))
            texts[key] = (await run_in_threadpool(knowledge_base.bound, query.name, given)).text
        return texts[key]

    async def page(self) -> tuple[EventIndex, DrawnPage]:
        """The index of every event and the page drawn from it, of the current engine."""
        if self._page_lock is None:
            self._page_lock = asyncio.Lock()
        async with self._page_lock:
            knowledge_base = await self.knowledge_base()
            generation = self.upstream.generation
            if self._page is None or self._page[0] != generation:
                index = await run_in_threadpool(index_events, knowledge_base)
                self._page = (generation, index, await run_in_threadpool(draw_page, index))
            return self._page[1], self._page[2]

    async def evidence(self, iri: str) -> list[dict[str, Any]]:
        """The passages behind one event, its datings and its figures, as the page shows them."""
        from dataclasses import asdict

        from timeline.views.events import evidence_of

        knowledge_base = await self.knowledge_base()
        return [asdict(passage) for passage in await run_in_threadpool(evidence_of, knowledge_base.store, iri)]


def problem_response(problem: Problem, request: Request) -> JSONResponse:
    return JSONResponse(problem.document(request.url.path), problem.status, media_type="application/problem+json")


def public_url(request: Request, settings: ServeSettings) -> str:
    return (settings.public_url or str(request.base_url)).rstrip("/")


def build_app(served: ServedKnowledgeBase) -> Starlette:
    settings = served.settings

    async def timeline_page(request: Request) -> Response:
        _, page = await served.page()
        if accepts_gzip(request.headers.get("accept-encoding", "")):
            return Response(page.gzipped, media_type="text/html", headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
        return StreamingResponse(page.html_chunks(), media_type="text/html", headers={"Vary": "Accept-Encoding", "Content-Length": str(page.size)})

    async def page_window(request: Request) -> Response:
        asked = window_asked(request.query_params.multi_items())
        if isinstance(asked, Problem):
            return problem_response(asked, request)
        index, _ = await served.page()
        window = await run_in_threadpool(index.window, asked.actor, asked.grouped, asked.span)  # every event is looked at: off the loop
        return JSONResponse(window.document())

    async def page_event(request: Request) -> Response:
        event_id, suffix = split_suffix(request.path_params["id"])
        if suffix != "json":
            return problem_response(event_problem(event_id, suffix), request)
        index, _ = await served.page()
        known = index.by_id.get(event_id)
        if known is None:
            return problem_response(event_problem(event_id, suffix), request)
        try:
            evidence = await served.evidence(known.iri)
        except TimelineError as error:
            return problem_response(Problem(502, "Bad Gateway", str(error)), request)
        return JSONResponse(index.event(event_id, evidence))

    async def sparql_endpoint(request: Request) -> Response:
        if request.method in WRITE_METHODS:
            return PlainTextResponse(_text(READ_ONLY.detail), 403)
        body = await request.body()
        text = query_of(request.method, request.url.query, request.headers.get("content-type", ""), body)
        if text is None and request.method in ("GET", "HEAD"):
            if "text/html" in request.headers.get("accept", ""):
                return HTMLResponse(query_page("timeline"))
            return Response(service_description(public_url(request, settings), settings.allow_service), media_type="text/turtle")
        read = gate(text, settings.limits)
        if isinstance(read, Problem):
            return PlainTextResponse(_text(read.detail), read.status)
        path, sent, content_type = engine_request(request.method, request.url.query, read)
        headers = {name: value for name, value in request.headers.items() if name == "accept"}
        if content_type:
            headers["Content-Type"] = content_type
        answer = await served.ask("GET" if request.method == "HEAD" else request.method, path, sent, headers)
        if isinstance(answer, Problem):
            return PlainTextResponse(_text(answer.detail), answer.status)
        return Response(answer.body, answer.status, media_type=answer.content_type)

    async def list_queries(request: Request) -> Response:
        return JSONResponse(catalogue(served.catalog))

    async def run_query(request: Request) -> Response:
        name, suffix = split_suffix(request.path_params["name"])
        query = served.catalog.queries.get(name)
        if query is None:
            return problem_response(unknown_query(served.catalog, name), request)
        if suffix == "rq":
            return Response(query.text, media_type="application/sparql-query")
        result_format = suffix or negotiate(request.headers.get("accept", ""))
        if result_format is None:
            return problem_response(Problem(406, "Not Acceptable", "The results come as application/sparql-results+json, text/csv or "
                                                                   "text/tab-separated-values: ask for one, or add .json, .csv or .tsv to the path."), request)
        given: dict[str, str] = {}
        for key, value in request.query_params.multi_items():
            if key in given:
                return problem_response(Problem(400, "Bad Request", f"Parameter {key!r} is given twice; give it once.", (("parameter", key),)), request)
            given[key] = value
        declared = {parameter.name: parameter for parameter in query.parameters}
        for parameter_name, parameter in declared.items():
            if parameter_name not in given:
                detail = f"Query {name!r} needs the parameter {parameter_name!r}: {parameter.description}. Example: {example_path(query)}"
                return problem_response(Problem(400, "Bad Request", detail, (("parameter", parameter_name),)), request)
        if not settings.allow_service and served.asks_other_endpoints(query):
            return problem_response(SERVICE_OFF, request)
        try:
            text = await served.bound(query, given)
        except ParameterError as error:
            return problem_response(Problem(400, "Bad Request", error.on_the_web, (("parameter", error.parameter),)), request)
        except TimelineError as error:
            return problem_response(Problem(502, "Bad Gateway", str(error)), request)
        body = urllib.parse.urlencode({"query": text}).encode()
        answer = await served.ask("POST", "/query", body, {"Content-Type": "application/x-www-form-urlencoded", "Accept": RESULT_FORMATS[result_format]})
        if isinstance(answer, Problem):
            return problem_response(answer, request)
        if answer.status != 200:
            return problem_response(Problem(502, "Bad Gateway", f"The engine answered {answer.status}: {answer.body.decode('utf-8', 'replace')[:500]}"), request)
        return Response(answer.body, 200, media_type=answer.content_type)

    async def openapi_document(request: Request) -> Response:
        from timeline.version import __version__

        return JSONResponse(openapi(served.catalog, "timeline: stored queries", __version__, public_url(request, settings)))

    async def read_only(request: Request) -> Response:
        return PlainTextResponse(_text(READ_ONLY.detail), 403)

    async def without_trailing_slash(request: Request) -> Response:
        """/queries/ -> /queries. The Location is a path, never made from the Host header (a
        client's Host: evil.example made Starlette's own redirect point there), and starts with
        one slash (two would name another host)."""
        path = "/" + request.path_params["rest"].lstrip("/")
        location = urllib.parse.quote(path, safe="/:@!$&'()*+,;=-._~%")
        if request.url.query:
            location += "?" + request.url.query
        if settings.public_url:
            location = settings.public_url.rstrip("/") + location
        return Response(status_code=307, headers={"Location": location})

    async def http_error(request: Request, error: Exception) -> Response:
        status = error.status_code if isinstance(error, HTTPException) else 500
        detail = {
            404: "No such page. The routes are / (the timeline, with /timeline/window.json and /timeline/events/ID.json), /queries, "
                 "/queries/NAME, /openapi.json, /sparql and /query.",
            405: f"{request.method} is not allowed here: the API answers GET; the SPARQL endpoint /query GET and POST.",
        }.get(status, "The request could not be served.")
        response = problem_response(Problem(status, {404: "Not Found", 405: "Method Not Allowed"}.get(status, "Error"), detail), request)
        allowed = error.headers.get("Allow") if isinstance(error, HTTPException) and error.headers else None
        if allowed:  # RFC 9110 15.5.6: a 405 says which methods the resource has
            response.headers["Allow"] = allowed
        return response

    everything = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]
    routes = [
        Route("/", timeline_page, methods=["GET"]),
        Route("/timeline/window.json", page_window, methods=["GET"]),
        Route("/timeline/events/{id}", page_event, methods=["GET"]),
        Route("/queries", list_queries, methods=["GET"]),
        Route("/queries/{name}", run_query, methods=["GET"]),
        Route("/openapi.json", openapi_document, methods=["GET"]),
        Route("/query", sparql_endpoint, methods=["GET", "POST", *WRITE_METHODS]),
        Route("/sparql", sparql_endpoint, methods=["GET", "POST", *WRITE_METHODS]),
        Route("/update", read_only, methods=everything),
        Route("/store", read_only, methods=everything),
        Route("/store/{rest:path}", read_only, methods=everything),
        Route("/{rest:path}/", without_trailing_slash, methods=everything),
    ]
    middleware = [Middleware(AccessLog), Middleware(OneLineErrors), Middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes)]
    if settings.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "HEAD", "POST"],
                                     allow_headers=["Accept", "Content-Type"], max_age=600))
    app = Starlette(routes=routes, middleware=middleware, exception_handlers={HTTPException: http_error})
    app.router.redirect_slashes = False  # without_trailing_slash redirects, and takes no host from the client
    return app


def _text(message: str) -> str:
    return message if message.endswith("\n") else message + "\n"


def service_description(endpoint_base: str, allow_service: bool) -> str:
    """The SPARQL 1.1 Service Description of the endpoint at its public URL."""
    from timeline.rdf.model import iri, sparql_value

    endpoint = sparql_value(iri(f"{endpoint_base}/query"))
    formats = ", ".join(f"<http://www.w3.org/ns/formats/{name}>" for name in SERVICE_DESCRIPTION_FORMATS)
    features = "sd:UnionDefaultGraph" + (", sd:BasicFederatedQuery" if allow_service else "")
    return (
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n\n"
        f"[] a sd:Service ;\n  sd:endpoint {endpoint} ;\n  sd:supportedLanguage sd:SPARQL11Query ;\n"
        f"  sd:resultFormat {formats} ;\n  sd:feature {features} ;\n"
        "  sd:defaultDataset [ a sd:Dataset ] .\n"
    )
