"""grlc itself (1.3.11 from PyPI, in a virtual environment of its own: it pins Flask and more)
serves the stored queries folder unchanged against `timeline serve`, and its API gives the same
rows as `timeline query` for every stored query whose parameters grlc can express."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from sparql_servers import Served
from test_serve import FEDERATED, _values
from timeline.catalog import resolve_value, stored_queries
from timeline.cli import cli
from timeline.resources import queries_dir
from timeline.serve.upstream import free_port

REPOSITORY = Path(__file__).resolve().parents[1]
GRLC_VERSION = "1.3.11"
GRLC_VENV = REPOSITORY / ".venv-grlc"  # `make test` makes it; so does this module if it is missing


def _grlc_gunicorn() -> Path:
    gunicorn = GRLC_VENV / "bin" / "gunicorn"
    installed = GRLC_VENV / f"grlc-{GRLC_VERSION}.installed"
    if not installed.exists():
        subprocess.run([sys.executable, "-m", "venv", str(GRLC_VENV)], check=True)
        subprocess.run([str(GRLC_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", f"grlc=={GRLC_VERSION}"], check=True)
        installed.touch()
    return gunicorn


@pytest.fixture(scope="module")
def grlc(tmp_path_factory):
    """grlc on the stored queries folder, its SPARQL endpoint a `timeline serve` of the seed."""
    served = Served()
    folder = tmp_path_factory.mktemp("grlc")
    port = free_port()
    # grlc reads config.ini from its working folder; `none` keeps it from sending credentials.
    (folder / "config.ini").write_text(
        f"[defaults]\nsparql_endpoint = {served.url}query\nuser = none\npassword = none\nserver_name = 127.0.0.1:{port}\n"
        f"[local]\nlocal_sparql_dir = {queries_dir()}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen([str(_grlc_gunicorn()), "--bind", f"127.0.0.1:{port}", "--workers", "2", "grlc.server:app"],
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api-local/swagger", timeout=30).read()
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None, "grlc did not start"
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        served.stop()


def _grlc_value(name: str, parameter_name: str, value: str, seed_store) -> str:
    """What grlc needs where timeline takes a label or a partial date: the IRI, the full date."""
    parameter = next(p for p in stored_queries().get(name).parameters if p.name == parameter_name)
    return resolve_value(parameter, value, seed_store).value


EXPRESSIBLE = sorted(set(stored_queries().queries) - FEDERATED)


@pytest.mark.parametrize("name", EXPRESSIBLE)
def test_grlc_answers_each_stored_query_as_timeline_query_does(grlc, name, seed_store):
    query = stored_queries().get(name)
    arguments = {key: _grlc_value(name, key, value, seed_store) for key, value in query.example.items()}
    request = urllib.request.Request(f"{grlc}/api-local/{name}?{urllib.parse.urlencode(arguments)}", headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        through_grlc = json.loads(response.read())
    options = [argument for key, value in query.example.items() for argument in ("-p", f"{key}={value}")]
    result = CliRunner().invoke(cli, ["query", name, *options, "-f", "json"])
    assert result.exit_code == 0, result.output
    expected = _values(json.loads(result.stdout))
    assert expected, f"{name}: the example finds nothing, so the comparison would prove nothing"
    assert _values(through_grlc) == expected


def test_grlc_reads_each_parameters_type_from_its_variable(grlc):
    with urllib.request.urlopen(f"{grlc}/api-local/swagger", timeout=60) as response:
        paths = json.loads(response.read())["paths"]
    assert {path.strip("/") for path in paths} == set(stored_queries().queries)
    described = {p["name"]: p["description"] for p in paths["/events-between"]["get"]["parameters"]}
    assert "?_from_xsd_date" in described["from"] and "?_to_xsd_date" in described["to"]
    assert "?_actor_iri" in {p["name"]: p["description"] for p in paths["/actor-timeline"]["get"]["parameters"]}["actor"]


def test_grlc_cannot_express_the_federated_queries_and_the_readme_says_why(grlc):
    # grlc takes a request's `endpoint` argument as the SPARQL endpoint to send the whole query
    # to, so the federated queries' own `endpoint` parameter never reaches them.
    with urllib.request.urlopen(f"{grlc}/api-local/swagger", timeout=60) as response:
        parameters = json.loads(response.read())["paths"]["/people-from-wikidata"]["get"]["parameters"]
    described = sorted(p["description"] for p in parameters if p["name"] == "endpoint")
    assert described == ["A value of type string that will substitute ?_endpoint in the original query", "Alternative endpoint for SPARQL query"]
    serving = (REPOSITORY / "docs" / "serving.md").read_text(encoding="utf-8")
    for name in FEDERATED:
        assert f"| `{name}` | no |" in serving
