"""Every stored query, run with its header's example parameters on the seed data, gives the
rows in tests/expected/<name>.tsv (W3C SPARQL results TSV), on Oxigraph and on rdflib's own
engine alike. A query whose answer changes breaks the test that names it.

To accept a deliberate change, regenerate the files and review the diff:
    TIMELINE_UPDATE_EXPECTED=1 pytest tests/test_stored_queries.py
"""

import os
from pathlib import Path

import pytest

from timeline.catalog import checks, run, stored_queries
from timeline.views.results import format_result

EXPECTED = Path(__file__).parent / "expected"
CATALOG = stored_queries()
# Federated queries ask a remote endpoint: tests/test_linking.py runs them against a local one.
LOCAL = sorted(name for name, query in CATALOG.queries.items() if "federated" not in query.tags)


@pytest.mark.parametrize("name", LOCAL)
def test_stored_query_gives_its_expected_rows(name, seed_store):
    query = CATALOG.get(name)
    actual = format_result(run(query, query.example, seed_store), "tsv")
    expected_file = EXPECTED / f"{name}.tsv"
    if os.environ.get("TIMELINE_UPDATE_EXPECTED"):
        expected_file.write_text(actual, encoding="utf-8")
    assert actual == expected_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", LOCAL + [f"checks/{name}" for name in sorted(checks().queries)])
def test_stored_query_means_the_same_on_oxigraph_and_rdflib(name, seed_store, rdflib_store):
    query = checks().get(name.removeprefix("checks/")) if name.startswith("checks/") else CATALOG.get(name)
    on_oxigraph = format_result(run(query, query.example, seed_store), "tsv")
    on_rdflib = format_result(run(query, query.example, rdflib_store), "tsv")
    assert on_oxigraph == on_rdflib


def test_every_expected_file_belongs_to_a_stored_query():
    assert sorted(path.stem for path in EXPECTED.glob("*.tsv")) == sorted(CATALOG.queries)
    assert sorted(set(CATALOG.queries) - set(LOCAL)) == ["people-from-wikidata", "places-from-wikidata"]


def test_the_catalogue_has_the_queries_users_rely_on():
    assert {
        "timeline", "actor-timeline", "meetings-between", "events-between", "before", "after",
        "sub-events", "trade-volume", "quotes", "evidence", "entities",
    } <= set(CATALOG.queries)
