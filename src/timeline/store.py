"""The one place that opens, loads and queries a store.

`open_store()` gives the embedded store: an in-memory Oxigraph (pyoxigraph) loaded with the
knowledge base's files, one named graph each, queried with the union of the named graphs as
the default graph. `RdflibStore` runs the same queries on rdflib's own SPARQL engine; the
tests use it to show that every stored query means the same on two engines.

Everything leaving this module is an rdflib term, so that the rest of the code never sees
an engine's own types. Only this module imports a SPARQL engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral
from typing import Protocol

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from timeline.bindings import bind_values
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


class EmbeddedStore:
    """An in-memory Oxigraph store holding the knowledge base."""

    def __init__(self) -> None:
        import pyoxigraph

        self._ox = pyoxigraph
        self._store = pyoxigraph.Store()

    def load_files(self, files: Iterable[KbFile]) -> None:
        for kb_file in files:
            if not kb_file.path.is_file():
                raise DataFileError(str(kb_file.path), "file not found; run `timeline build` to make it")
            try:
                self._store.load(
                    path=str(kb_file.path),
                    format=self._ox.RdfFormat.TURTLE,
                    to_graph=self._ox.NamedNode(str(kb_file.graph)),
                )
            except SyntaxError as error:
                raise DataFileError(
                    str(kb_file.path),
                    f"not valid Turtle: {_first_line(str(error))}",
                    line=error.lineno,
                    column=error.offset,
                ) from None

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
            triples = [(self._term(t.subject), self._term(t.predicate), self._term(t.object)) for t in answer]
            return QueryResult("graph", triples=triples)
        variables = [variable.value for variable in answer.variables]
        rows = [
            {name: (self._term(solution[name]) if solution[name] is not None else None) for name in variables}
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
            (self._term(q.subject), self._term(q.predicate), self._term(q.object), self._graph_name(q.graph_name))
            for q in found
        ]

    def _graph_name(self, graph_name: object) -> URIRef | None:
        if isinstance(graph_name, self._ox.NamedNode):
            return URIRef(graph_name.value)
        return None

    def _term(self, term: object) -> Node:
        ox = self._ox
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            datatype = term.datatype.value
            if datatype == str(XSD.string):
                return Literal(term.value)
            # lexical form kept as stored: "240000000000"^^xsd:decimal stays exactly that.
            return Literal(term.value, datatype=URIRef(datatype), normalize=False)
        raise QueryError(f"unsupported RDF term in a result: {term!r}")


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


def open_store(kb_dir: Path | None = None, engine: str = "oxigraph") -> EmbeddedStore | RdflibStore:
    """The knowledge base (the given folder, $TIMELINE_KB, or the packaged seed) in a store."""
    store: EmbeddedStore | RdflibStore = EmbeddedStore() if engine == "oxigraph" else RdflibStore()
    store.load_files(kb_files(resolve_kb_dir(kb_dir)))
    return store
