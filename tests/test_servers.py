"""What timeline knows of particular servers (timeline.store.servers), beyond what the tests on
real Oxigraph and Virtuoso servers in test_remote.py show."""

import pytest

from timeline.store.servers import is_query_error, ntriples_chunks, oxigraph_urls, repair_results, server_kind, users_graphs


@pytest.mark.parametrize("given", ["http://h:7878", "http://h:7878/", "http://h:7878/query", "http://h:7878/update", "http://h:7878/store"])
def test_oxigraph_servers_urls_follow_from_its_base_or_any_of_them(given):
    urls = oxigraph_urls(given)
    assert urls is not None
    assert (urls.query_url, urls.update_url, urls.graph_store_url) == ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")


@pytest.mark.parametrize("given", ["http://h:3030/ds/query", "http://h:7878/query?x=1", "http://h:8890/sparql"])
def test_other_urls_derive_nothing(given):
    assert oxigraph_urls(given) is None


def test_servers_are_told_apart_by_their_server_header():
    assert server_kind("Oxigraph/0.5.13") == "oxigraph"
    assert server_kind("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu  ") == "virtuoso"
    assert server_kind("Apache-Jena-Fuseki") == server_kind("") == server_kind(None) == "other"


def test_virtuosos_own_graphs_and_staging_graphs_are_not_the_users():
    graphs = ["http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#", "http://localuriqaserver/sparql",
              "http://h:8890/sparql", "urn:timeline:staging:https://timeline.example/kb/graph/links", "https://timeline.example/kb/graph/links"]
    assert users_graphs("virtuoso", graphs, "http://h:8890/sparql") == ["https://timeline.example/kb/graph/links"]
    # On any other server, a graph of that name is the user's own.
    assert users_graphs("other", graphs, "http://h:8890/sparql") == [graph for graph in graphs if not graph.startswith("urn:timeline:staging:")]


def test_virtuosos_booleans_are_read_back_as_booleans():
    boolean = "http://www.w3.org/2001/XMLSchema#boolean"
    document = {"head": {"vars": ["b"]}, "results": {"bindings": [
        {"b": {"type": "literal", "datatype": boolean, "value": "1"}}, {"b": {"type": "literal", "datatype": boolean, "value": 0}},
        {"b": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1"}}]}}
    values = [binding["b"]["value"] for binding in repair_results("virtuoso", document)["results"]["bindings"]]
    assert values == ["true", "false", "1"]


def test_a_graph_is_cut_into_whole_triples():
    text = "".join(f"<urn:s{i}> <urn:p> \"line\\nbreak {i}\" .\n" for i in range(2500))
    chunks = ntriples_chunks(text, 1000)
    assert [chunk.count("\n") for chunk in chunks] == [1000, 1000, 500] and "".join(chunks) == text


def test_only_virtuosos_compiler_errors_are_not_retried():
    assert is_query_error("virtuoso", 500, "Virtuoso 37000 Error SQ156: Internal Optimized compiler error")
    assert not is_query_error("virtuoso", 500, "Virtuoso 08C01 Error CL: Cluster: No connection")
    assert not is_query_error("other", 500, "Virtuoso 37000 Error SQ156")
