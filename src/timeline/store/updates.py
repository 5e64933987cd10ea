"""The SPARQL updates timeline sends: replace a named graph by new triples, or drop one, each in one request.

It is written here rather than in a .rq file because its body is data, N-Triples as
timeline.rdf.writers writes them (every term escaped there), inside a fixed frame whose only
other value is the graph's IRI, checked by timeline.rdf.model.iri. Queries, which take user input, all
live in .rq files.
"""

from __future__ import annotations

from timeline.rdf.model import NamedNode, iri, sparql_value


def replace_graph_update(graph: NamedNode, ntriples: str) -> str:
    """One SPARQL update request that replaces a named graph by the given N-Triples."""
    return f"{drop_graph_update(graph)} ;\n{insert_data_update(graph, ntriples)}"


def drop_graph_update(graph: NamedNode) -> str:
    """One SPARQL update request that removes a named graph."""
    return f"DROP SILENT GRAPH {_graph_term(graph)}"


def insert_data_update(graph: NamedNode, ntriples: str) -> str:
    """One SPARQL update request that adds the given N-Triples to a named graph."""
    return f"INSERT DATA {{ GRAPH {_graph_term(graph)} {{\n{ntriples}}} }}"


def move_graph_update(source: NamedNode, target: NamedNode) -> str:
    """One SPARQL update request that replaces `target` by `source` and removes `source`.

    Not SPARQL's MOVE, nor a DROP of `target`: Virtuoso carries those out on a large graph in
    steps it commits one by one, and a reader counting the graph meanwhile saw 5,888 of its
    5,000 or 8,000 triples. A DELETE and an INSERT of patterns are one transaction there, as
    the standard has every request be."""
    source_term, target_term = _graph_term(source), _graph_term(target)
    return (
        f"DELETE WHERE {{ GRAPH {target_term} {{ ?s ?p ?o }} }} ;\n"
        f"INSERT {{ GRAPH {target_term} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {source_term} {{ ?s ?p ?o }} }} ;\n"
        f"DROP SILENT GRAPH {source_term}"
    )


def _graph_term(graph: NamedNode) -> str:
    """The graph's IRI in SPARQL, checked first: a graph named by a server could hold what
    closes its brackets."""
    return sparql_value(iri(graph.value))
