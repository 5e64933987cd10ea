"""The gate in front of every engine reads a query as the engine does, because the engine is
sent the gate's own parse (timeline.rdf.sparql_parser): a SERVICE clause, an update or a depth
of brackets cannot hide from the gate in a comment, a string, an IRI or a prefixed name.

The reproductions of the hardening issue come first (each passed the old lexer), then a corpus
of lexical corners, then a fuzzing test that mixes them and checks the gate's verdict against
what Oxigraph itself does with the text: whether it calls another endpoint."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sparql_servers import EMPTY_RESULTS, ScriptedServer, Served
from timeline.cli import cli
from timeline.errors import QueryError
from timeline.rdf.sparql_grammar import ll1_conflicts
from timeline.rdf.sparql_parser import MAX_NESTING, read_sparql


def _empty_results(index):
    return (200, {"Content-Type": "application/sparql-results+json"}, EMPTY_RESULTS)


@pytest.fixture(scope="module")
def listener():
    """Any HTTP listener on this machine: what an attacker would make `serve` call."""
    server = ScriptedServer(_empty_results)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def served():
    served = Served(timeout=5)
    yield served
    served.stop()


def _hidden_service_forms(url: str) -> list[str]:
    return [
        # D1 as reported: the old lexer read `<?b)SERVICE#>` as an IRI, Oxigraph a less-than and a comment.
        f"SELECT * WHERE {{ BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b)SERVICE#>\n<{url}> {{ ?x ?y ?z }} }}",
        # D1's second form: a prefixed name whose local part the old lexer let run over `#` and quotes.
        f"PREFIX ex: <http://e/>\nSELECT * WHERE {{ ?s ?p ex:a#.'''\nSERVICE <{url}> {{ ?x ?y ?z }}\n#'''\n}}",
        # a comment closed by a carriage return, which ends a line in SPARQL
        f"SELECT * WHERE {{ # note\rSERVICE <{url}> {{ ?x ?y ?z }} }}",
        # the keyword in lower case, and SILENT
        f"select * where {{ service silent <{url}> {{ ?x ?y ?z }} }}",
        # a long string that a looser reader could end early
        f"SELECT * WHERE {{ BIND('''a''b\\''' AS ?q) SERVICE <{url}> {{ ?x ?y ?z }} }}",
    ]


def _post(served: Served, query: str) -> tuple[int, str]:
    body = urllib.parse.urlencode({"query": query}).encode()
    status, _, answer = served.request("POST", "/query", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                               "Accept": "application/sparql-results+json"})
    return status, answer.decode("utf-8", "replace")


@pytest.mark.parametrize("form", range(5))
def test_serve_refuses_a_service_clause_however_it_is_written_and_calls_no_one(served, listener, form):
    listener.requests.clear()
    status, text = _post(served, _hidden_service_forms(listener.url)[form])
    assert status in (400, 403), text
    assert listener.requests == []


def test_serve_sends_the_engine_the_parsed_query_not_a_second_query_parameter(served, listener):
    """HTTP parameter pollution: two `query` parameters, of which the gate reads the first and
    an engine might read the last. The engine is sent a request made anew from the parse."""
    listener.requests.clear()
    hidden = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?x ?y ?z }} }}"
    path = "/query?" + urllib.parse.urlencode([("query", "ASK { ?s ?p ?o }"), ("query", hidden)])
    status, _, body = served.request("GET", path, None, {"Accept": "application/sparql-results+json"})
    assert status == 200, body
    assert b"boolean" in body
    assert listener.requests == []


def test_the_nesting_limit_holds_behind_a_prefixed_name_and_a_long_string(served, tmp_path, runner):
    """D2: the same trick hid 20,000 braces from the depth count; the engine died (exit 139)."""
    nest = tmp_path / "nest.rq"
    n = 20000
    nest.write_text("PREFIX ex: <http://e/>\nSELECT * WHERE { ?s ?p ex:a#.'''\n" + "{" * n + "}" * n + "\n#'''\n}", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "timeline", "sparql", str(nest)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"Error: The query nests brackets more than {MAX_NESTING} deep")
    status, text = _post(served, nest.read_text(encoding="utf-8"))
    assert status == 400 and f"nests brackets more than {MAX_NESTING} deep" in text
    assert _post(served, "ASK { ?s ?p ?o }")[0] == 200


def test_the_grammar_is_ll1_so_one_token_decides_every_choice():
    assert ll1_conflicts() == []


# ---- a corpus of lexical corners: comments, the four quotes, escapes, IRIs, `<` as an operator --

ACCEPTED = [
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o<3) }", False),
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o<?p) }", False),  # `<?p) }` holds a space: no IRI
    ("SELECT * WHERE { ?s ?p 'SERVICE <http://x/> { }' }", False),
    ('SELECT * WHERE { ?s ?p """a "quoted" # SERVICE""" }', False),
    ("SELECT * WHERE { ?s ?p '''it''s''' }", False),
    ('SELECT * WHERE { ?s ?p "tab\\t and \\"quote\\"" }', False),
    ("SELECT * WHERE { ?s <http://x/SERVICE#frag> ?o }", False),
    ("PREFIX ex: <http://e/>\nSELECT * WHERE { ?s ex:a\\#b ?o }", False),  # an escaped hash is part of the name
    ("PREFIX ex: <http://e/>\nSELECT * WHERE { ?s ex:a%41 ?o }", False),
    ("SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> { }", False),
    ("SELECT * WHERE { ?s ?p ?o \n# SERVICE\r}", False),
    ("SELECT * WHERE { OPTIONAL { SERVICE <http://127.0.0.1:1/s> { ?s ?p ?o } } }", True),
    ("ASK { ?s (<http://x/p>|^<http://x/q>)+/<http://x/r>* ?o }", False),
    ("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p HAVING (COUNT(?o) > 1) ORDER BY DESC(?n) LIMIT 3", False),
    ('SELECT * WHERE { VALUES (?a ?b) { (1 "x"@en) (UNDEF <http://x/>) } }', False),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { ?s a ?t } }", False),
    ("DESCRIBE <http://x/>", False),
]

REFUSED = [
    "SELECT * WHERE { BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b)SERVICE#>\n<http://127.0.0.1:1/> { ?x ?y ?z } }",
    "SELECT * WHERE { ?s ?p 'unclosed }",
    "SELECT * WHERE { ?s ?p ?o ",
    "SELECT * WHERE { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p <<?a ?b ?c>> }",  # not SPARQL 1.1
    "SELECT * WHERE { ?s ?p '\\u0027 }' }",  # read one way by engines that decode \u first, another by the rest
    "SELECT * WHERE { ?s ?p ?o } LIMIT -1",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o && ) }",
    "SELECT * WHERE { ?s ?p ?o } ORDER",
]


@pytest.mark.parametrize(("query", "service"), ACCEPTED)
def test_the_gate_accepts_queries_and_sends_text_oxigraph_reads_the_same_way(query, service):
    read = read_sparql(query)
    assert read.asks_other_endpoints is service
    assert read_sparql(read.text).text == read.text  # the text sent is its own parse
    if not service:
        list(_run(read.text))  # Oxigraph parses the text sent without a syntax error


@pytest.mark.parametrize("query", REFUSED)
def test_the_gate_refuses_what_it_cannot_read_as_sparql_1_1(query):
    with pytest.raises(QueryError):
        read_sparql(query)


def test_an_update_is_named_and_refused_on_every_read_only_path(runner):
    result = runner.invoke(cli, ["sparql", "PREFIX ex: <http://e/>\n# c\rINSERT DATA { ex:a ex:b ex:c }"])
    assert result.exit_code == 2
    assert "This is a SPARQL update (INSERT)" in result.output


# ---- fuzzing: the gate's verdict against what Oxigraph does ------------------------------------

_HOSTILE_CHARACTERS = st.sampled_from(list("#'\"<>{}()\\ \n\r.;:?$") + ["SERVICE", "''", '""', "\\'", '\\"', "x", "<?b)", "#>"])


def _fragments(url: str) -> st.SearchStrategy[str]:
    service = f"SERVICE <{url}> {{ ?x ?y ?z }}"
    hostile = st.lists(_HOSTILE_CHARACTERS, max_size=6).map("".join)
    quoted = st.tuples(st.sampled_from(["'", '"', "'''", '"""']), hostile).map(lambda pair: pair[0] + pair[1] + pair[0])
    return st.one_of(
        st.just(service),
        st.just("?s ?p ?o ."),
        hostile,
        quoted.map(lambda text: f"BIND({text} AS ?q{abs(hash(text)) % 97})"),
        hostile.map(lambda text: f"# {text}\n"),
        hostile.map(lambda text: f"# {text}\r"),
        hostile.map(lambda text: f"?s ?p ex:a{text}"),
        hostile.map(lambda text: f"?s ?p <{text}>"),
        st.just("BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b)"),
        st.just("FILTER(?a < ?b)"),
        st.integers(1, 4).map(lambda depth: "{" * depth),
        st.integers(1, 4).map(lambda depth: "}" * depth),
        st.just("OPTIONAL {"),
    )


def _run(text: str):
    result = pyoxigraph.Store().query(text)
    return result if not isinstance(result, pyoxigraph.QueryBoolean) else [bool(result)]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_fuzzed_queries_the_gate_lets_through_never_call_an_endpoint_it_did_not_see(listener, data):
    fragments = data.draw(st.lists(_fragments(listener.url), min_size=1, max_size=8))
    text = "PREFIX ex: <http://e/>\nSELECT * WHERE { " + " ".join(fragments) + " }"
    # What Oxigraph does with the text as given: whether it calls the listener.
    listener.requests.clear()
    try:
        list(_run(text))
        engine_reads_it = True
    except SyntaxError:  # Oxigraph's parse errors, and its checks after the parse (an IRI with no base)
        engine_reads_it = False
    except OSError:  # the listener's answer to a call
        engine_reads_it = True
    engine_called = bool(listener.requests)
    try:
        read = read_sparql(text)
    except QueryError:
        return  # refused: nothing reaches any engine
    assert not (engine_called and not read.asks_other_endpoints), f"the engine called out on a text the gate passed: {text!r}"
    assert read_sparql(read.text).text == read.text  # what is sent passes the same gate, depth included
    # What Oxigraph does with the text the gate sends: reads it, and calls out only if it said so.
    listener.requests.clear()
    try:
        list(_run(read.text))
    except SyntaxError as error:
        assert not engine_reads_it, f"Oxigraph reads {text!r} but not the text the gate sends for it: {error}"
    except OSError:
        pass  # an endpoint's answer; the call itself is what is checked
    assert not (listener.requests and not read.asks_other_endpoints)


def test_a_remote_store_is_sent_the_parsed_query_and_nothing_the_gate_refused(runner, listener):
    """`--store URL` forwards queries: the same gate holds there, and what is sent is the parse."""
    listener.requests.clear()
    hidden = _hidden_service_forms("http://127.0.0.1:1/sparql")[0]
    refused = runner.invoke(cli, ["sparql", "--store", listener.url, hidden])
    assert refused.exit_code == 2 and listener.requests == []
    result = runner.invoke(cli, ["sparql", "--store", listener.url, "# a comment\nSELECT * WHERE { ?s ?p 'a # b' } # another", "-f", "json"])
    assert result.exit_code == 0, result.output
    sent = urllib.parse.parse_qs(listener.requests[-1]["body"])["query"][0]
    assert "comment" not in sent and "another" not in sent and "'a # b'" in sent


def test_an_engine_rule_the_grammar_cannot_check_is_reported_in_words(runner):
    """The gate checks the grammar; what Oxigraph refuses after it is a rule such as this one,
    which its message hides among the tokens it expected."""
    result = runner.invoke(cli, ["sparql", "SELECT ?x WHERE { ?s ?p ?o } GROUP BY ?s"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: The query is not valid SPARQL 1.1: The SELECT contains a variable that is unbound (near ")
