"""Values reach a query only as escaped RDF terms in a VALUES block: hostile text finds
nothing and changes nothing, on both engines."""

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from timeline.catalog.binding import bind_values
from timeline.rdf.terms import sparql_term
from timeline.catalog import ParameterError, program_query, run, stored_queries
from timeline.errors import QueryError

HOSTILE = [
    'x" } ; DROP ALL ; #',
    "x' } DELETE WHERE { ?s ?p ?o } #",
    '"""\n} INSERT DATA { <a:b> <a:c> <a:d> } #',
    "Putin\\",
    "> <http://evil/> .",
    "\nSELECT * WHERE { ?s ?p ?o }",
]


def test_terms_are_written_with_their_quotes_escaped():
    assert sparql_term(Literal('x" } ; DROP ALL ; #')) == '"x\\" } ; DROP ALL ; #"'
    assert sparql_term(Literal("a\\b\nc")) == '"a\\\\b\\nc"'
    assert sparql_term(Literal("Xi", lang="en")) == '"Xi"@en'
    assert sparql_term(Literal("2022-01-01", datatype=XSD.date)) == '"2022-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    assert sparql_term(URIRef("http://www.wikidata.org/entity/Q7747")) == "<http://www.wikidata.org/entity/Q7747>"


@pytest.mark.parametrize("iri", ["http://a/> <http://b", "http://a b", 'http://a"', "http://a/{x}"])
def test_an_iri_that_could_break_out_of_its_brackets_is_refused(iri):
    with pytest.raises(QueryError, match="is not a valid IRI"):
        sparql_term(URIRef(iri))


def test_the_values_block_opens_the_where_group_not_a_comment_string_or_iri():
    query = '# WHERE { in a comment\nPREFIX x: <http://x/WHERE>\nSELECT ?s WHERE { ?s ?p "WHERE {" }'
    bound = bind_values(query, {"_v": Literal("1")})
    # The query comes back as the gate parsed it, one token to a line, comments gone.
    assert bound.endswith('SELECT\n?s\nWHERE\n{\n  VALUES (?_v) { ("1") }\n\n?s\n?p\n"WHERE {"\n}')


def test_a_query_without_a_where_group_cannot_take_parameters():
    with pytest.raises(QueryError, match="must have a WHERE"):
        bind_values("CONSTRUCT WHERE { ?s ?p ?o }", {"_v": Literal("1")})


def test_the_where_group_is_found_by_the_parse_when_the_keyword_is_left_out():
    assert bind_values("SELECT * { ?s ?p ?o }", {"_v": Literal("1")}) == 'SELECT\n*\n{\n  VALUES (?_v) { ("1") }\n\n?s\n?p\n?o\n}'


@pytest.mark.parametrize("engine", ["seed_store", "rdflib_store"])
def test_a_parameter_means_its_value_inside_a_sub_select_too(engine, request):
    """A sub-select sees none of the outer group's variables: the values open its WHERE group
    as well, as grlc's substitution of the value for the variable has it (and only the
    parameters: a table of many values stays in the outer group)."""
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?label ?names WHERE { ?_entity rdfs:label ?label . "
        "{ SELECT (COUNT(?name) AS ?names) WHERE { ?_entity rdfs:label ?name } } }"
    )
    putin = URIRef("https://timeline.example/kb/entity/vladimir-putin")
    bound = bind_values(query, {"_entity": putin}, [(["_other"], [[Literal("a")], [Literal("b")]])])
    assert bound.count("VALUES (?_entity)") == 2 and bound.count("VALUES (?_other)") == 1
    rows = request.getfixturevalue(engine).query(bind_values(query, {"_entity": putin})).records()
    assert [(row["label"].value, int(row["names"].value)) for row in rows] == [("Vladimir Putin", 1)]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("engine", ["seed_store", "rdflib_store"])
def test_hostile_text_bound_as_a_string_finds_nothing_and_harms_nothing(value, engine, request):
    store = request.getfixturevalue(engine)
    before = sum(1 for _ in store.quads())
    query = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?item WHERE { ?item rdfs:label ?_text }"
    assert store.query(bind_values(query, {"_text": Literal(value)})).table == []
    assert sum(1 for _ in store.quads()) == before


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_dates_are_refused_before_any_query(value, seed_store):
    with pytest.raises(QueryError, match="Parameter 'from':"):
        run(stored_queries().get("events-between"), {"from": value, "to": "2024"}, seed_store)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_entity_and_event_names_are_looked_up_as_text_and_not_found(value, seed_store):
    with pytest.raises(QueryError, match="No entity matches"):
        run(stored_queries().get("actor-timeline"), {"actor": value}, seed_store)
    with pytest.raises(QueryError, match="No event matches"):
        run(stored_queries().get("sub-events"), {"event": value}, seed_store)


def test_a_stored_query_is_bound_by_its_parameters_names_and_only_by_them():
    """The one way a query gets its values: StoredQuery.bind, by the names its header declares;
    the variable (?_graph) is never spelled by the caller."""
    graph = URIRef("https://timeline.example/kb/graph/entities")
    bound = program_query("graph-triples").bind(graph=graph)
    assert bound.name == "graph-triples"
    assert "VALUES (?_graph) { (<https://timeline.example/kb/graph/entities>) }" in bound.text
    with pytest.raises(ParameterError, match="has no parameter 'graphs'; its parameters are: graph") as unknown:
        program_query("graph-triples").bind(graphs=graph)
    assert unknown.value.parameter == "graphs"
    with pytest.raises(ParameterError, match="needs -p graph VALUE: the named graph") as missing:
        program_query("graph-triples").bind()
    assert missing.value.parameter == "graph"


def test_a_list_is_a_values_table_of_its_own_and_rows_bind_parameters_together():
    items = [URIRef("http://www.wikidata.org/entity/Q7747"), URIRef("http://www.wikidata.org/entity/Q15031")]
    listed = program_query("wikipedia-articles").bind(item=items).text
    assert "VALUES (?_item) { (<http://www.wikidata.org/entity/Q7747>) (<http://www.wikidata.org/entity/Q15031>) }" in listed
    human = URIRef("http://www.wikidata.org/entity/Q5")
    paired = program_query("wikidata-fitting-classes").bind_rows(("item", "expected"), [(items[0], human)]).text
    assert "VALUES (?_item ?_expected) { (<http://www.wikidata.org/entity/Q7747> <http://www.wikidata.org/entity/Q5>) }" in paired


def test_a_bound_stored_query_runs_as_text_on_the_store(seed_store):
    """A store runs the text it is given: the bound query finds Putin by his IRI."""
    putin = URIRef("https://timeline.example/kb/entity/vladimir-putin")
    rows = seed_store.select(program_query("find-entity-by-iri").bind(iri=putin).text).records()
    assert [row["item"].value for row in rows] == [str(putin)]
