"""The Store protocol: what every store does, embedded, rdflib or remote. Callers hold a
Store from timeline.store.open_store and never check which class it is."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from timeline.errors import QueryError
from timeline.store.results import Boolean, Quad, QueryResult, Record, Solutions, Triples

if TYPE_CHECKING:
    from timeline.catalog.binding import BoundQuery
    from timeline.kb.layout import KbFile
    from timeline.rdf.model import NamedNode


class Store(Protocol):
    @property
    def location(self) -> str:
        """Where the store is, for messages: "memory", a folder or a query URL."""
        ...

    def query(
        self, sparql: str | BoundQuery, prefixes: Mapping[str, str] | None = None
    ) -> QueryResult:
        """Run a read-only query with the union of the named graphs as its default graph.
        The store binds nothing: a stored query comes bound already (`StoredQuery.bind`), with
        the parse it was bound into, which the store checks; a text is parsed and checked.
        `prefixes` may be used in the query without being declared. An update is refused with a ReadOnlyError."""
        ...

    def select(
        self, sparql: str | BoundQuery, prefixes: Mapping[str, str] | None = None
    ) -> Solutions:
        """Run a SELECT query; anything else is a QueryError."""
        ...

    def read_rows(self, sparql: str | BoundQuery, read: Callable[[Record], None]) -> None:
        """Run a SELECT query and hand `read` each row as {variable: term} as it comes, keeping
        none: for a reader of hundreds of thousands of rows (the page's events), whose table of
        terms would weigh more than what it makes of them. Within the store's time limit, as
        `select`; `read` may run on another thread."""
        ...

    def quads(self, graphs: Sequence[NamedNode] | None = None) -> Iterator[Quad]:
        """Every quad of the given named graphs (all graphs when None), as they come, in
        Oxigraph's terms as every answer of a store is."""
        ...

    def graphs(self) -> list[NamedNode]:
        """The named graphs of the store, sorted."""
        ...

    def graph_nquads(self, graph: NamedNode) -> str:
        """One named graph as N-Quads, its lines sorted: what `export` writes a graph at a time."""
        ...

    def graph_ntriples(self, graph: NamedNode) -> str:
        """One named graph as N-Triples, its lines sorted: a run of the union `export` merges."""
        ...

    def replace_graph(self, graph: NamedNode, ntriples: str) -> None:
        """Replace one named graph by the given N-Triples in one step: a reader sees the old
        graph or the new one, never half of either. A read-only store refuses."""
        ...

    def drop_graph(self, graph: NamedNode) -> None:
        """Remove one named graph, in one step. A read-only store refuses."""
        ...

    def write_graph_file(self, kb_file: KbFile, filling: bool) -> None:
        """Replace the file's named graph by what the (already checked) file holds, in one
        step. `filling` says the store held no graph before this load began: nobody reads a
        store that is being filled, so an engine may use a faster, non-transactional loader."""
        ...

    def flush(self) -> None:
        """Make what was written durable (a no-op where every write already is)."""
        ...

    def close(self) -> None:
        """Release the store (an embedded store's lock on its folder)."""
        ...


class StoreBase:
    """What every store does the same way on top of its `query`."""

    def query(
        self, sparql: str | BoundQuery, prefixes: Mapping[str, str] | None = None
    ) -> QueryResult:
        raise NotImplementedError

    def select(
        self, sparql: str | BoundQuery, prefixes: Mapping[str, str] | None = None
    ) -> Solutions:
        return only_rows(self.query(sparql, prefixes))

    def read_rows(self, sparql: str | BoundQuery, read: Callable[[Record], None]) -> None:
        for record in self.select(sparql).each_record():
            read(record)

    def graph_nquads(self, graph: NamedNode) -> str:
        return "".join(sorted({f"{quad} .\n" for quad in self.quads([graph])}))

    def graph_ntriples(self, graph: NamedNode) -> str:
        return "".join(sorted({f"{quad.triple} .\n" for quad in self.quads([graph])}))

    def quads(self, graphs: Sequence[NamedNode] | None = None) -> Iterator[Quad]:
        raise NotImplementedError

    def write_graph_file(self, kb_file: KbFile, filling: bool) -> None:
        from timeline.store.file_triples import parse_file

        self.replace_graph(kb_file.graph, parse_file(kb_file)[0])

    def replace_graph(self, graph: NamedNode, ntriples: str) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def only_rows(result: QueryResult) -> Solutions:
    """The rows of a SELECT query's result; any other result is a QueryError."""
    if not isinstance(result, Solutions):
        kind = "a boolean" if isinstance(result, Boolean) else "a graph" if isinstance(result, Triples) else "no rows"
        raise QueryError(f"Expected a SELECT query, which gives rows; this one gives {kind}.")
    return result
