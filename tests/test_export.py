"""Exports are deterministic, round-trip to the same graph, parse in an independent parser,
and let a client that knows only the standard vocabularies answer who, what, when, where
and according to which words."""

import os
import subprocess
import sys

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from timeline.rdf.model import NamedNode
from timeline.rdf.prefixes import graph_name
from timeline.store.terms import triple_from_oxigraph
from timeline.store.transfer import RDF_FORMATS as EXPORT_FORMATS
from timeline.store.transfer import export


def graph_named(name: str) -> NamedNode:
    """The named graph of a part of the knowledge base, as stores name graphs."""
    return NamedNode(graph_name(name))


RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig", "jsonld": "json-ld"}


def _parse(text: str, output_format: str) -> Graph:
    if output_format in ("nquads", "trig"):
        dataset = Dataset()
        dataset.parse(data=text, format=RDFLIB_FORMATS[output_format])
        union = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    graph = Graph()
    graph.parse(data=text, format=RDFLIB_FORMATS[output_format])
    return graph


@pytest.fixture(scope="module")
def loaded(seed_store) -> Graph:
    graph = Graph()
    for quad in seed_store.quads():
        graph.add(triple_from_oxigraph(quad))
    return graph


@pytest.mark.parametrize("output_format", EXPORT_FORMATS)
def test_an_export_parses_back_to_the_graph_that_was_loaded(output_format, seed_store, loaded):
    text = export(seed_store, output_format=output_format)
    assert isomorphic(_parse(text, output_format), loaded)


@pytest.mark.parametrize("output_format", EXPORT_FORMATS)
def test_two_exports_in_fresh_processes_give_the_same_bytes(output_format, tmp_path):
    outputs = []
    for seed in ("1", "2"):
        path = tmp_path / f"export-{seed}"
        subprocess.run(
            [sys.executable, "-m", "timeline", "export", "--format", output_format, "-o", str(path)],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
        )
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1]


def test_the_turtle_export_parses_in_oxigraph_with_the_same_triple_count(seed_store, loaded):
    import pyoxigraph

    text = export(seed_store, output_format="turtle")
    triples = list(pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(loaded) == 2962


def test_nquads_keep_each_part_in_its_own_named_graph(seed_store):
    text = export(seed_store, output_format="nquads")
    graphs = {line.rsplit(" ", 2)[-2] for line in text.splitlines()}
    assert graphs == {
        "<https://timeline.example/kb/graph/ontology>",
        "<https://timeline.example/kb/graph/sources>",
        "<https://timeline.example/kb/graph/entities>",
        "<https://timeline.example/kb/graph/events/xi-putin-beijing-2024-05>",
        "<https://timeline.example/kb/graph/links>",
    }


def test_parts_pick_graphs(seed_store):
    only_entities = _parse(export(seed_store, ["entities"], "turtle"), "turtle")
    assert len(only_entities) == 68
    assert len(_parse(export(seed_store, ["links"], "turtle"), "turtle")) == 15
    text = export(seed_store, ["ontology"], "turtle")
    assert "owl:versionInfo" in text and "oa:exact" not in text


def test_turtle_uses_only_the_project_prefixes(seed_store):
    text = export(seed_store, output_format="turtle")
    declared = [line.split()[1] for line in text.splitlines() if line.startswith("@prefix")]
    assert declared == sorted(declared)
    assert not any(prefix.startswith("ns") for prefix in declared)


def test_jsonld_carries_the_hand_written_context(seed_store):
    import json

    document = json.loads(export(seed_store, ["entities", "links"], "jsonld"))
    assert document["@context"]["sem"] == "http://semanticweb.cs.vu.nl/2009/11/sem/"
    putin = next(node for node in document["@graph"] if node["@id"] == "entity:vladimir-putin")
    assert putin["owl:sameAs"] == [{"@id": "wd:Q7747"}]


STANDARD_ONLY = """
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?event ?what ?when ?unit ?who ?words ?text WHERE {
  ?event a sem:Event ; rdfs:label ?what ; sem:hasBeginTimeStamp ?when ;
         time:hasTime/time:hasBeginning/time:inDateTime/time:unitType ?unit ;
         sem:hasActor/rdfs:label ?who ;
         prov:wasDerivedFrom ?source .
  ?annotation oa:hasBody ?event ;
              oa:hasTarget [ oa:hasSource ?source ; oa:hasSelector [ oa:exact ?words ] ] .
  ?source nif:isString ?text .
}
"""


def test_a_client_knowing_only_standard_vocabularies_answers_who_what_when_and_which_words(seed_store):
    graph = _parse(export(seed_store, ["sources", "entities", "events", "links"], "turtle"), "turtle")
    events = {str(row[0]) for row in graph.query("SELECT ?e WHERE { ?e a <http://semanticweb.cs.vu.nl/2009/11/sem/Event> }")}
    answered = {str(row.event) for row in graph.query(STANDARD_ONLY) if str(row.words) in str(row.text)}
    assert len(events) == 24
    assert answered == events
    # Where: every place is labelled, and every place but Moscow, Serbia and Hungary (no
    # checked item) is linked to Wikidata.
    places = graph.query(
        "SELECT DISTINCT ?place ?name ?wikidata WHERE { ?e <http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace> ?place . "
        "?place <http://www.w3.org/2000/01/rdf-schema#label> ?name "
        "OPTIONAL { ?place <http://www.w3.org/2002/07/owl#sameAs> ?wikidata } }"
    )
    unlinked = sorted(str(row.name) for row in places if row.wikidata is None)
    assert unlinked == ["Hungary", "Moscow", "Serbia"]


def test_a_graph_written_by_oxigraph_has_the_bytes_timeline_writes(tmp_path):
    """The embedded store lets Oxigraph write N-Quads lines; every kind of term, control
    characters and all, must come out as timeline.rdf.terms writes it."""
    from rdflib import BNode, Literal
    from rdflib.namespace import XSD

    from timeline.rdf.terms import ntriples_term
    from timeline.rdf.writers import ntriples
    from timeline.store import StoreLocation, open_store

    graph = NamedNode("https://timeline.example/kb/graph/test-data")
    subject = URIRef("https://timeline.example/kb/event/test-data")
    objects = [
        Literal("plain"), Literal("tab\there, quote \" backslash \\ newline\n return\r"), Literal("controls \x00\x01\x08\x0c\x1b\x7f end"),
        Literal("é ü 中 😀"), Literal("hello", lang="en-gb"), Literal("42", datatype=XSD.integer), Literal("2024-05", datatype=XSD.gYearMonth),
        URIRef("https://timeline.example/kb/entity/x"), BNode("b0"),
    ]
    triples = [(subject, URIRef(f"https://timeline.example/ontology#p{index}"), value) for index, value in enumerate(objects)]
    store = open_store(StoreLocation(str(tmp_path / "store")), writable=True)
    store.replace_graph(graph, ntriples(triples))
    written = sorted(" ".join(ntriples_term(term) for term in (*triple_from_oxigraph(quad), URIRef(graph.value))) + " .\n" for quad in store.quads([graph]))
    assert store.graph_nquads(graph) == "".join(written)
    assert "\\u0000\\u0001\\b\\f\\u001B\\u007F" in store.graph_nquads(graph)


@pytest.mark.parametrize("piece_size", [1, 7, 4096, 1 << 20])
def test_trig_written_a_graph_at_a_time_is_the_same_whatever_the_size_of_its_pieces(piece_size, seed_store):
    """The graphs wait in a temporary file until the prefixes are known; read back in pieces
    of any size (characters, not bytes: the seed has non-ASCII text), the file is the same."""
    from timeline.rdf.writers import ntriples_statements, trig_pieces

    graphs = seed_store.graphs()
    text = "".join(trig_pieces(((str(graph), ntriples_statements(seed_store.graph_ntriples(graph))) for graph in graphs), piece_size))
    assert text == export(seed_store, output_format="trig")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert any(ord(character) > 127 for character in text)
    assert "".join(trig_pieces([], piece_size)) == "\n"


@pytest.mark.parametrize(("fan_in", "run_chars", "chunk"), [(2, 1, 1), (3, 1, 30), (256, 1, 1 << 18), (2, 60, 1), (64, 1 << 24, 1 << 18)])
def test_the_merged_union_of_sorted_runs_is_every_distinct_line_once_in_order(fan_in, run_chars, chunk, monkeypatch):
    """N-Triples exports merge each graph's sorted lines through temporary files: texts are
    gathered into runs of `run_chars`, and with a small fan-in the merge takes several passes,
    each reading `chunk` bytes of a file at a time. Lines that are prefixes of others,
    duplicates across runs and within a chunk, non-ASCII text and the line separators a
    literal holds unescaped (U+2028, U+0085) all land where sorting the union would put them."""
    from timeline.rdf import sorted_lines

    monkeypatch.setattr(sorted_lines._distinct_merge, "__defaults__", (chunk,))
    runs = [["<a> <p> \"x\" .", "<a> <p> \"xy\" .", "<b> <p> \"Пекин\" ."], ["<a> <p> \"x\" .", "<c> <p> <d> ."], [],
            ["<a> <p> \"xy\" .", "<b> <p> \"Пекин\" .", "<b> <q> \"北京\" ."], ["<0> <p> <a> ."],
            ["<a> <p> \"x\u2028y\" .", "<a> <p> \"x\x85y\" .", "<c> <p> <d> ."]]
    texts = ["".join(line + "\n" for line in sorted(run)) for run in runs]
    expected = "".join(line + "\n" for line in sorted({line for run in runs for line in run}))
    assert "".join(sorted_lines.merged_lines(texts, fan_in, run_chars)) == expected


ODD_LITERALS = [
    'tab\there, quote " backslash \\ newline\n return\r', "controls \x00\x01\x08\x0c\x1b\x7f end", "separators \u2028 \x85 \u2029",
    "é ü 中 😀", "",
]


def test_every_format_writes_odd_terms_that_parse_back_to_themselves(tmp_path):
    """Test data: literals with every kind of escape, unescaped line separators, languages,
    datatypes (integers and booleans in their short form and not), several values for a
    predicate, a blank node and IRIs the prefixes fit and do not. Every export format parses
    back (rdflib) to the triples that were stored."""
    from rdflib import BNode, Literal
    from rdflib.namespace import XSD

    from timeline.rdf.writers import ntriples
    from timeline.store.embedded import EmbeddedStore

    subject = URIRef("https://timeline.example/kb/event/test-data")
    values = [Literal(text) for text in ODD_LITERALS] + [
        Literal("hello", lang="en-gb"), Literal("hello", lang="en"), Literal("42", datatype=XSD.integer), Literal("042", datatype=XSD.integer),
        Literal("4.2", datatype=XSD.decimal), Literal("true", datatype=XSD.boolean), Literal("1", datatype=XSD.boolean),
        Literal("x", datatype=URIRef("https://ex.org/type#odd")), URIRef("https://timeline.example/kb/entity/x"),
        URIRef("https://timeline.example/kb/entity/x/y"), URIRef("https://ex.org/a.b."), BNode("b0"),
    ]
    triples = [(subject, URIRef("https://timeline.example/ontology#many"), value) for value in values]
    triples += [(BNode("b0"), URIRef("https://timeline.example/ontology#one"), Literal(text)) for text in ODD_LITERALS[:1]]
    store = EmbeddedStore()
    store.replace_graph(graph_named("entities"), ntriples(triples))
    expected = Graph()
    for triple in triples:
        expected.add(triple)
    for output_format in EXPORT_FORMATS:
        text = export(store, output_format=output_format)
        assert isomorphic(_parse(text, output_format), expected), output_format


def test_the_jsonld_export_is_what_json_dumps_writes_of_it(seed_store, tmp_path):
    """The JSON-LD writer writes each node's text itself (json.dumps took most of an export's
    time); the document must be byte for byte what json.dumps(indent=2) writes of it, on the
    seed and on test data with every kind of escape."""
    import json

    from rdflib import Literal

    from timeline.rdf.writers import ntriples
    from timeline.store.embedded import EmbeddedStore

    store = EmbeddedStore()
    subject = URIRef("https://timeline.example/kb/event/test-data")
    store.replace_graph(graph_named("entities"), ntriples([(subject, URIRef("https://ex.org/p"), Literal(text)) for text in ODD_LITERALS]))
    for text in (export(seed_store, output_format="jsonld"), export(store, output_format="jsonld")):
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"


def test_the_ntriples_export_is_the_in_memory_writers_bytes(seed_store):
    from timeline.rdf.writers import ntriples

    assert export(seed_store, output_format="ntriples") == ntriples(triple_from_oxigraph(quad) for quad in seed_store.quads())


@pytest.mark.parametrize("batch_lines", [1, 50, 20_000])
def test_turtle_and_jsonld_merged_by_subject_are_the_in_memory_writers_bytes(batch_lines, seed_store):
    """The union formats come from each graph's lines merged by subject, in batches that never
    split a subject (blank nodes, which sort after IRIs, included); however small the batches,
    the bytes are those of writing every triple at once."""
    from timeline.rdf.writers import jsonld, jsonld_pieces, turtle, turtle_pieces
    from timeline.store.transfer import json_ld_context, statements_by_subject

    everything = {triple_from_oxigraph(quad) for quad in seed_store.quads()}
    graphs = seed_store.graphs()
    assert "".join(turtle_pieces(statements_by_subject((seed_store.graph_ntriples(graph) for graph in graphs), batch_lines))) == turtle(everything)
    assert "".join(jsonld_pieces(statements_by_subject((seed_store.graph_ntriples(graph) for graph in graphs), batch_lines), json_ld_context())) == jsonld(everything, json_ld_context())
    assert "".join(turtle_pieces([])) == turtle([]) and "".join(jsonld_pieces([], json_ld_context())) == jsonld([], json_ld_context())


def test_the_union_formats_merge_a_subject_spread_over_graphs_and_keep_blank_nodes_last(tmp_path):
    """Test data: two graphs share a subject and a triple; an IRI is a prefix of another; a
    blank node is a subject."""
    from timeline.rdf.writers import jsonld, ntriples, turtle
    from timeline.store.embedded import EmbeddedStore
    from timeline.store.transfer import json_ld_context

    store = EmbeddedStore()
    store.replace_graph(graph_named("entities"),
                        '<https://ex.org/a/b> <https://ex.org/p> "1" .\n_:b1 <https://ex.org/p> <https://ex.org/a> .\n')
    store.replace_graph(graph_named("links"),
                        '<https://ex.org/a/b> <https://ex.org/p> "1" .\n<https://ex.org/a/b> <https://ex.org/q> "Пекин"@ru .\n'
                        '<https://ex.org/a> <https://ex.org/p> "2" .\n')
    everything = {triple_from_oxigraph(quad) for quad in store.quads()}
    assert len(everything) == 4
    assert export(store, output_format="turtle") == turtle(everything)
    assert export(store, output_format="jsonld") == jsonld(everything, json_ld_context())
    assert export(store, output_format="ntriples") == ntriples(everything)
    assert export(store, output_format="turtle").rstrip().endswith('<https://ex.org/a> .')  # the blank node's paragraph last


def test_every_namespace_of_the_prefix_table_ends_in_a_slash_or_a_hash():
    """The Turtle writer finds an IRI's prefix at its last "/" or "#", which finds every prefix
    the table can fit only while every namespace ends in one of them."""
    from timeline.rdf.prefixes import PREFIXES

    assert all(namespace.endswith(("/", "#")) for namespace in PREFIXES.values())
