"""A SPARQL 1.1 server as a store: queries to its query URL, updates to its update URL, whole
graphs through its Graph Store Protocol URL when it has one."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from timeline.catalog import program_query
from timeline.errors import QueryError
from timeline.rdf.model import NamedNode, Quad, Triple, term_from_json
from timeline.store.protocol import StoreBase
from timeline.store.query_forms import prepared_query
from timeline.store.results import Boolean, QueryResult, Record, Solutions, Triples
from timeline.store.servers import (
    ServerKind, ntriples_chunks, query_dataset, repair_results, server_kind, staging_graph, triples_per_update, users_graphs,
)
from timeline.store.engine_errors import first_line
from timeline.store.sparql_client import Endpoint
from timeline.store.updates import drop_graph_update, insert_data_update, move_graph_update, replace_graph_update
if TYPE_CHECKING:
    from timeline.catalog.binding import BoundQuery


class RemoteStore(StoreBase):
    def __init__(self, endpoint: Endpoint, graph_store_url: str | None = None) -> None:
        self.endpoint = endpoint
        self.graph_store_url = graph_store_url
        self._graphs: list[NamedNode] | None = None

    @property
    def location(self) -> str:
        return self.endpoint.url

    @property
    def url(self) -> str:
        return self.endpoint.url

    @property
    def kind(self) -> ServerKind:
        """Which server this is (timeline.store.servers), known from its first answer."""
        return server_kind(self.endpoint.identify(program_query("server-probe").text))

    def graphs(self) -> list[NamedNode]:
        """The user's named graphs: those a server keeps for itself are not the store's."""
        if self._graphs is None:
            rows = self.endpoint.select(program_query("named-graphs").text)
            named = [graph.value for row in rows if isinstance(graph := row.get("graph"), NamedNode)]
            self._graphs = [NamedNode(graph) for graph in sorted(users_graphs(self.kind, named, self.url))]
        return self._graphs

    def query(
        self, sparql: str | BoundQuery, prefixes: Mapping[str, str] | None = None
    ) -> QueryResult:
        declarations = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in (prefixes or {}).items())
        prepared, form = prepared_query(sparql, prefixes or {})  # one parse gives both
        text = declarations + prepared
        # The union of the named graphs as the default graph, as the embedded store has it; and
        # the named graphs themselves, for GRAPH patterns (timeline.store.servers.query_dataset).
        kind = self.kind
        dataset = query_dataset(kind, lambda: [graph.value for graph in self.graphs()])
        if form in ("CONSTRUCT", "DESCRIBE"):
            return Triples(_parse_ntriples(self.endpoint.graph(text, *dataset), self.url))
        document = repair_results(kind, self.endpoint.results(text, *dataset))
        if "boolean" in document:
            return Boolean(bool(document["boolean"]))
        variables = list(document["head"]["vars"])
        table = [
            tuple(term_from_json(binding[name]) if name in binding else None for name in variables)
            for binding in document["results"]["bindings"]
        ]
        return Solutions(variables, table)

    def read_rows(self, sparql: str | BoundQuery, read: Callable[[Record], None]) -> None:
        prepared, form = prepared_query(sparql, {})
        kind = self.kind
        if form != "SELECT" or kind == "virtuoso":
            # Virtuoso's booleans need repairing before they are read (repair_results), and
            # only a SELECT query has rows: both as select() has them.
            super().read_rows(sparql, read)
            return
        self.endpoint.read_rows(prepared, read, *query_dataset(kind, lambda: [graph.value for graph in self.graphs()]))

    def quads(self, graphs: Sequence[NamedNode] | None = None) -> Iterator[Quad]:
        for graph in graphs if graphs is not None else self.graphs():
            if self.graph_store_url:
                data = self.endpoint.get_graph(self.graph_store_url, graph.value)
            else:
                data = self.endpoint.graph(program_query("graph-triples").bind(graph=graph).text)
            for triple in _parse_ntriples(data, self.url):
                yield Quad(triple.subject, triple.predicate, triple.object, graph)

    def replace_graph(self, graph: NamedNode, ntriples: str) -> None:
        limit = triples_per_update(self.kind)
        if limit is not None:
            self._replace_in_steps(graph, ntriples, limit)
        elif self.graph_store_url:
            # PUT replaces the graph in one request; servers apply it as one transaction.
            self.endpoint.put_graph(self.graph_store_url, graph.value, ntriples.encode("utf-8"))
        else:
            self.endpoint.update(replace_graph_update(graph, ntriples))
        self._wrote(graph, bool(ntriples.strip()))

    def _wrote(self, graph: NamedNode, holds_triples: bool) -> None:
        """Keep the list of graphs as it now is, rather than ask the server again (a scan of
        every quad on some servers) after each graph a load writes."""
        if self._graphs is not None:
            others = [known for known in self._graphs if known != graph]
            self._graphs = sorted([*others, graph], key=lambda known: known.value) if holds_triples else others

    def _replace_in_steps(self, graph: NamedNode, ntriples: str, limit: int) -> None:
        """For a server that takes only so many triples an update (timeline.store.servers):
        a small graph in one request; a larger one into a staging graph, then moved over the
        old one in one request, so that a reader still sees the old graph or the new one."""
        chunks = ntriples_chunks(ntriples, limit)
        if len(chunks) <= 1:
            self.endpoint.update(replace_graph_update(graph, ntriples))
        else:
            staging = NamedNode(staging_graph(graph.value))
            self.endpoint.update(drop_graph_update(staging))
            for chunk in chunks:
                self.endpoint.update(insert_data_update(staging, chunk))
            self.endpoint.update(move_graph_update(staging, graph))

    def drop_graph(self, graph: NamedNode) -> None:
        self.endpoint.update(drop_graph_update(graph))
        self._wrote(graph, False)


def _parse_ntriples(data: bytes, where: str) -> list[Triple]:
    """A server's N-Triples answer as triples, or a QueryError saying it was not N-Triples."""
    import pyoxigraph

    try:
        return list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES))
    except SyntaxError as error:
        raise QueryError(f"{where} answered with something that is not N-Triples: {first_line(str(error))}") from None
