"""The program's own queries (queries/program/*.rq) are held to the catalogue's rules: strict
headers, and the same rows on both engines with their example parameters."""

from __future__ import annotations

import pytest

from timeline.catalog import program_queries, run, select
from timeline.store import Boolean

PROGRAM = program_queries().queries
# Queries over named graphs, which rdflib's single-graph store cannot answer: they are run
# on Oxigraph here and on an Oxigraph server by the remote store's tests.
DATASET_QUERIES = {"named-graphs", "graph-triples", "graph-size", "graph-subjects", "named-iris"}


def _rows(result):
    return sorted(tuple(str(term) if term is not None else "" for term in row) for row in result.table)


@pytest.mark.parametrize("name", sorted(set(PROGRAM) - DATASET_QUERIES))
@pytest.mark.slow  # every program query on rdflib's engine too (30 s in all): left out by make test-fast
def test_a_program_query_gives_the_same_rows_on_both_engines(name, seed_store, rdflib_store):
    query = PROGRAM[name]
    parameters = {parameter.name: query.example[parameter.name] for parameter in query.parameters}
    if query.text.rstrip().endswith("ASK {}"):  # the server probe
        assert run(query, parameters, seed_store) == run(query, parameters, rdflib_store) == Boolean(True)
        return
    oxigraph = select(query, parameters, seed_store)
    rdflib = select(query, parameters, rdflib_store)
    assert oxigraph.variables == rdflib.variables
    assert _rows(oxigraph) == _rows(rdflib)


@pytest.mark.parametrize(
    "name, expected_rows",
    [("sources", 2), ("event-parents", 13), ("local-items", 0), ("find-entity-by-iri", 1), ("find-event-by-name", 1)],
)
def test_the_read_model_queries_find_the_seed_data(name, expected_rows, seed_store):
    query = PROGRAM[name]
    rows = select(query, dict(query.example), seed_store).table
    if expected_rows:
        assert len(rows) == expected_rows
    else:
        assert rows, f"{name} finds nothing in the seed knowledge base"


def test_the_program_queries_are_not_in_the_users_catalogue(runner):
    from timeline.cli import cli

    listed = runner.invoke(cli, ["queries", "-f", "jsonl"]).output
    assert "find-entity-by-iri" not in listed and "actor-timeline" in listed


def test_the_dataset_queries_list_graphs_and_their_triples(seed_store):
    from timeline.catalog import run
    from timeline.store import Triples

    graphs = [row["graph"] for row in select(PROGRAM["named-graphs"], {}, seed_store).records()]
    assert graphs == seed_store.graphs()
    entities = run(PROGRAM["graph-triples"], dict(PROGRAM["graph-triples"].example), seed_store)
    assert isinstance(entities, Triples)
    expected = {quad.triple for quad in seed_store.quads([graph for graph in graphs if graph.value.endswith("/entities")])}
    assert set(entities.triples) == expected and expected
    size = select(PROGRAM["graph-size"], dict(PROGRAM["graph-size"].example), seed_store).records()
    assert int(size[0]["triples"].value) == len(expected)
    subjects = select(PROGRAM["graph-subjects"], dict(PROGRAM["graph-subjects"].example), seed_store).records()
    assert {row["subject"] for row in subjects} == {triple.subject for triple in expected}
