"""Stored query headers are parsed strictly, and parameter values resolve to the right terms."""

from pathlib import Path

import pytest
from timeline.catalog import Catalog, HeaderError, Parameter, ParameterType, parse_stored_query, resolve_value
from timeline.errors import QueryError
from timeline.rdf.model import XSD_DATE, Literal, NamedNode

BODY = "SELECT ?event WHERE { ?event ?p ?_actor }\n"


def _query(tmp_path: Path, header: str, body: str = BODY, name: str = "demo") -> Path:
    path = tmp_path / f"{name}.rq"
    path.write_text(header + body, encoding="utf-8")
    return path


GOOD_HEADER = """#+ summary: Events of one actor.
#+ tags: [demo]
#+ params:
#+   - name: actor
#+     type: entity
#+     description: the actor
#+ example: {actor: Putin}
"""


def test_a_good_header_gives_summary_tags_parameters_and_example(tmp_path):
    query = parse_stored_query(_query(tmp_path, GOOD_HEADER))
    assert query.summary == "Events of one actor."
    assert query.tags == ("demo",)
    assert query.parameters == (Parameter("actor", ParameterType.ENTITY, "the actor"),)
    assert query.example_command() == "timeline query demo -p actor Putin"


@pytest.mark.parametrize(
    ("header", "body", "message"),
    [
        ("", BODY, "queries/demo.rq: the query must open with a `#+ summary: ...` header"),
        ("#+ summary: [unclosed\n", BODY, "queries/demo.rq: the `#+` header is not valid YAML"),
        ("#+ tags: [demo]\n", "SELECT * WHERE { ?s ?p ?o }", "queries/demo.rq: the header needs a one-line `summary:`"),
        ("#+ summary: x\n#+ sumary: y\n", "SELECT * WHERE { ?s ?p ?o }", "queries/demo.rq: unknown header key 'sumary'"),
        ("#+ summary: x\n#+ tags: demo\n", "SELECT * WHERE { ?s ?p ?o }", "queries/demo.rq: `tags:` must be a list"),
        ("#+ summary: x\n", BODY, "queries/demo.rq: the query uses ?_actor, which no `params:` entry declares"),
        (
            GOOD_HEADER,
            "SELECT * WHERE { ?s ?p ?o }",
            "queries/demo.rq: parameter 'actor' is declared but the query never uses ?_actor",
        ),
        (GOOD_HEADER.replace("type: entity", "type: person"), BODY, "queries/demo.rq: parameter 'actor' has type 'person'"),
        (GOOD_HEADER.replace("#+ example: {actor: Putin}\n", ""), BODY, "queries/demo.rq: `example:` must give a value for every parameter"),
        (GOOD_HEADER.replace("#+     description: the actor\n", ""), BODY, "queries/demo.rq: each `params:` entry has exactly the keys"),
    ],
)
def test_a_bad_header_is_an_error_not_empty_metadata(tmp_path, header, body, message):
    with pytest.raises(HeaderError) as caught:
        parse_stored_query(_query(tmp_path, header, body))
    assert str(caught.value).startswith(message.replace("queries/", f"{tmp_path.name}/"))


GRLC_BODY = "SELECT ?event WHERE { ?event ?p ?_actor_iri }\n"


def test_the_users_catalogue_names_each_parameter_as_grlc_types_it(tmp_path):
    query = parse_stored_query(_query(tmp_path, GOOD_HEADER, GRLC_BODY), grlc_variables=True)
    assert query.parameters == (Parameter("actor", ParameterType.ENTITY, "the actor", "_actor_iri"),)
    dates = GOOD_HEADER.replace("type: entity", "type: start-date").replace("Putin", "2024-05")
    assert parse_stored_query(_query(tmp_path, dates, "SELECT * WHERE { ?s ?p ?o FILTER(?o >= ?_actor_xsd_date) }\n"),
                              grlc_variables=True).parameters[0].variable == "_actor_xsd_date"


@pytest.mark.parametrize(
    ("header", "body", "message"),
    [
        (GOOD_HEADER, BODY, "demo.rq: parameter 'actor' is declared but the query never uses ?_actor_iri (grlc's name for an IRI)"),
        (GOOD_HEADER.replace("type: entity", "type: end-date").replace("Putin", "2024"), BODY,
         "demo.rq: parameter 'actor' is declared but the query never uses ?_actor_xsd_date (grlc's name for an xsd:date)"),
        (GOOD_HEADER.replace("name: actor", "name: the_actor").replace("{actor:", "{the_actor:"),
         "SELECT ?event WHERE { ?event ?p ?_the_actor_iri }\n",
         "demo.rq: parameter name 'the_actor' must be lower-case letters and digits (grlc reads _ as a type suffix)"),
    ],
)
def test_a_users_query_whose_variable_grlc_would_misread_is_refused(tmp_path, header, body, message):
    with pytest.raises(HeaderError) as caught:
        parse_stored_query(_query(tmp_path, header, body), grlc_variables=True)
    assert str(caught.value) == f"{tmp_path.name}/{message}"


def test_a_file_name_that_is_not_a_command_name_is_refused(tmp_path):
    with pytest.raises(HeaderError, match="lower-case words joined by hyphens"):
        parse_stored_query(_query(tmp_path, GOOD_HEADER, name="Demo_Query"))


def test_an_unknown_query_name_says_how_to_list_them(tmp_path):
    with pytest.raises(QueryError) as caught:
        Catalog(tmp_path).get("nope")
    assert str(caught.value) == "No stored query named 'nope'. Run `timeline queries` to list them."


ACTOR = Parameter("actor", ParameterType.ENTITY, "the actor")
EVENT = Parameter("event", ParameterType.EVENT, "the event")
PUTIN = NamedNode("https://timeline.example/kb/entity/vladimir-putin")


@pytest.mark.parametrize(
    "text",
    ["Putin", "putin", "Vladimir Putin", "vladimir-putin", "Q7747", "wd:Q7747", "entity:vladimir-putin", PUTIN.value,
     "http://www.wikidata.org/entity/Q7747"],
)
def test_an_entity_can_be_named_by_label_alias_id_iri_or_wikidata_id(text, seed_store):
    assert resolve_value(ACTOR, text, seed_store) == PUTIN


def test_places_resolve_too(seed_store):
    assert resolve_value(ACTOR, "Harbin", seed_store) == NamedNode("https://timeline.example/kb/entity/harbin")


def test_an_event_can_be_named_by_id_label_or_wikidata_id(seed_store):
    invasion = NamedNode("https://timeline.example/kb/event/russian-invasion-of-ukraine")
    assert resolve_value(EVENT, "russian-invasion-of-ukraine", seed_store) == invasion
    assert resolve_value(EVENT, "Russian invasion of Ukraine", seed_store) == invasion
    assert resolve_value(EVENT, "Q110999040", seed_store) == invasion


def test_a_label_with_a_colon_is_looked_up_as_a_label_not_as_a_prefixed_name(seed_store):
    # Regression: "Xi: ..." was taken for a prefixed IRI and refused as an invalid IRI.
    label = "Xi: the Sino-Russian relationship has stood the test of changing international dynamics"
    assert resolve_value(EVENT, label, seed_store) == NamedNode(
        "https://timeline.example/kb/event/xi-opening-remarks-model-relationship-2024"
    )


def test_an_unknown_entity_says_where_to_look(seed_store):
    with pytest.raises(QueryError) as caught:
        resolve_value(ACTOR, "Lenin", seed_store)
    assert str(caught.value) == "No entity matches 'Lenin' for parameter 'actor'. Run `timeline query entities` to see them."


def test_dates_are_bound_as_the_first_or_last_day_they_can_mean(seed_store):
    start = Parameter("from", ParameterType.START_DATE, "")
    end = Parameter("to", ParameterType.END_DATE, "")
    assert resolve_value(start, "2022", seed_store) == Literal("2022-01-01", datatype=XSD_DATE)
    assert resolve_value(end, "2022", seed_store) == Literal("2022-12-31", datatype=XSD_DATE)
    assert resolve_value(end, "2024-02", seed_store) == Literal("2024-02-29", datatype=XSD_DATE)
    with pytest.raises(QueryError, match="Parameter 'from': 'May 2024' is not a date"):
        resolve_value(start, "May 2024", seed_store)


@pytest.mark.parametrize("name", ["../outside", "sub/../../outside", "/tmp/outside", "outside\x00", "checks/../../outside"])
def test_a_query_name_never_reads_a_file_outside_the_catalogue(tmp_path, name):
    """A catalogue reads a query's file when it is asked for by name (the CLI's NAME, the web
    API's /queries/NAME): a name is a local id, never a path."""
    folder = tmp_path / "queries"
    folder.mkdir()
    _query(folder, GOOD_HEADER, name="inside")
    _query(tmp_path, GOOD_HEADER, name="outside")
    catalog = Catalog(folder)
    with pytest.raises(QueryError, match="No stored query named"):
        catalog.get(name)
    assert catalog.get("inside").name == "inside"
