"""The knowledge base in rdflib, queried with rdflib's pure-Python SPARQL engine: the second
engine the tests run every stored query on, to show that each means the same on two engines."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from timeline.errors import QueryError, ReadOnlyError
from timeline.kb.layout import KbFile
from timeline.store.protocol import StoreBase
from timeline.store.query_forms import prepare_query
from timeline.store.results import Boolean, QueryResult, Solutions, Triples
from timeline.rdf.model import NamedNode, Quad, Term
from timeline.store.engine_errors import first_line
from timeline.store.terms import to_oxigraph, triple_to_oxigraph

if TYPE_CHECKING:
    from timeline.catalog.binding import BoundQuery
    from rdflib import Graph
    from rdflib.query import Result


class RdflibStore(StoreBase):
    """The knowledge base in rdflib graphs, one per file, queried as their union."""

    def __init__(self) -> None:
        from rdflib import Dataset

        # A graph per file in one Dataset whose default graph is their union, as the embedded
        # store has it, so that GRAPH patterns find each file's graph.
        self._dataset = Dataset(default_union=True)
        self._graphs: dict[str, Graph] = {}

    @property
    def location(self) -> str:
        return "memory (rdflib)"

    def load_files(self, files: Iterable[KbFile]) -> None:
        for kb_file in files:
            graph = self._dataset.graph(URIRef(kb_file.graph_name))
            graph.parse(kb_file.path, format="turtle")
            self._graphs[kb_file.graph_name] = graph

    def query(
        self, sparql: str | BoundQuery, prefixes: Mapping[str, str] | None = None
    ) -> QueryResult:
        text = prepare_query(sparql, prefixes or {})
        try:
            with warnings.catch_warnings():
                # rdflib's engine calls its own deprecated Dataset methods on every lookup,
                # while the answer is read as well as while the query is parsed.
                warnings.simplefilter("ignore", DeprecationWarning)
                return _result(self._dataset.query(text, initNs=dict(prefixes or {})))
        except Exception as error:  # rdflib raises pyparsing and engine errors of many kinds
            raise QueryError(f"The query failed on rdflib: {first_line(str(error))}") from None

    def quads(self, graphs: Sequence[NamedNode] | None = None) -> Iterator[Quad]:
        names = list(self._graphs) if graphs is None else [graph.value for graph in graphs if graph.value in self._graphs]
        for name in names:
            for triple in self._graphs[name]:
                said = triple_to_oxigraph(triple)
                yield Quad(said.subject, said.predicate, said.object, NamedNode(name))

    def graphs(self) -> list[NamedNode]:
        return [NamedNode(name) for name in sorted(self._graphs)]

    def replace_graph(self, graph: NamedNode, ntriples: str) -> None:
        raise ReadOnlyError("The rdflib store is for comparing engines and is read-only.")

    def drop_graph(self, graph: NamedNode) -> None:
        raise ReadOnlyError("The rdflib store is for comparing engines and is read-only.")


def _result(answer: Result) -> QueryResult:
    """rdflib's answer, read to its end, in the result model the other stores give."""
    if answer.type == "ASK":
        return Boolean(bool(answer.askAnswer))
    if answer.type in ("CONSTRUCT", "DESCRIBE"):
        return Triples([triple_to_oxigraph(triple) for triple in answer.graph or []])
    variables = [str(variable) for variable in answer.vars or []]
    table = [tuple(_term(row[name]) for name in variables) for row in answer]  # type: ignore[call-overload,index]
    return Solutions(variables, table)


def _term(node: Node | None) -> Term | None:
    """A row's term as the rows' term model has it (to_oxigraph makes xsd:string and plain
    literals one, as RDF 1.1 does). A language-tagged literal that rdflib types rdf:langString
    is made again from its text and tag."""
    if node is None:
        return None
    if isinstance(node, Literal) and node.datatype == RDF.langString:
        node = Literal(str(node), lang=node.language)
    return to_oxigraph(node)
