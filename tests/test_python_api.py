"""The Python API (timeline.api): `timeline.open` on a knowledge base folder, a store folder or
a SPARQL URL; typed rows; the read model of events; exports with the command line's bytes; the
command line's errors as exceptions."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from decimal import Decimal

import pandas
import pytest

import timeline
from timeline.api import IRI, Rows, python_value
from timeline.errors import QueryError, ReadOnlyError, TimelineError
from timeline.model.dates import ImpreciseDate, Precision
from timeline.rdf.model import BlankNode, Literal, NamedNode

PUTIN = "https://timeline.example/kb/entity/vladimir-putin"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _cli(runner, *arguments):
    from timeline.cli import cli

    result = runner.invoke(cli, list(arguments))
    assert result.exit_code == 0, result.output
    return result.output


def test_a_stored_query_gives_the_rows_the_command_line_prints(kb_copy, runner):
    with timeline.open(kb_copy) as kb:
        rows = kb.query("actor-timeline", actor="Putin")
    printed = [json.loads(line) for line in _cli(runner, "--kb", str(kb_copy), "query", "actor-timeline", "-p", "actor", "Putin", "-f", "jsonl").splitlines()]
    assert rows.variables == ["event", "begin", "end", "label", "role", "status"]
    assert len(rows) == len(printed) == 12
    assert rows.to_dicts() == printed
    assert all(isinstance(row["event"], IRI) for row in rows)


def test_parameters_come_as_keywords_a_mapping_or_with_a_trailing_underscore(kb_copy):
    with timeline.open(kb_copy) as kb:
        by_keyword = kb.query("events-between", from_="2024-05", to="2024-05")
        by_mapping = kb.query("events-between", {"from": "2024-05", "to": "2024-05"})
        assert by_keyword.to_dicts() == by_mapping.to_dicts() and len(by_keyword) == 20
        with pytest.raises(QueryError, match="'from' is given twice"):
            kb.query("events-between", {"from": "2024-05"}, from_="2024-06", to="2024-06")


def test_the_command_lines_errors_come_as_its_exceptions(kb_copy, tmp_path):
    with timeline.open(kb_copy) as kb:
        with pytest.raises(QueryError, match="no-such-query") as unknown:
            kb.query("no-such-query")
        assert unknown.value.exit_code == QueryError.exit_code
        with pytest.raises(QueryError, match="actor"):
            kb.query("actor-timeline", actor="Nobody Anyone")
        with pytest.raises(TimelineError, match="Cannot tell the format from the name timeline.xyz"):
            kb.export(tmp_path / "timeline.xyz")
        with pytest.raises(TimelineError, match="'people' is not a part"):
            kb.export(tmp_path / "kb.ttl", parts=["people"])
        with pytest.raises(TimelineError, match="does not exist"):
            kb.export(tmp_path / "missing" / "kb.ttl")
    (tmp_path / "plain").mkdir()
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    # Neither a folder of either kind nor an http(s) URL: refused before anything is read or asked.
    for hostile in [tmp_path / "plain", tmp_path / "a-file", tmp_path / "missing", "ftp://127.0.0.1/sparql", "file:///etc/passwd"]:
        with pytest.raises(TimelineError, match="neither a knowledge base folder .* nor a store folder"):
            timeline.open(hostile)


def test_values_are_typed_by_their_datatype():
    def literal(text, datatype):
        return Literal(text, datatype=NamedNode(XSD + datatype))

    assert python_value(NamedNode(PUTIN)) == IRI(PUTIN) and isinstance(python_value(NamedNode(PUTIN)), IRI)
    assert python_value(BlankNode("b1")) == "_:b1"
    assert python_value(None) is None
    assert python_value(Literal("Putin", language="en")) == "Putin"
    assert python_value(literal("42", "integer")) == 42
    assert python_value(literal("240.1", "decimal")) == Decimal("240.1")
    assert python_value(literal("1.5E2", "double")) == 150.0
    assert python_value(literal("true", "boolean")) is True and python_value(literal("0", "boolean")) is False
    assert python_value(literal("2024-02-29", "date")) == datetime.date(2024, 2, 29)
    assert python_value(literal("2024-05-16T10:00:00Z", "dateTime")) == datetime.datetime(2024, 5, 16, 10, tzinfo=datetime.UTC)
    year = python_value(literal("2022", "gYear"))
    assert isinstance(year, ImpreciseDate) and year.precision is Precision.YEAR
    assert python_value(literal("2024-05", "gYearMonth")).precision is Precision.MONTH  # type: ignore[union-attr]
    # Text its datatype does not allow stays text, as does an unknown datatype.
    assert python_value(literal("2023-02-29", "date")) == "2023-02-29"
    assert python_value(literal("many", "integer")) == "many"
    assert python_value(Literal("x", datatype=NamedNode("urn:test:type"))) == "x"


def test_sparql_gives_rows_an_answer_or_triples_and_refuses_an_update(kb_copy):
    with timeline.open(kb_copy) as kb:
        counted = kb.sparql("SELECT (COUNT(?event) AS ?events) WHERE { ?event a sem:Event }")
        assert isinstance(counted, Rows) and counted[0]["events"] == 24
        assert kb.sparql("ASK { ?source a tl:Source }") is True
        built = kb.sparql("CONSTRUCT { ?source a tl:Source } WHERE { ?source a tl:Source }")
        assert isinstance(built, Rows) and {row["subject"] for row in built} == {
            IRI("https://timeline.example/kb/source/xi-putin-beijing-2024-05"), IRI("https://timeline.example/kb/source/reference-facts"),
        }
        with pytest.raises(ReadOnlyError, match="only reads"):
            kb.sparql("DELETE WHERE { ?s ?p ?o }")
        assert kb.sparql("ASK { ?s ?p ?o }") is True  # nothing was deleted


def test_the_events_are_the_read_model_with_dates_that_keep_their_precision(kb_copy):
    with timeline.open(kb_copy) as kb:
        events = kb.events()
        assert len(events) == 24
        partnership = next(event for event in events if event.id == "no-limits-partnership-2022")
        # The article says 2022; the reference facts, 4 February 2022, which is preferred.
        assert partnership.begin == ImpreciseDate.parse("2022-02-04") and partnership.begin.precision is Precision.DAY
        assert {dating.begin.precision for dating in partnership.datings} == {Precision.YEAR, Precision.DAY}
        assert partnership.evidence and all(e.exact for e in partnership.evidence)
        macron = kb.events(actors=["Macron"])
        assert macron and all(any(p.name == "Emmanuel Macron" for p in e.actors + e.places) for e in macron)
        assert len(kb.events(start="2024-05", end="2024-05")) == 20


@pytest.mark.parametrize("name, format_option", [("kb.ttl", None), ("kb.nq", None), ("events.csv", None), ("kb.json", "timelinejs")])
def test_an_export_writes_the_bytes_timeline_export_writes(kb_copy, runner, tmp_path, name, format_option):
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    mine.mkdir()
    theirs.mkdir()
    with timeline.open(kb_copy) as kb:
        assert kb.export(mine / name, format_option) == mine / name
    _cli(runner, "--kb", str(kb_copy), "export", "-o", str(theirs / name), *(["--format", format_option] if format_option else []))
    assert (mine / name).read_bytes() == (theirs / name).read_bytes() and (mine / name).stat().st_size > 1000


def test_a_store_folder_answers_as_its_knowledge_base_does(kb_copy, runner, tmp_path):
    store = tmp_path / "store"
    _cli(runner, "--kb", str(kb_copy), "load", "--store", str(store))
    with timeline.open(kb_copy) as kb, timeline.open(store) as stored:
        assert stored.query("actor-timeline", actor="Putin").to_dicts() == kb.query("actor-timeline", actor="Putin").to_dicts()
        assert len(stored.events()) == 24
        stored.export(tmp_path / "from-store.nq")
        kb.export(tmp_path / "from-folder.nq")
    assert (tmp_path / "from-store.nq").read_bytes() == (tmp_path / "from-folder.nq").read_bytes()


def test_rows_become_a_dataframe(kb_copy):
    with timeline.open(kb_copy) as kb:
        rows = kb.query("trade-volume")
    frame = rows.to_dataframe()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == rows.variables and len(frame) == len(rows) > 0
    assert frame.iloc[0].to_dict() == rows[0]


def test_importing_timeline_costs_the_command_line_nothing_and_a_query_needs_no_rdflib(kb_copy):
    program = (
        "import sys, timeline\n"
        "assert 'timeline.api' not in sys.modules\n"
        f"timeline.open({str(kb_copy)!r}).query('actor-timeline', actor='Putin')\n"
        "print('rdflib' in sys.modules)\n"
    )
    assert subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout == "False\n"


def test_the_month_and_day_of_a_date_time_description_are_numbers():
    from timeline.rdf.model import Literal, NamedNode

    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert python_value(Literal("--05", datatype=NamedNode(xsd + "gMonth"))) == 5
    assert python_value(Literal("---16", datatype=NamedNode(xsd + "gDay"))) == 16
    assert python_value(Literal("--5x", datatype=NamedNode(xsd + "gMonth"))) == "--5x"  # not a month: its text


def test_the_page_and_the_pieces_of_an_export_are_what_the_command_line_writes(kb_copy, runner, tmp_path):
    """`timeline html` and `timeline export` to standard output call the API: the same bytes."""
    told = []
    with timeline.open(kb_copy) as kb:
        page = kb.page(actors=["Putin"], progress=lambda done, total: told.append((done, total)))
        turtle = "".join(kb.exported("turtle", ["entities"]))
    _cli(runner, "--kb", str(kb_copy), "html", "--actor", "Putin", "-o", str(tmp_path / "page.html"))
    assert page.html == (tmp_path / "page.html").read_text(encoding="utf-8")
    assert 0 < page.events < 24 and told == [(1, 3), (2, 3), (3, 3)]
    with timeline.open(kb_copy) as kb:
        assert kb.write_page(tmp_path / "written.html", actors=["Putin"]) == page.events
        with pytest.raises(TimelineError, match="does not exist"):
            kb.write_page(tmp_path / "no such folder" / "page.html")
    assert (tmp_path / "written.html").read_text(encoding="utf-8") == page.html
    assert not (tmp_path / "no such folder").exists()
    assert turtle == _cli(runner, "--kb", str(kb_copy), "export", "--part", "entities")
    assert "entity:vladimir-putin" in turtle


def test_a_bound_query_is_what_a_query_runs_and_the_pages_pieces_are_the_page(kb_copy):
    """What serve calls: the text a stored query runs, its values resolved on the knowledge
    base, and the page as pieces, with links under its heading."""
    with timeline.open(kb_copy) as kb:
        bound = kb.bound("actor-timeline", {"actor": "Putin"})
        assert "<https://timeline.example/kb/entity/vladimir-putin>" in bound.text
        answered = kb.sparql(bound.text)
        assert isinstance(answered, Rows) and answered.to_dicts() == kb.query("actor-timeline", actor="Putin").to_dicts()
        with pytest.raises(QueryError, match="actor"):
            kb.bound("actor-timeline", {"actor": "nobody at all"})
        with kb.page_pieces(links=[("stored queries", "/queries")]) as (pieces, count):
            linked = "".join(pieces)
        plain = kb.page()
    assert count == plain.events == 24
    assert 'href="/queries"' in linked and 'href="/queries"' not in plain.html


def test_threads_asking_for_the_store_at_once_open_it_once(kb_copy, monkeypatch):
    """serve's worker threads share one knowledge base: the first of them opens its store,
    the others wait for it rather than open one each."""
    import threading
    import time

    import timeline.api

    opened = []
    real_open = timeline.api.open_store

    def slow_open(location):
        opened.append(location)
        time.sleep(0.2)
        return real_open(location)

    monkeypatch.setattr(timeline.api, "open_store", slow_open)
    kb = timeline.open(kb_copy)
    stores = []
    threads = [threading.Thread(target=lambda: stores.append(kb.store)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(opened) == 1 and len(stores) == 6 and all(store is stores[0] for store in stores)
    kb.close()
