"""Stored query headers are parsed strictly, and parameter values resolve to the right terms."""

import json
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


def _cache_entries(folder: Path) -> list[Path]:
    return sorted((folder / "timeline" / "query-headers").glob("*.json"))


def test_a_parsed_header_is_kept_and_an_edited_one_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = _query(tmp_path, GOOD_HEADER)
    first = parse_stored_query(path)
    [entry] = _cache_entries(tmp_path / "cache")
    assert parse_stored_query(path) == first
    assert _cache_entries(tmp_path / "cache") == [entry]

    path.write_text(GOOD_HEADER.replace("Events of one actor.", "Every event of one actor.") + BODY, encoding="utf-8")
    assert parse_stored_query(path).summary == "Every event of one actor."
    assert len(_cache_entries(tmp_path / "cache")) == 2
    # The same text with grlc's variable names required is another parse, with its own checks.
    with pytest.raises(HeaderError, match="grlc"):
        parse_stored_query(path, grlc_variables=True)


def test_a_header_read_from_the_cache_is_the_header_parsed(tmp_path, monkeypatch):
    header = GOOD_HEADER.replace("#+ tags: [demo]\n", "#+ tags: [demo, ünïcode]\n#+ description: >-\n#+   Folded\n#+   text.\n")
    path = _query(tmp_path, header.replace("{actor: Putin}", "{actor: 2024-05-16}"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh"))
    parsed = parse_stored_query(path)
    assert parsed.description == "Folded text." and parsed.example == {"actor": "2024-05-16"}
    assert parse_stored_query(path) == parsed  # from the entry just written


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: "",
        lambda entry: "not json",
        lambda entry: "[]",
        lambda entry: json.dumps({**entry, "parser": "another version"}),
        lambda entry: json.dumps({**entry, "fields": {**entry["fields"], "summary": 7}}),
        lambda entry: json.dumps({**entry, "fields": {**entry["fields"], "parameters": [{"name": "actor"}]}}),
        lambda entry: json.dumps({**entry, "fields": {**entry["fields"], "example": ["actor"]}}),
    ],
)
def test_a_damaged_cache_entry_is_parsed_again(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = _query(tmp_path, GOOD_HEADER)
    parsed = parse_stored_query(path)
    [entry] = _cache_entries(tmp_path / "cache")
    entry.write_text(damage(json.loads(entry.read_text(encoding="utf-8"))), encoding="utf-8")
    assert parse_stored_query(path) == parsed


def _planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, summary: str) -> tuple[Path, Path, dict]:
    """A query parsed once, then its cache entry given another summary: the query, the entry
    and what it holds."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = _query(tmp_path, GOOD_HEADER)
    parse_stored_query(path)
    [entry] = _cache_entries(tmp_path / "cache")
    kept = json.loads(entry.read_text(encoding="utf-8"))
    kept["fields"]["summary"] = summary
    entry.write_text(json.dumps(kept), encoding="utf-8")
    return path, entry, kept


def test_a_cache_entry_is_used_only_for_the_text_it_was_parsed_from(tmp_path, monkeypatch):
    path, entry, kept = _planted(tmp_path, monkeypatch, "A summary the file does not have.")
    assert parse_stored_query(path).summary == "A summary the file does not have."  # the entry is read...
    kept["text"] = kept["text"].replace("?event", "?happening")
    entry.write_text(json.dumps(kept), encoding="utf-8")
    assert parse_stored_query(path).summary == "Events of one actor."  # ...only for its own text


def test_a_broken_header_is_never_kept_and_fails_every_time(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = _query(tmp_path, GOOD_HEADER.replace("type: entity", "type: person"))
    for _ in range(2):
        with pytest.raises(HeaderError, match="has type 'person'"):
            parse_stored_query(path)
    assert _cache_entries(tmp_path / "cache") == []


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    path = _query(tmp_path, GOOD_HEADER)
    assert parse_stored_query(path).summary == parse_stored_query(path).summary == "Events of one actor."


def test_a_relative_cache_home_is_ignored_as_the_xdg_rule_says(tmp_path, monkeypatch):
    from timeline.catalog.header_cache import cache_folder

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache_folder() == tmp_path / ".cache" / "timeline" / "query-headers"


def test_a_cache_folder_others_may_write_in_is_never_read(tmp_path, monkeypatch):
    """An entry says what a query's parameters are: one another user could have planted is
    not trusted."""
    path, entry, _ = _planted(tmp_path, monkeypatch, "Planted.")
    assert parse_stored_query(path).summary == "Planted."  # the user's own folder is read...
    entry.parent.chmod(0o777)
    assert parse_stored_query(path).summary == "Events of one actor."  # ...one anyone may write in is not
