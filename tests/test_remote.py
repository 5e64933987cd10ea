"""The knowledge base on a SPARQL 1.1 server: `timeline load` into a real Oxigraph server and a
real Virtuoso (Debian's package) on 127.0.0.1, every stored query and the export through
`--store URL`, readers during a load, a load cut short by the server dying, `timeline serve` as
a read-only endpoint with its limits, and credentials (Basic, and Virtuoso's Digest)."""

import base64
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest


from sparql_servers import (
    drain,
    Served,
    EMPTY_RESULTS, VIRTUOSO_PASSWORD, VIRTUOSO_USER, DyingProxy, OxigraphServer, ScriptedServer, VirtuosoServer, free_port,
)
from timeline.catalog import checks, run, stored_queries
from timeline.cli import cli
from timeline.kb.layout import kb_files
from timeline.rdf.model import NamedNode
from timeline.views.results import format_result
from timeline.store import StoreLocation, open_store
from timeline.store.file_triples import parse_file

LOCAL_QUERIES = sorted(name for name, query in stored_queries().queries.items() if "federated" not in query.tags)


ENGINES = ["oxigraph", "virtuoso"]


def new_server(engine: str, folder):
    """A started, empty, writable server of the engine, and the options `timeline load` needs for
    it: none for Oxigraph (its update and Graph Store URLs follow from its query URL), the
    update URL for Virtuoso."""
    if engine == "oxigraph":
        return OxigraphServer(None, folder).start(), []
    server = VirtuosoServer(folder).start()
    return server, ["--update-url", server.update_url]


@pytest.fixture(scope="module", params=ENGINES)
def loaded_server(request, tmp_path_factory):
    """A server loaded with the seed by `timeline load`."""
    from click.testing import CliRunner

    server, options = new_server(request.param, tmp_path_factory.mktemp(request.param))
    try:
        result = CliRunner().invoke(cli, ["load", "--store", server.url, *options])
        assert result.exit_code == 0, result.output
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("engine", ENGINES)
def test_load_reports_the_graphs_and_triples_it_wrote(engine, runner, tmp_path):
    server, options = new_server(engine, tmp_path)
    try:
        result = runner.invoke(cli, ["load", "--store", server.url, *options])
    finally:
        server.stop()
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Loaded 5 graphs, 2962 triples, into {server.url}.\n"
    assert result.stderr == ""  # not a terminal: no progress, nothing extra


@pytest.mark.parametrize("name", LOCAL_QUERIES + [f"checks/{name}" for name in sorted(checks().queries)])
def test_every_stored_query_gives_the_same_rows_on_the_server(name, loaded_server, seed_store):
    query = checks().get(name.removeprefix("checks/")) if name.startswith("checks/") else stored_queries().get(name)
    remote = open_store(StoreLocation(loaded_server.url))
    assert format_result(run(query, query.example, remote), "tsv") == format_result(run(query, query.example, seed_store), "tsv")


@pytest.mark.parametrize(("name", "event", "stated"), [
    ("before", "putin-state-visit-china-2024", True),  # a source states it: "closelyFollows" Xi's tour, "follows" the partnership
    ("after", "putin-fifth-inauguration-2024", True),  # the cabinet reshuffle: stated by a source, not settled by dates
    ("before", "russian-invasion-of-ukraine", True),  # "shortlyPrecedes", a property below tl:precedes
    ("after", "china-russia-trade-2020", False),  # no source states an order: the dates alone
])
def test_the_order_a_source_states_is_found_on_the_server_too(name, event, stated, loaded_server, seed_store):
    """Virtuoso missed an order stated by a property below tl:follows (`closelyFollows`): a
    `+` path whose start is bound only by the triple before it found nothing there, so it said
    "dates" where the embedded store says "dates and source". With no order stated, the events
    the dates settle are there all the same (the list of stated events is empty, not missing)."""
    query = stored_queries().get(name)
    remote = open_store(StoreLocation(loaded_server.url))
    here = format_result(run(query, {"event": event}, seed_store), "tsv")
    assert ('"source"' in here or '"dates and source"' in here) == stated
    assert '"dates"' in here
    assert format_result(run(query, {"event": event}, remote), "tsv") == here


@pytest.mark.parametrize(("start", "end"), [
    ("2012", "2012"),  # holds only the first year of the 2012-2024 meetings
    ("2018", "2018"),  # lies inside them: nothing else happens that year
    ("2022-02", "2022-02"),  # the partnership and the invasion's first days
])
def test_a_period_inside_a_long_event_finds_it_on_the_server_too(start, end, loaded_server, seed_store):
    """Virtuoso 7.2 answered `?begin <= ?to` against a date from its index and lost the events
    begun before a certain date (every row for 2012 on the seed; 90 of 159 in May 2024 at 417
    articles): events-between reads "not after to" instead."""
    query = stored_queries().get("events-between")
    remote = open_store(StoreLocation(loaded_server.url))
    here = format_result(run(query, {"from": start, "to": end}, seed_store), "tsv")
    assert "putin-xi-meetings-since-2012" in here
    assert format_result(run(query, {"from": start, "to": end}, remote), "tsv") == here


@pytest.mark.parametrize(("name", "parameter", "text"), [
    ("before", "event", "Q110999040"),  # the invasion, by the Wikidata item it is owl:sameAs
    ("before", "event", "https://timeline.example/kb/event/putin-state-visit-china-2024"),
    ("actor-timeline", "actor", "Q7747"),  # Putin
])
def test_an_item_named_by_its_iri_or_wikidata_id_is_found_on_the_server_too(name, parameter, text, loaded_server, seed_store):
    """The lookup of an IRI reaches the item from the IRI given (`owl:sameAs?`), where it asked
    every item whether it was that IRI or the same as it: the same item on every engine."""
    query = stored_queries().get(name)
    remote = open_store(StoreLocation(loaded_server.url))
    here = format_result(run(query, {parameter: text}, seed_store), "tsv")
    assert here.count("\n") > 1  # rows, not only the heading
    assert format_result(run(query, {parameter: text}, remote), "tsv") == here


@pytest.mark.parametrize("output_format", ["turtle", "nquads", "jsonld"])
def test_export_from_the_server_gives_the_same_bytes(output_format, runner, loaded_server):
    local = runner.invoke(cli, ["export", "--format", output_format]).stdout_bytes
    graph_store = f"{loaded_server.base}/store" if isinstance(loaded_server, OxigraphServer) else f"{loaded_server.base}/sparql-graph-crud"
    for options in ([], ["--graph-store-url", graph_store]):
        remote = runner.invoke(cli, ["export", "--format", output_format, "--store", loaded_server.url, *options])
        assert remote.exit_code == 0, remote.output
        assert remote.stdout_bytes == local


def test_the_commands_read_the_server_as_they_read_the_files(runner, loaded_server, tmp_path):
    for command in (["show"], ["validate"], ["query", "actor-timeline", "-p", "actor", "Putin", "-f", "json"]):
        local = runner.invoke(cli, command)
        remote = runner.invoke(cli, [*command, "--store", loaded_server.url])
        assert (remote.exit_code, remote.stdout_bytes) == (local.exit_code, local.stdout_bytes), command
    assert runner.invoke(cli, ["html", "-o", str(tmp_path / "local.html")]).exit_code == 0
    assert runner.invoke(cli, ["html", "-o", str(tmp_path / "remote.html"), "--store", loaded_server.url]).exit_code == 0
    assert (tmp_path / "remote.html").read_bytes() == (tmp_path / "local.html").read_bytes()


def test_rows_read_from_a_server_as_they_come_are_the_rows_of_its_tables(loaded_server):
    from timeline.catalog import program_query

    store = open_store(StoreLocation(loaded_server.url))
    for name in ("event-values", "dating-values", "evidence-of-every-event"):
        read: list[dict] = []
        store.read_rows(program_query(name).text, read.append)
        assert sorted(map(repr, read)) == sorted(map(repr, store.select(program_query(name).text).records())) and read, name


def test_sparql_stays_read_only_on_a_server(runner, loaded_server):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    update_url = getattr(loaded_server, "update_url", f"{loaded_server.base}/update")
    before = runner.invoke(cli, ["sparql", "--store", loaded_server.url, count, "-f", "csv"]).stdout_bytes
    # Even with the server's update URL set for `load` in the environment, `sparql` only reads
    # (it has no --update-url of its own).
    refused = runner.invoke(cli, ["sparql", "--store", loaded_server.url, "DROP ALL"], env={"TIMELINE_UPDATE_URL": update_url})
    assert refused.exit_code == 2 and "only reads here: nothing was changed" in refused.output
    after = runner.invoke(cli, ["sparql", "--store", loaded_server.url, count, "-f", "csv"]).stdout_bytes
    # The knowledge base's triples only: a server's own graphs (Virtuoso keeps some) are not the store's.
    assert before == after == b"n\r\n2962\r\n"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_reader_never_sees_half_a_graph(engine, tmp_path):
    """Graphs replaced again and again while another client counts them: every count is the old
    graph's or the new one's. TEST DATA: 8,000 and 5,000 made-up triples (Virtuoso takes the
    larger one in steps, through a staging graph)."""
    server, _ = new_server(engine, tmp_path)
    try:
        location = StoreLocation(server.url, update_url=getattr(server, "update_url", None))
        writer = open_store(location, writable=True)
        graph = NamedNode("urn:test:replaced")
        versions = {count: "".join(f'<urn:test:s{i}> <urn:test:p> "{count}-{i}" .\n' for i in range(count)) for count in (8000, 5000)}
        writer.replace_graph(graph, versions[8000])
        counts: list[int] = []
        done = threading.Event()

        def read() -> None:
            reader = open_store(StoreLocation(server.url))
            while not done.is_set():
                counts.append(int(reader.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:test:replaced> { ?s ?p ?o } }").records()[0]["n"].value))

        thread = threading.Thread(target=read)
        thread.start()
        for count in (5000, 8000, 5000, 8000):
            writer.replace_graph(graph, versions[count])
        done.set()
        thread.join()
    finally:
        server.stop()
    assert counts and set(counts) <= {8000, 5000}


@pytest.mark.parametrize(("engine", "die_at"), [("oxigraph", 4), ("virtuoso", 4), ("virtuoso", 6)])
def test_a_load_cut_short_by_the_server_dying_leaves_every_graph_whole(engine, die_at, runner, kb_copy, edit, tmp_path):
    server, options = new_server(engine, tmp_path / "server")
    try:
        versions = _versions_after_a_load_cut_short(server, options, die_at, engine, runner, kb_copy, edit)
    finally:
        server.stop()
    assert versions == {"ontology": "new", "sources": "new", "entities": "new", "events/xi-putin-beijing-2024-05": "old", "links": "new"}


def _versions_after_a_load_cut_short(server, options, die_at, engine, runner, kb_copy, edit):
    """Which version (old, new or broken) of each graph a server holds after a load of a new
    version of the knowledge base that killed it at its `die_at`-th write."""
    assert runner.invoke(cli, ["load", "--store", server.url, *options]).exit_code == 0
    old = {kb_file.graph: parse_file(kb_file)[0] for kb_file in kb_files(kb_copy)}
    # A second version: different entities and events.
    edit(kb_copy / "entities.toml", 'label = "Harbin"', 'label = "Harbin City"')
    edit(kb_copy / "events" / "xi-putin-beijing-2024-05.toml", 'label = "Russian cabinet reshuffle"', 'label = "Russian government reshuffle"')
    assert runner.invoke(cli, ["--kb", str(kb_copy), "build"]).exit_code == 0
    new = {kb_file.graph: parse_file(kb_file)[0] for kb_file in kb_files(kb_copy)}
    # The proxy lets ontology, sources and entities through, then kills the server on the events
    # graph: at its first request, or (Virtuoso, which writes it in steps) half-way through.
    proxy = DyingProxy(server.base, die_at=die_at, die=server.kill)
    if engine == "oxigraph":
        through_proxy = [f"{proxy.base}/query", "--graph-store-url", f"{proxy.base}/store"]
    else:
        through_proxy = [f"{proxy.base}/sparql", "--update-url", f"{proxy.base}/sparql"]
    try:
        result = runner.invoke(cli, ["--kb", str(kb_copy), "load", "--store", *through_proxy])
    finally:
        proxy.stop()
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].startswith(f"Error: Could not reach {proxy.base}/")
    server.start()
    remote = open_store(StoreLocation(server.url))
    found = {graph: "".join(sorted(f"{quad.triple} .\n" for quad in remote.quads([graph]))) for graph in old}
    return {graph.value.rsplit("/graph/", 1)[-1]: ("new" if found[graph] == new[graph] else "old" if found[graph] == old[graph] else "broken") for graph in old}


def test_oxigraph_servers_urls_follow_from_its_base(runner, tmp_path):
    server = OxigraphServer(None, tmp_path).start()
    try:
        for given in (server.base, f"{server.base}/", server.url):
            loaded = runner.invoke(cli, ["load", "--store", given])
            assert loaded.exit_code == 0, loaded.output
        exported = runner.invoke(cli, ["export", "--format", "nquads", "--store", server.base])
    finally:
        server.stop()
    assert exported.stdout_bytes == runner.invoke(cli, ["export", "--format", "nquads"]).stdout_bytes


def test_another_servers_urls_stay_explicit(runner, tmp_path):
    server = VirtuosoServer(tmp_path).start()
    try:
        result = runner.invoke(cli, ["load", "--store", server.url])
    finally:
        server.stop()
    assert (result.exit_code, result.output) == (2, f"Error: No update URL is set for {server.url}: give it with --update-url (or $TIMELINE_UPDATE_URL).\n")


def test_load_into_a_folder_then_read_from_it(runner, tmp_path, seed_store):
    folder = tmp_path / "store"
    first = runner.invoke(cli, ["load", "--store", str(folder)])
    again = runner.invoke(cli, ["load", "--store", str(folder)])
    assert first.exit_code == again.exit_code == 0
    assert again.stdout == f"Loaded 5 graphs, 2962 triples, into {folder}.\n"
    query = stored_queries().get("timeline")
    on_disk = runner.invoke(cli, ["query", "timeline", "--store", str(folder), "-f", "tsv"]).output
    assert on_disk == format_result(run(query, {}, seed_store), "tsv")
    assert runner.invoke(cli, ["export", "--store", str(folder)]).output == runner.invoke(cli, ["export"]).output


def test_a_store_folder_that_is_not_there_says_what_to_do(runner, tmp_path):
    result = runner.invoke(cli, ["show", "--store", str(tmp_path / "nowhere")])
    assert (result.exit_code, result.output) == (2, f"Error: {tmp_path / 'nowhere'}: no store here; write one with `timeline load --store PATH`\n")


def test_a_server_that_is_down_is_named_in_a_one_line_error(runner):
    url = f"http://127.0.0.1:{free_port()}/query"
    result = runner.invoke(cli, ["query", "timeline", "--store", url])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: Could not reach {url}: ") and "Traceback" not in result.output


# ---- credentials --------------------------------------------------------------------------

SECRET = "s3cret-pa55"


def _guarded_server():
    expected = "Basic " + base64.b64encode(f"analyst:{SECRET}".encode()).decode()
    server = ScriptedServer(lambda index: (200, {"Content-Type": "application/sparql-results+json"}, EMPTY_RESULTS))
    original = server._answer

    def answer(index):
        if server.requests[index].get("authorization") != expected:
            return (401, {"WWW-Authenticate": 'Basic realm="kb"'}, b"who are you?")
        return original(index)

    server._answer = answer  # type: ignore[method-assign]
    return server


def test_credentials_come_from_the_environment_and_never_show(runner, monkeypatch):
    server = _guarded_server()
    try:
        monkeypatch.setenv("TIMELINE_STORE_USER", "analyst")
        monkeypatch.setenv("TIMELINE_STORE_PASSWORD", "wrong")
        refused = runner.invoke(cli, ["sparql", "--store", server.url, "SELECT * WHERE { ?s ?p ?o }"])
        monkeypatch.setenv("TIMELINE_STORE_PASSWORD", SECRET)
        allowed = runner.invoke(cli, ["sparql", "--store", server.url, "SELECT * WHERE { ?s ?p ?o }"])
    finally:
        server.stop()
    assert refused.exit_code == 2
    assert refused.output == (
        f"Error: {server.url} refused access (HTTP 401). Check the credentials ($TIMELINE_STORE_USER and "
        "$TIMELINE_STORE_PASSWORD, or your netrc file).\n"
    )
    assert allowed.exit_code == 0, allowed.output
    assert SECRET not in refused.output + allowed.output


def test_credentials_come_from_a_netrc_file(runner, monkeypatch, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login analyst password {SECRET}\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.delenv("TIMELINE_STORE_USER", raising=False)
    monkeypatch.delenv("TIMELINE_STORE_PASSWORD", raising=False)
    server = _guarded_server()
    try:
        result = runner.invoke(cli, ["sparql", "--store", server.url, "SELECT * WHERE { ?s ?p ?o }", "-f", "csv"])
    finally:
        server.stop()
    assert result.exit_code == 0, result.output


def test_credentials_in_the_url_are_refused(runner):
    result = runner.invoke(cli, ["show", "--store", f"http://analyst:{SECRET}@127.0.0.1:1/query"])
    assert result.exit_code == 2
    assert SECRET not in result.output
    assert "not in the URL" in result.output


def test_virtuosos_authenticated_endpoint_takes_digest_credentials(runner, monkeypatch, tmp_path):
    server = VirtuosoServer(tmp_path / "server").start()
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {VIRTUOSO_USER} password {VIRTUOSO_PASSWORD}\n", encoding="utf-8")
    netrc.chmod(0o600)
    try:
        monkeypatch.setenv("TIMELINE_STORE_USER", VIRTUOSO_USER)
        monkeypatch.setenv("TIMELINE_STORE_PASSWORD", "wrong")
        refused = runner.invoke(cli, ["query", "timeline", "--store", server.auth_url])
        monkeypatch.setenv("TIMELINE_STORE_PASSWORD", VIRTUOSO_PASSWORD)
        loaded = runner.invoke(cli, ["load", "--store", server.auth_url, "--update-url", server.auth_url])
        monkeypatch.delenv("TIMELINE_STORE_USER")
        monkeypatch.delenv("TIMELINE_STORE_PASSWORD")
        anonymous = runner.invoke(cli, ["query", "timeline", "--store", server.auth_url])
        monkeypatch.setenv("NETRC", str(netrc))
        from_netrc = runner.invoke(cli, ["query", "timeline", "--store", server.auth_url, "-f", "tsv"])
    finally:
        server.stop()
    assert refused.exit_code == anonymous.exit_code == 2
    assert refused.output.startswith(f"Error: {server.auth_url} refused access (HTTP 401).")
    assert loaded.exit_code == 0, loaded.output
    assert from_netrc.output == runner.invoke(cli, ["query", "timeline", "-f", "tsv"]).output
    assert all(VIRTUOSO_PASSWORD not in result.output for result in (refused, loaded, anonymous, from_netrc))


# ---- timeline serve ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served():
    server = Served("--max-result-bytes", "300000", timeout=2)
    yield f"{server.url}query"
    server.stop()


def _ask(url: str, query: str, accept: str, method: str = "POST") -> tuple[int, str, bytes]:
    if method == "GET":
        request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept})
    else:
        request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(),
                                         headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_served_endpoint_negotiates_result_formats(served, accept, content_type, method):
    status, returned, body = _ask(served, "SELECT ?e WHERE { ?e a <https://timeline.example/ontology#Pledge> } ORDER BY ?e", accept, method)
    assert status == 200 and returned.startswith(content_type)
    assert b"xi-pledge-no-arms-to-russia-2024" in body


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/ld+json"])
def test_the_served_endpoint_negotiates_graph_formats(served, accept):
    status, returned, body = _ask(served, "CONSTRUCT { ?e a ?c } WHERE { ?e a ?c } LIMIT 3", accept)
    assert status == 200 and returned.startswith(accept)


def test_the_served_endpoint_refuses_updates(served):
    base = served.rsplit("/", 1)[0]
    request = urllib.request.Request(f"{base}/update", data=urllib.parse.urlencode({"update": "DROP ALL"}).encode())
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    put = urllib.request.Request(f"{base}/store?graph=urn:x", data=b"<urn:a> <urn:b> <urn:c> .", method="PUT")
    with pytest.raises(urllib.error.HTTPError) as refused_put:
        urllib.request.urlopen(put, timeout=10)
    assert refused_put.value.code == 403
    # An update sent as a query is recognised as one (by lexing it) and refused as a write.
    status, _, _ = _ask(served, "DROP ALL", "application/sparql-results+json")
    assert status == 403
    assert _ask(served, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv")[2] == b"n\r\n2962\r\n"


def test_the_served_endpoint_limits_the_size_of_an_answer(served):
    status, _, body = _ask(served, "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert status == 422
    assert body == b"The result is larger than this endpoint's limit of 300000 bytes: add a LIMIT to the query.\n"


def test_the_served_endpoint_stops_a_query_at_its_timeout(served):
    started = time.monotonic()
    status, _, body = _ask(served, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "text/csv")
    assert (status, body) == (504, b"The query ran longer than this endpoint's limit of 2 s.\n")
    assert time.monotonic() - started < 10


def test_timeline_reads_the_served_endpoint_like_any_server(runner, served, seed_store):
    result = runner.invoke(cli, ["query", "timeline", "--store", served, "-f", "tsv"])
    assert result.output == format_result(run(stored_queries().get("timeline"), {}, seed_store), "tsv")


def test_the_serve_example_serves():
    help_text = subprocess.run([sys.executable, "-m", "timeline", "serve", "--help"], capture_output=True, text=True).stdout
    example = help_text.split("Example:", 1)[1].strip().splitlines()[0].split()
    port = str(free_port())
    arguments = [port if word == "7878" else word for word in example[1:]]
    process = subprocess.Popen([sys.executable, "-m", "timeline", *arguments], stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr.readline() == (f"Serving the knowledge base read-only at http://127.0.0.1:{port}/ (the page; the API at "
                                             f"http://127.0.0.1:{port}/queries, SPARQL at http://127.0.0.1:{port}/query). Ctrl-C to stop.\n")
        drain(process.stderr)
        assert _ask(f"http://127.0.0.1:{port}/query", "ASK { ?s ?p ?o }", "application/sparql-results+json")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_stopping_serve_stops_its_oxigraph_server_and_removes_its_temporary_store():
    # Regression: SIGTERM skipped the clean-up and left `oxigraph serve-read-only` running.
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "timeline", "serve", "--port", str(port)], stderr=subprocess.PIPE, text=True)
    assert process.stderr.readline().startswith("Serving")
    children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    assert len(children) == 1
    location = subprocess.run(["ps", "-o", "args=", "-p", children[0]], capture_output=True, text=True).stdout.split("--location ")[1].split()[0]
    process.terminate()
    process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and subprocess.run(["kill", "-0", children[0]], capture_output=True).returncode == 0:
        time.sleep(0.05)
    assert subprocess.run(["kill", "-0", children[0]], capture_output=True).returncode != 0
    assert not os.path.exists(location)
