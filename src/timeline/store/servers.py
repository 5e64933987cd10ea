"""What timeline knows of particular SPARQL servers, in one place: how to tell them apart, the
URLs Oxigraph server derives from its base, and where Virtuoso departs from the standard.

Every other module speaks plain SPARQL 1.1 and its protocols. A server is recognised by the
`Server` header of its answers (Oxigraph says `Oxigraph/0.5.13`, Virtuoso
`Virtuoso/07.20.3229 (Linux) ...`); any other server is taken to follow the standard.

Virtuoso 7 departs from it in five ways that matter here (each handled here, in the stored
queries or where this says, and listed in docs/stores.md):

1. It keeps graphs of its own beside the user's (its quad-map schema, an LDP vocabulary, the
   service description): a store lists them as none of its graphs, never exports them and
   never drops them, not even with `load --replace-all`.
2. Its SPARQL JSON results give xsd:boolean values as the integers 0 and 1; they are read
   back as the booleans they were (`repair_results`).
3. Its SPARQL-to-SQL compiler fails on some standard queries: BIND(EXISTS ...) (SQ156), a
   property path whose two ends are one variable (SQ156) or neither end bound ("transitive
   start not given"), and it applies a FILTER on a variable of an OPTIONAL inside that
   OPTIONAL. The queries are written in forms it compiles and means the same by, each saying
   why in a comment, and a test runs every one on a real Virtuoso. Such a failure is an error
   in the query, so it is not retried (`is_query_error`).
4. One update request runs as one transaction, but its SPARQL compiler runs out of memory on
   an INSERT DATA of a few thousand triples, and its Graph Store Protocol PUT commits a large
   graph in pieces (a reader saw 0, 10,000, 19,000 ... of 25,000 triples). A large graph is
   therefore written in chunks into a staging graph, then put in place of the old one by one
   request (RemoteStore._replace_in_steps), a DELETE and an INSERT of patterns rather than MOVE,
   which Virtuoso carries out in steps (updates.move_graph_update): a reader sees the old graph
   or the new one, and a
   server killed on the way leaves the old graph and at most a staging graph, which no query
   reads and the next write of that graph drops.
5. It echoes every default-graph-uri and named-graph-uri of a request as a response header,
   more than Python's http.client reads at 50 graphs (sparql_client._allow_headers).

Oxigraph server is asked for its own union of named graphs as the default graph
(`query_dataset`), and its update and Graph Store URLs follow from its base (`oxigraph_urls`).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

ServerKind = Literal["oxigraph", "virtuoso", "other"]

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"

# The graphs a Virtuoso server keeps for itself, whatever the user loads.
VIRTUOSO_OWN_GRAPHS = frozenset({
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
})


def server_kind(server_header: str | None) -> ServerKind:
    """Which server answered, from its `Server` header."""
    product = (server_header or "").strip().lower()
    if product.startswith("oxigraph"):
        return "oxigraph"
    if product.startswith("virtuoso"):
        return "virtuoso"
    return "other"


def is_servers_own_graph(kind: ServerKind, graph: str, query_url: str) -> bool:
    """Whether a graph is one the server keeps for itself rather than the user's data. Virtuoso's
    service description graph is named after its host (http://localuriqaserver/sparql unless
    its [URIQA] DefaultHost is set, then the endpoint's own URL)."""
    if kind != "virtuoso":
        return False
    return graph in VIRTUOSO_OWN_GRAPHS or graph == query_url or graph.startswith("http://www.openlinksw.com/schemas/")


# Where timeline stages a graph it writes in steps; never one of the user's graphs.
STAGING_GRAPHS = "urn:timeline:staging:"
# Triples per INSERT DATA request to Virtuoso (its compiler failed at about 5,000 short ones).
VIRTUOSO_TRIPLES_PER_UPDATE = 1000


def users_graphs(kind: ServerKind, graphs: Iterable[str], query_url: str) -> list[str]:
    """The graphs that hold the user's data: not the server's own, not timeline's staging."""
    return [
        graph for graph in graphs
        if not is_servers_own_graph(kind, graph, query_url) and not graph.startswith(STAGING_GRAPHS)
    ]


def staging_graph(graph: str) -> str:
    return STAGING_GRAPHS + graph


def triples_per_update(kind: ServerKind) -> int | None:
    """How many triples one update request may carry on this server (None: no limit known)."""
    return VIRTUOSO_TRIPLES_PER_UPDATE if kind == "virtuoso" else None


def ntriples_chunks(ntriples: str, size: int) -> list[str]:
    """N-Triples text (one triple a line) cut into pieces of at most `size` triples."""
    lines = ntriples.splitlines(keepends=True)
    return ["".join(lines[start : start + size]) for start in range(0, len(lines), size)]


def is_query_error(kind: ServerKind, status: int, body: str) -> bool:
    """Whether an HTTP 500 is the server refusing the query itself (so asking again is no use):
    Virtuoso answers its SQL compiler's errors, SQLSTATE 37000 and 42000, with 500."""
    return kind == "virtuoso" and status == 500 and bool(re.match(r"Virtuoso (37000|42000|22023|42S22) ", body))


# A graph nobody writes: the union of no named graphs, for a store that has none.
NO_GRAPH = "urn:timeline:no-graph"


def query_dataset(kind: ServerKind, users_graph_names: Callable[[], list[str]]) -> tuple[list[str], list[str], bool]:
    """The dataset a query runs on, as (default-graph-uri values, named-graph-uri values,
    union-default-graph): the union of the user's named graphs as the default graph, as the
    embedded store has it, and those graphs for GRAPH patterns.

    Oxigraph server is asked for its own union (its `union-default-graph` parameter): given 421
    graphs by name, it did not answer `timeline` within 60 s at 10k events. Any other server
    gets the graphs by name, the standard way (Virtuoso answered in 3 s); with no named graph
    at all, a graph nobody writes stands for their empty union (with no default-graph-uri,
    Virtuoso would read every graph, its own included)."""
    if kind == "oxigraph":
        return [], [], True
    graphs = users_graph_names() or [NO_GRAPH]
    return graphs, graphs, False


def repair_results(kind: ServerKind, document: dict[str, Any]) -> dict[str, Any]:
    """A SPARQL JSON results document as the standard has it: Virtuoso writes xsd:boolean
    literals as "0"/"1" (and sometimes as integers); they become "false"/"true"."""
    if kind != "virtuoso" or "results" not in document:
        return document
    for binding in document["results"]["bindings"]:
        for value in binding.values():
            if value.get("datatype") == XSD_BOOLEAN:
                text = str(value.get("value")).strip().lower()
                value["value"] = {"1": "true", "0": "false"}.get(text, text)
    return document


@dataclass(frozen=True)
class ServerUrls:
    query_url: str
    update_url: str | None
    graph_store_url: str | None


_OXIGRAPH_PATHS = re.compile(r"/(query|update|store)?$")


def oxigraph_urls(url: str) -> ServerUrls | None:
    """Oxigraph server's URLs from its base (http://HOST:7878 or .../) or any one of its query,
    update or store URLs; None when the URL's path is not one of Oxigraph's."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/") if parts.path not in ("", "/") else ""
    if parts.query or parts.fragment or not _OXIGRAPH_PATHS.fullmatch(path or "/"):
        return None
    base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    return ServerUrls(f"{base}/query", f"{base}/update", f"{base}/store")
