"""The one place that opens, loads and queries a store.

`open_store()` gives one of three stores behind the same `Store` protocol:

- no location: an in-memory Oxigraph (pyoxigraph) loaded with the knowledge base's files, one
  named graph each;
- a folder: a persistent Oxigraph store on disk, written by `timeline load`;
- an http(s) URL: a remote SPARQL 1.1 server (Fuseki, GraphDB, Virtuoso, Oxigraph server,
  Neptune, ...), asked through timeline.endpoint (SPARQLWrapper).

Every store is queried with the union of its named graphs as the default graph (for a remote
one, through the protocol's default-graph-uri parameters). `RdflibStore` runs the same queries
on rdflib's own SPARQL engine; the tests use it to show that every stored query means the same
on two engines.

Everything leaving this module is an rdflib term, so that the rest of the code never sees
an engine's own types. Only this module imports a SPARQL engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from typing import Literal as TypingLiteral
from typing import Protocol

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from timeline.bindings import bind_values, sparql_term
from timeline.endpoint import Endpoint
from timeline.errors import DataFileError, QueryError, ReadOnlyError
from timeline.knowledge_base import KbFile, kb_files, resolve_kb_dir

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, URIRef | None]

_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_PROLOGUE = re.compile(r"^(?:\s|#[^\n]*\n)*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)(?:\s|#[^\n]*\n)*)*", re.IGNORECASE)


@dataclass
class QueryResult:
    """The answer to a query: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: TypingLiteral["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Node | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)


class Store(Protocol):
    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, prefixes: Mapping[str, str] | None = None
    ) -> QueryResult:
        """Run a read-only query; parameters are bound as RDF terms (see timeline.bindings);
        `prefixes` may be used in the query without being declared."""
        ...

    def quads(self, graphs: Sequence[URIRef] | None = None) -> list[Quad]:
        """Every quad of the given named graphs (all graphs when None)."""
        ...

    def graphs(self) -> list[URIRef]:
        """The named graphs of the store, sorted."""
        ...


class WritableStore(Store, Protocol):
    def replace_graph(self, graph: URIRef, ntriples: str) -> None:
        """Replace one named graph by the given N-Triples in one step: a reader sees the old
        graph or the new one, never half of either."""
        ...


def refuse_updates(sparql: str) -> None:
    """Raise ReadOnlyError if the text is a SPARQL update rather than a query."""
    body = _PROLOGUE.sub("", sparql, count=1)
    keyword = re.match(r"\s*([A-Za-z]+)", body)
    if keyword and keyword.group(1).upper() in _UPDATE_KEYWORDS:
        raise ReadOnlyError(
            f"This is a SPARQL update ({keyword.group(1).upper()}), and `timeline` only reads here: "
            "nothing was changed. To change the knowledge base, edit its TOML files and run `timeline build`."
        )


def prepare_query(sparql: str, bindings: Mapping[str, Node] | None) -> str:
    """The text to send to an engine: updates refused, parameters bound in a VALUES block."""
    refuse_updates(sparql)
    return bind_values(sparql, bindings or {})


# --------------------------------------------------------------------------------------------
# Oxigraph, embedded
# --------------------------------------------------------------------------------------------


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query, read after its prologue."""
    body = _PROLOGUE.sub("", sparql, count=1)
    keyword = re.match(r"\s*([A-Za-z]+)", body)
    form = keyword.group(1).upper() if keyword else ""
    if form not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        raise QueryError("A query must be a SELECT, ASK, CONSTRUCT or DESCRIBE query.")
    return form


def _prefix_declarations(prefixes: Mapping[str, str] | None) -> str:
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in (prefixes or {}).items())


class EmbeddedStore:
    """An Oxigraph store holding the knowledge base: in memory, or on disk at `path`."""

    def __init__(self, path: Path | None = None, read_only: bool = False) -> None:
        import pyoxigraph

        self._ox = pyoxigraph
        self.path = path
        if path is None:
            self._store = pyoxigraph.Store()
        elif read_only:
            if not path.is_dir():
                raise DataFileError(str(path), "no store here; write one with `timeline load --store PATH`")
            try:
                self._store = pyoxigraph.Store.read_only(str(path))
            except OSError as error:
                raise DataFileError(str(path), f"cannot open the store: {_first_line(str(error))}") from None
        else:
            try:
                self._store = pyoxigraph.Store(str(path))
            except OSError as error:
                raise DataFileError(str(path), f"cannot open the store for writing: {_first_line(str(error))}") from None

    def load_files(self, files: Iterable[KbFile]) -> None:
        for kb_file in files:
            _require_file(kb_file)
            try:
                self._store.load(
                    path=str(kb_file.path),
                    format=self._ox.RdfFormat.TURTLE,
                    to_graph=self._ox.NamedNode(str(kb_file.graph)),
                )
            except SyntaxError as error:
                raise _turtle_error(kb_file, error) from None

    def load_turtle(self, text: str, graph: URIRef) -> None:
        """Load Turtle held in memory (as `timeline build` compiles it) into a named graph."""
        self._store.load(text.encode("utf-8"), format=self._ox.RdfFormat.TURTLE, to_graph=self._ox.NamedNode(str(graph)))

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, prefixes: Mapping[str, str] | None = None
    ) -> QueryResult:
        text = prepare_query(sparql, bindings)
        try:
            answer = self._store.query(text, use_default_graph_as_union=True, prefixes=dict(prefixes or {}))
        except SyntaxError as error:
            raise QueryError(f"The query is not valid SPARQL 1.1: {_first_line(str(error))}") from None
        except (OSError, RuntimeError) as error:
            raise QueryError(f"The query failed: {_first_line(str(error))}") from None
        if isinstance(answer, self._ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(answer))
        if isinstance(answer, self._ox.QueryTriples):
            return QueryResult("graph", triples=[_triple(t) for t in answer])
        variables = [variable.value for variable in answer.variables]
        rows = [
            {name: (_from_oxigraph(solution[name]) if solution[name] is not None else None) for name in variables}
            for solution in answer
        ]
        return QueryResult("select", variables=variables, rows=rows)

    def quads(self, graphs: Sequence[URIRef] | None = None) -> list[Quad]:
        if graphs is None:
            found = self._store.quads_for_pattern(None, None, None, None)
        else:
            found = (
                quad
                for graph in graphs
                for quad in self._store.quads_for_pattern(None, None, None, self._ox.NamedNode(str(graph)))
            )
        return [
            (_from_oxigraph(q.subject), _from_oxigraph(q.predicate), _from_oxigraph(q.object), self._graph_name(q.graph_name))
            for q in found
        ]

    def graphs(self) -> list[URIRef]:
        return sorted(URIRef(graph.value) for graph in self._store.named_graphs() if isinstance(graph, self._ox.NamedNode))

    def replace_graph(self, graph: URIRef, ntriples: str) -> None:
        # One update is one transaction in Oxigraph: the graph is swapped whole or not at all.
        self._store.update(replace_graph_update(graph, ntriples))

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def _graph_name(self, graph_name: object) -> URIRef | None:
        if isinstance(graph_name, self._ox.NamedNode):
            return URIRef(graph_name.value)
        return None



# --------------------------------------------------------------------------------------------
# rdflib's own engine
# --------------------------------------------------------------------------------------------


class RdflibStore:
    """The knowledge base in an rdflib Dataset, queried with rdflib's pure-Python engine."""

    def __init__(self) -> None:
        from rdflib import Graph

        # One graph per knowledge-base file, and their union to query: rdflib's own union
        # Dataset warns once per triple lookup that its default context is deprecated.
        self._graphs: dict[URIRef, Graph] = {}
        self._union = Graph()

    def load_files(self, files: Iterable[KbFile]) -> None:
        from rdflib import Graph

        for kb_file in files:
            graph = Graph(identifier=kb_file.graph)
            graph.parse(kb_file.path, format="turtle")
            self._graphs[kb_file.graph] = graph
            self._union += graph

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, prefixes: Mapping[str, str] | None = None
    ) -> QueryResult:
        text = prepare_query(sparql, bindings)
        try:
            answer = self._union.query(text, initNs=dict(prefixes or {}))
        except Exception as error:  # rdflib raises pyparsing and engine errors of many kinds
            raise QueryError(f"The query failed on rdflib: {_first_line(str(error))}") from None
        if answer.type == "ASK":
            return QueryResult("ask", boolean=bool(answer.askAnswer))
        if answer.type in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult("graph", triples=list(answer.graph or []))
        variables = [str(variable) for variable in answer.vars or []]
        rows = [{name: _plain(row[name]) for name in variables} for row in answer]  # type: ignore[call-overload,index]
        return QueryResult("select", variables=variables, rows=rows)

    def quads(self, graphs: Sequence[URIRef] | None = None) -> list[Quad]:
        names = list(self._graphs) if graphs is None else [g for g in graphs if g in self._graphs]
        return [(s, p, o, name) for name in names for s, p, o in self._graphs[name]]

    def graphs(self) -> list[URIRef]:
        return sorted(self._graphs)


def _plain(node: Node | None) -> Node | None:
    """rdflib gives xsd:string and plain literals apart; RDF 1.1 says they are one."""
    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node))
    if isinstance(node, Literal) and node.datatype == RDF.langString:
        return Literal(str(node), lang=node.language)
    return node


def _first_line(message: str, limit: int = 240) -> str:
    line = message.strip().splitlines()[0] if message.strip() else "no details given"
    return line if len(line) <= limit else line[: limit - 1] + "…"


# --------------------------------------------------------------------------------------------
# A remote SPARQL 1.1 server
# --------------------------------------------------------------------------------------------


class RemoteStore:
    """A SPARQL 1.1 server: queries to its query URL, updates to its update URL, whole graphs
    through its Graph Store Protocol URL when it has one."""

    def __init__(self, endpoint: Endpoint, graph_store_url: str | None = None) -> None:
        self.endpoint = endpoint
        self.graph_store_url = graph_store_url
        self._graphs: list[URIRef] | None = None

    @property
    def url(self) -> str:
        return self.endpoint.url

    def graphs(self) -> list[URIRef]:
        if self._graphs is None:
            rows = self.endpoint.select("SELECT DISTINCT ?graph WHERE { GRAPH ?graph { ?s ?p ?o } }")
            self._graphs = sorted(URIRef(str(row["graph"])) for row in rows if isinstance(row.get("graph"), URIRef))
        return self._graphs

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, prefixes: Mapping[str, str] | None = None
    ) -> QueryResult:
        text = _prefix_declarations(prefixes) + prepare_query(sparql, bindings)
        form = query_form(text)
        # The union of the named graphs as the default graph, as the embedded store has it; and
        # the named graphs themselves, for GRAPH patterns.
        graphs = [str(graph) for graph in self.graphs()]
        if form in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult("graph", triples=_parse_ntriples(self.endpoint.graph(text, graphs, graphs), self.url))
        document = self.endpoint.results(text, graphs, graphs)
        if "boolean" in document:
            return QueryResult("ask", boolean=bool(document["boolean"]))
        from timeline.endpoint import term_from_json

        variables = list(document["head"]["vars"])
        rows: list[dict[str, Node | None]] = [
            {name: _plain(term_from_json(binding[name])) if name in binding else None for name in variables}
            for binding in document["results"]["bindings"]
        ]
        return QueryResult("select", variables=variables, rows=rows)

    def quads(self, graphs: Sequence[URIRef] | None = None) -> list[Quad]:
        found: list[Quad] = []
        for graph in graphs if graphs is not None else self.graphs():
            if self.graph_store_url:
                data = self.endpoint.get_graph(self.graph_store_url, str(graph))
            else:
                data = self.endpoint.graph(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {sparql_term(graph)} {{ ?s ?p ?o }} }}")
            found += [(s, p, o, graph) for s, p, o in _parse_ntriples(data, self.url)]
        return found

    def replace_graph(self, graph: URIRef, ntriples: str) -> None:
        if self.graph_store_url:
            # PUT replaces the graph in one request; servers apply it as one transaction.
            self.endpoint.put_graph(self.graph_store_url, str(graph), ntriples.encode("utf-8"))
        else:
            self.endpoint.update(replace_graph_update(graph, ntriples))
        self._graphs = None


def replace_graph_update(graph: URIRef, ntriples: str) -> str:
    """One SPARQL update request that replaces a named graph by the given N-Triples."""
    target = sparql_term(graph)
    return f"DROP SILENT GRAPH {target} ;\nINSERT DATA {{ GRAPH {target} {{\n{ntriples}}} }}"


def _parse_ntriples(data: bytes, where: str) -> list[Triple]:
    import pyoxigraph

    try:
        return [_triple(t) for t in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)]
    except SyntaxError as error:
        raise QueryError(f"{where} answered with something that is not N-Triples: {_first_line(str(error))}") from None


def _triple(triple: Any) -> Triple:
    """An Oxigraph triple (or quad) as an rdflib triple."""
    return (_from_oxigraph(triple.subject), _from_oxigraph(triple.predicate), _from_oxigraph(triple.object))


def _from_oxigraph(term: object) -> Node:
    """An Oxigraph term as an rdflib term, the lexical form kept as stored
    ("240000000000"^^xsd:decimal stays exactly that)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise QueryError(f"unsupported RDF term: {term!r}")


def parse_file(kb_file: KbFile) -> tuple[str, int]:
    """A knowledge-base file as sorted N-Triples text and its triple count; broken Turtle is
    a DataFileError with file, line and column."""
    import pyoxigraph

    from timeline.rdf_files import ntriples

    _require_file(kb_file)
    try:
        triples = {_triple(t) for t in pyoxigraph.parse(path=str(kb_file.path), format=pyoxigraph.RdfFormat.TURTLE)}
    except SyntaxError as error:
        raise _turtle_error(kb_file, error) from None
    return ntriples(triples), len(triples)


def _require_file(kb_file: KbFile) -> None:
    if not kb_file.path.is_file():
        raise DataFileError(str(kb_file.path), "file not found; run `timeline build` to make it")


def _turtle_error(kb_file: KbFile, error: SyntaxError) -> DataFileError:
    return DataFileError(str(kb_file.path), f"not valid Turtle: {_first_line(str(error))}", line=error.lineno, column=error.offset)


# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoreLocation:
    """Where the knowledge base is kept: in memory (None), a folder, or a server's URLs."""

    location: str | None = None
    update_url: str | None = None
    graph_store_url: str | None = None
    timeout: float = 60.0

    @property
    def is_remote(self) -> bool:
        return bool(self.location) and str(self.location).startswith(("http://", "https://"))


def open_store(
    kb_dir: Path | None = None, engine: str = "oxigraph", where: StoreLocation | None = None
) -> EmbeddedStore | RdflibStore | RemoteStore:
    """The knowledge base in a store: the folder given, $TIMELINE_KB or the packaged seed,
    loaded in memory; or the store that `where` names, as `timeline load` left it."""
    if where is not None and where.location:
        if where.is_remote:
            return remote_store(where)
        return EmbeddedStore(Path(where.location), read_only=True)
    store: EmbeddedStore | RdflibStore = EmbeddedStore() if engine == "oxigraph" else RdflibStore()
    store.load_files(kb_files(resolve_kb_dir(kb_dir)))
    return store


def remote_store(where: StoreLocation) -> RemoteStore:
    from timeline.endpoint import EndpointSettings

    assert where.location is not None
    settings = EndpointSettings.from_environment(where.location, where.timeout, where.update_url)
    return RemoteStore(Endpoint(settings), where.graph_store_url)
