"""Linking against a real SPARQL server on 127.0.0.1 (Oxigraph, loaded with a Wikidata-shaped
fixture) and against servers that fail on purpose. No test reaches the internet."""

import re
import shlex
from pathlib import Path

import pytest

from sparql_servers import EMPTY_RESULTS, OxigraphServer, ScriptedServer, SilentServer
from timeline.cli import cli
from timeline.store.endpoint_access import EndpointError, EndpointSettings
from timeline.store.sparql_client import Endpoint
from timeline.linking import local_items, verify
from timeline.store import StoreLocation, open_store
from wikidata_fixture import wikidata_fixture


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wikidata")
    data = folder / "wikidata.ttl"
    data.write_text(wikidata_fixture(), encoding="utf-8")
    server = OxigraphServer(data, folder).start()
    yield server
    server.stop()


def _csv_rows(output: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(output)))[1:]


def test_verify_confirms_every_curated_link(runner, wikidata):
    result = runner.invoke(cli, ["link", "verify", "--endpoint", wikidata.url, "--format", "csv"])
    rows = _csv_rows(result.output)
    assert result.exit_code == 0, result.output
    assert len(rows) == 15
    assert {row[2] for row in rows} == {"confirmed"}
    harbin = next(row for row in rows if row[0] == "harbin")
    assert harbin[1:4] == ["wd:Q42956", "confirmed", "Harbin"]
    assert "class fits: city (Q515)" in harbin[4]
    invasion = next(row for row in rows if row[0] == "russian-invasion-of-ukraine")
    assert invasion[4].endswith("no class is expected of this kind; checked by name only")


def test_verify_flags_exactly_the_link_with_a_wrong_item(runner, wikidata, kb_copy, edit):
    edit(kb_copy / "links.toml", 'harbin = "Q42956"', 'harbin = "Q956"')  # Beijing's item
    runner.invoke(cli, ["--kb", str(kb_copy), "build"])
    result = runner.invoke(cli, ["--kb", str(kb_copy), "link", "verify", "--endpoint", wikidata.url, "--format", "csv"])
    assert result.exit_code == 1
    flagged = [row for row in _csv_rows(result.output) if row[2] != "confirmed"]
    assert [row[:3] for row in flagged] == [["harbin", "wd:Q956", "doubtful"]]
    assert flagged[0][4] == "its names ('Beijing', 'Peking') match neither 'Harbin' nor its aliases; class fits: city (Q515)"


def test_verify_flags_a_class_that_does_not_fit_and_an_item_the_endpoint_lacks(runner, wikidata, kb_copy, edit):
    edit(kb_copy / "links.toml", 'xi-jinping = "Q15031"', 'xi-jinping = "Q148"')
    edit(kb_copy / "links.toml", 'paris = "Q90"', 'paris = "Q99999999"')
    runner.invoke(cli, ["--kb", str(kb_copy), "build"])
    result = runner.invoke(cli, ["--kb", str(kb_copy), "link", "verify", "--endpoint", wikidata.url, "--format", "csv"])
    flagged = {row[0]: row for row in _csv_rows(result.output) if row[2] != "confirmed"}
    assert sorted(flagged) == ["paris", "xi-jinping"]
    assert flagged["paris"][2:] == ["missing", "", "the endpoint knows nothing of Q99999999"]
    assert "a person should be a human (Q5), or a subclass; its classes are sovereign state (Q3624078)" in flagged["xi-jinping"][4]


def test_suggest_ranks_the_right_item_first_and_proposes_nothing_it_cannot_back(runner, wikidata):
    result = runner.invoke(cli, ["link", "suggest", "--endpoint", wikidata.url, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = _csv_rows(result.stdout)
    firsts = {row[0]: row[2] for row in rows if row[1] == "1"}
    assert firsts == {"moscow": "wd:Q90000001", "serbia": "wd:Q90000003"}
    moscow = [row for row in rows if row[0] == "moscow"]
    assert [row[2] for row in moscow] == ["wd:Q90000001", "wd:Q90000002"]
    assert float(moscow[0][3]) > float(moscow[1][3])
    assert moscow[0][6] == (
        "label 'Moscow' matches; instance of city (Q515); 260 sitelinks (most among the candidates: 260); "
        "its country is linked in the knowledge base"
    )
    # The historical country matches "Serbia" by alias but is not a country: not proposed.
    assert "wd:Q90000004" not in {row[2] for row in rows}
    assert "No candidate for hungary (Hungary)." in result.stderr


def test_suggest_for_a_person_puts_the_namesake_below(runner, wikidata, kb_copy, edit):
    edit(kb_copy / "links.toml", 'vladimir-putin = "Q7747"\n', "")
    runner.invoke(cli, ["--kb", str(kb_copy), "build"])
    result = runner.invoke(cli, ["--kb", str(kb_copy), "link", "suggest", "--endpoint", wikidata.url, "--entity", "vladimir-putin", "-f", "csv"])
    assert [row[2] for row in _csv_rows(result.stdout)] == ["wd:Q7747", "wd:Q90000005"]


def test_accept_writes_one_line_per_link_and_never_overwrites_silently(runner, wikidata, kb_copy):
    links = kb_copy / "links.toml"
    before = links.read_text(encoding="utf-8").splitlines()
    result = runner.invoke(cli, ["--kb", str(kb_copy), "link", "suggest", "--endpoint", wikidata.url, "--accept"])
    assert result.exit_code == 0, result.output
    after = links.read_text(encoding="utf-8").splitlines()
    added = [line for line in after if line not in before]
    assert [line.split("  #")[0] for line in added] == ['moscow = "Q90000001"', 'serbia = "Q90000003"']
    assert all(f"from `timeline link suggest` at {wikidata.url}" in line for line in added)
    assert after.index(added[0]) == after.index('heilongjiang = "Q19206"') + 1  # kept sorted
    # The RDF was rebuilt, and the new links verify.
    assert runner.invoke(cli, ["--kb", str(kb_copy), "link", "verify", "--endpoint", wikidata.url]).exit_code == 0
    # Accepting a different item for a curated link is refused, and nothing changes.
    refused = runner.invoke(cli, ["--kb", str(kb_copy), "link", "suggest", "--endpoint", wikidata.url, "--entity", "moscow"])
    assert refused.exit_code == 2 and "is already linked" in refused.output
    assert links.read_text(encoding="utf-8").splitlines() == after


def test_choosing_another_candidate_needs_replace(runner, wikidata, kb_copy):
    arguments = ["--kb", str(kb_copy), "link", "suggest", "--endpoint", wikidata.url, "--entity", "moscow", "--accept"]
    assert runner.invoke(cli, arguments).exit_code == 0
    refused = runner.invoke(cli, [*arguments[:-1], "--entity", "moscow"])
    assert refused.exit_code == 2


def test_a_hostile_entity_name_cannot_change_the_query(runner, wikidata, kb_copy, edit):
    edit(kb_copy / "entities.toml", 'label = "Moscow"', 'label = "Moscow\\" } ; DROP ALL ; #\\n>"')
    runner.invoke(cli, ["--kb", str(kb_copy), "build"])
    result = runner.invoke(cli, ["--kb", str(kb_copy), "link", "suggest", "--endpoint", wikidata.url, "--entity", "moscow", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert _csv_rows(result.stdout) == []


def test_dbpedia_links_come_from_english_wikipedia_articles(runner, wikidata, kb_copy):
    result = runner.invoke(cli, ["--kb", str(kb_copy), "link", "dbpedia", "--endpoint", wikidata.url, "--accept", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert _csv_rows(result.stdout) == [
        ["harbin", "wd:Q42956", "http://dbpedia.org/resource/Harbin"],
        ["xi-jinping", "wd:Q15031", "http://dbpedia.org/resource/Xi_Jinping"],
    ]
    assert 'harbin = "Harbin"' in (kb_copy / "links.toml").read_text(encoding="utf-8")
    answer = runner.invoke(cli, ["--kb", str(kb_copy), "sparql", "ASK { entity:harbin owl:sameAs <http://dbpedia.org/resource/Harbin> }"])
    assert answer.output == "true\n"
    # Regression: the shapes and the link check once allowed only Wikidata links.
    assert runner.invoke(cli, ["--kb", str(kb_copy), "validate"]).exit_code == 0


def test_enrich_adds_facts_with_provenance_and_a_second_run_works_offline(runner, kb_copy, tmp_path):
    data = tmp_path / "wikidata.ttl"
    data.write_text(wikidata_fixture(), encoding="utf-8")
    server = OxigraphServer(data, tmp_path).start()
    try:
        first = runner.invoke(cli, ["--kb", str(kb_copy), "link", "enrich", "--endpoint", server.url])
    finally:
        server.stop()
    assert first.exit_code == 0, first.output
    assert first.output.startswith("Fetched 15 items, took 0 from the cache: 8 facts in")
    provenance = runner.invoke(cli, ["--kb", str(kb_copy), "sparql", "-f", "csv",
        "SELECT ?endpoint WHERE { graph:enrichment\\/wikidata prov:wasGeneratedBy ?run . ?run prov:used ?endpoint ; tl:sparqlQuery ?q "
        "FILTER(STRSTARTS(STR(?endpoint), 'http://127.0.0.1')) } GROUP BY ?endpoint"])
    assert provenance.stdout_bytes.decode().splitlines()[1] == server.url
    second = runner.invoke(cli, ["--kb", str(kb_copy), "link", "enrich", "--endpoint", server.url])
    assert second.exit_code == 0, second.output
    assert second.output.startswith("Fetched 0 items, took 15 from the cache: 8 facts in")
    shown = runner.invoke(cli, ["--kb", str(kb_copy), "sparql", "-f", "csv", "SELECT ?where WHERE { wd:Q42956 <http://www.wikidata.org/prop/direct/P625> ?where }"])
    assert shown.stdout_bytes == b"where\r\nPoint(126.63 45.75)\r\n"
    without = runner.invoke(cli, ["--kb", str(kb_copy), "export", "--part", "events"]).output
    assert "P625" not in without
    assert "P625" in runner.invoke(cli, ["--kb", str(kb_copy), "export", "--part", "enrichment"]).output


def test_every_link_command_example_runs(runner, wikidata, kb_copy, monkeypatch):
    monkeypatch.chdir(kb_copy.parent)
    for command in ("verify", "suggest", "dbpedia", "enrich"):
        help_text = runner.invoke(cli, ["link", command, "-h"]).output
        (example,) = re.findall(r"^\s+(timeline .+)$", help_text.split("Example", 1)[1], flags=re.MULTILINE)
        arguments = shlex.split(example.replace("http://localhost:7878/query", wikidata.url))[1:]
        if "--kb" not in arguments:
            arguments = ["--kb", "kb", *arguments]
        assert runner.invoke(cli, arguments).exit_code == 0, example


@pytest.mark.parametrize("name", ["people-from-wikidata", "places-from-wikidata"])
def test_federated_stored_queries_join_the_local_timeline_with_the_endpoint(name, wikidata, seed_store, rdflib_store):
    from timeline.catalog import run, stored_queries
    from timeline.views.results import format_result

    from rdflib import Literal

    from timeline.store.terms import rdflib_rows

    def values(result):  # rdflib respells remote literals (a dateTime's Z as +00:00): compare values
        return [{k: v.toPython() if isinstance(v, Literal) else v for k, v in row.items()} for row in rdflib_rows(result)]

    query = stored_queries().get(name)
    oxigraph_result = run(query, {"endpoint": wikidata.url}, seed_store)
    assert values(oxigraph_result) == values(run(query, {"endpoint": wikidata.url}, rdflib_store))
    on_oxigraph = format_result(oxigraph_result, "tsv")
    expected = Path(__file__).parent / "expected" / f"{name}.tsv"
    if __import__("os").environ.get("TIMELINE_UPDATE_EXPECTED"):
        expected.write_text(on_oxigraph, encoding="utf-8")
    assert on_oxigraph == expected.read_text(encoding="utf-8")


def test_a_federated_query_refuses_an_endpoint_that_is_not_a_url(runner):
    result = runner.invoke(cli, ["query", "people-from-wikidata", "-p", "endpoint", "> } DROP ALL"])
    assert (result.exit_code, result.output) == (2, "Error: Parameter 'endpoint': '> } DROP ALL' is not an IRI.\n")


# ---- faults ---------------------------------------------------------------------------------


def _endpoint(url: str, **settings) -> tuple[Endpoint, list[float]]:
    waits: list[float] = []
    return Endpoint(EndpointSettings(url=url, **settings), sleep=waits.append), waits


RESULTS = (200, {"Content-Type": "application/sparql-results+json"}, EMPTY_RESULTS)


def test_a_429_is_honoured_with_its_retry_after():
    server = ScriptedServer([(429, {"Retry-After": "3"}, b"slow down"), RESULTS])
    try:
        endpoint, waits = _endpoint(server.url)
        assert endpoint.select("SELECT * WHERE { ?s ?p ?o }") == []
    finally:
        server.stop()
    assert waits == [3.0]
    assert len(server.requests) == 2


def test_a_429_asking_too_long_a_wait_is_a_clear_error():
    server = ScriptedServer([(429, {"Retry-After": "3600"}, b"")])
    try:
        endpoint, waits = _endpoint(server.url)
        with pytest.raises(EndpointError, match=r"is limiting requests \(HTTP 429\) and asked to wait longer"):
            endpoint.select("SELECT * WHERE { ?s ?p ?o }")
    finally:
        server.stop()
    assert waits == []


def test_5xx_is_retried_with_backoff_a_bounded_number_of_times():
    server = ScriptedServer([(502, {}, b"bad gateway")])
    try:
        endpoint, waits = _endpoint(server.url, max_retries=3, backoff=1.0)
        with pytest.raises(EndpointError, match="failed with HTTP 502 4 times: bad gateway. If the query asks another endpoint"):
            endpoint.select("SELECT * WHERE { ?s ?p ?o }")
    finally:
        server.stop()
    assert waits == [1.0, 2.0, 4.0]
    assert len(server.requests) == 4


def test_a_server_that_never_answers_times_out():
    server = SilentServer()
    try:
        endpoint, _ = _endpoint(server.url, timeout=1)
        with pytest.raises(EndpointError) as caught:
            endpoint.select("SELECT * WHERE { ?s ?p ?o }")
    finally:
        server.stop()
    assert str(caught.value) == f"{server.url} did not answer within 1 s. Check that the endpoint is up, or allow more time with --timeout."


def test_an_answer_that_is_not_sparql_results_is_a_clear_error(runner):
    server = ScriptedServer([(200, {"Content-Type": "text/html"}, b"<html><body>Welcome</body></html>")])
    try:
        result = runner.invoke(cli, ["link", "verify", "--endpoint", server.url])
    finally:
        server.stop()
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {server.url} answered with something that is not SPARQL JSON results (Content-Type text/html, "
        "starting '<html><body>Welcome</body></html>'). Check that the URL is the endpoint's SPARQL query URL.\n"
    )


def test_a_server_stopped_mid_run_gives_a_clear_error_and_writes_nothing(runner, kb_copy, tmp_path):
    data = tmp_path / "wikidata.ttl"
    data.write_text(wikidata_fixture(), encoding="utf-8")
    server = OxigraphServer(data, tmp_path).start()
    store = open_store(StoreLocation(kb_dir=kb_copy))
    endpoint = Endpoint(EndpointSettings(url=server.url))
    verify(store, endpoint)  # the server answers
    server.stop()
    links_before = (kb_copy / "links.toml").read_bytes()
    result = runner.invoke(cli, ["--kb", str(kb_copy), "link", "suggest", "--endpoint", server.url, "--accept"])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: Could not reach {server.url}: ")
    assert result.output.endswith("Check the URL and that the endpoint is up.\n")
    assert (kb_copy / "links.toml").read_bytes() == links_before
    assert not (kb_copy / "enrichment").exists()


def test_lookups_are_batched_and_carry_the_user_agent(monkeypatch):
    monkeypatch.setenv("TIMELINE_USER_AGENT", "timeline-tests/1.0 (ops@example.org)")
    server = ScriptedServer([RESULTS])
    try:
        verdicts = verify(open_store(), Endpoint(EndpointSettings.from_environment(server.url)))
    finally:
        server.stop()
    assert {verdict.status for verdict in verdicts} == {"missing"}
    # 15 links in one batch: labels, aliases, descriptions, classes, fitting classes.
    assert len(server.requests) == 5
    assert {request["user-agent"] for request in server.requests} == {"timeline-tests/1.0 (ops@example.org)"}
    assert all("VALUES" in request["body"] for request in server.requests)


def test_a_class_expected_of_another_entity_linked_to_the_same_item_does_not_count(wikidata):
    # Regression: China (a country) and a mislinked Xi both pointing at Q148 made Q148's
    # country classes count for Xi, a person.
    from timeline.linking import WIKIDATA, LocalItem
    from timeline.linking.verify import _judge, _Remote

    remote = _Remote(labels=["People's Republic of China"], classes=[str(WIKIDATA.namespace) + "Q3624078"],
                     fitting_classes={str(WIKIDATA.namespace) + "Q3624078"})
    xi = LocalItem("xi-jinping", WIKIDATA.namespace + "x", "Person", "Xi Jinping")  # type: ignore[arg-type]
    verdict = _judge(xi, WIKIDATA.namespace + "Q148", remote, WIKIDATA)  # type: ignore[arg-type]
    assert verdict.status == "doubtful" and "a person should be a human (Q5)" in verdict.reasons[-1]


def test_local_items_know_their_links():
    items = {item.id: item for item in local_items(open_store())}
    assert [link.value for link in items["harbin"].links] == ["http://www.wikidata.org/entity/Q42956"]
    assert items["moscow"].links == [] and items["moscow"].kind == "City"


DBPEDIA_FIXTURE = """@prefix dbr: <http://dbpedia.org/resource/> .
@prefix dbo: <http://dbpedia.org/ontology/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
dbo:City rdfs:subClassOf dbo:Settlement .
dbr:Harbin rdfs:label "Harbin"@en , "Harbin"@de ; a dbo:City ; rdfs:comment "Harbin (test resource)"@en .
dbr:Xi_Jinping rdfs:label "Xi Jinping"@en ; a dbo:Person .
"""


def test_dbpedia_links_verify_against_a_dbpedia_endpoint(runner, wikidata, kb_copy, tmp_path):
    assert runner.invoke(cli, ["--kb", str(kb_copy), "link", "dbpedia", "--endpoint", wikidata.url, "--accept"]).exit_code == 0
    data = tmp_path / "dbpedia.ttl"
    data.write_text(DBPEDIA_FIXTURE, encoding="utf-8")
    server = OxigraphServer(data, tmp_path).start()
    try:
        result = runner.invoke(cli, ["--kb", str(kb_copy), "link", "verify", "--target", "dbpedia", "--endpoint", server.url, "-f", "csv"])
    finally:
        server.stop()
    assert result.exit_code == 0, result.output
    rows = {row[0]: row for row in _csv_rows(result.stdout)}
    assert sorted(rows) == ["harbin", "xi-jinping"]
    assert rows["harbin"][1:4] == ["http://dbpedia.org/resource/Harbin", "confirmed", "Harbin"]
    assert rows["harbin"][4].endswith("class fits: http://dbpedia.org/ontology/City")


HOSTILE_LABELS = [
    'Moscow"\nmoscow = "Q1"\n[evil]\nx = """',
    "Moscow ]] # } . <http://evil/> ; DROP ALL ;\r\n'''",
    "Moscow \\u0022 \\\" \x00\x07 \u2028",
    "M" * 1_000_000,
]


@pytest.mark.parametrize("label", HOSTILE_LABELS, ids=["toml-lines", "metacharacters", "escapes-and-controls", "one-megabyte"])
def test_accepting_a_candidate_with_a_hostile_label_writes_one_link_and_nothing_else(runner, kb_copy, tmp_path, label):
    """An endpoint's labels and descriptions are data: quotes, line breaks, TOML and Turtle
    metacharacters or a 1 MB label reach links.toml as at most a comment, never as a key."""
    import tomllib

    from rdflib import Literal

    written = Literal(label, lang="en").n3()
    data = tmp_path / "wikidata.ttl"
    data.write_text(wikidata_fixture() + (
        f"<http://www.wikidata.org/entity/Q90000099> <http://www.w3.org/2000/01/rdf-schema#label> {written} ;\n"
        "  <http://www.w3.org/2000/01/rdf-schema#label> \"Moscow\"@en ;\n"
        f"  <https://schema.org/description> {written} ;\n"
        "  <http://www.wikidata.org/prop/direct/P31> <http://www.wikidata.org/entity/Q515> ;\n"
        "  <http://wikiba.se/ontology#sitelinks> 100000 .\n"
    ), encoding="utf-8")
    server = OxigraphServer(data, tmp_path).start()
    try:
        links = kb_copy / "links.toml"
        before = tomllib.loads(links.read_text(encoding="utf-8"))
        result = runner.invoke(cli, ["--kb", str(kb_copy), "link", "suggest", "--endpoint", server.url, "--entity", "moscow", "--accept"])
    finally:
        server.stop()
    assert result.exit_code == 0, result.output[:500]
    after = tomllib.loads(links.read_text(encoding="utf-8"))
    assert "evil" not in after and set(after) == set(before)
    added = {key: value for key, value in after["wikidata"].items() if before["wikidata"].get(key) != value}
    assert added == {"moscow": "Q90000099"}
    assert len(links.read_bytes()) < 200_000  # a 1 MB label is not copied into the file
    assert runner.invoke(cli, ["--kb", str(kb_copy), "build"]).exit_code == 0
