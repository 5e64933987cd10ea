"""The TimelineJS and CSV exports: the format's rules, and precision kept."""

import csv
import io
import json
from datetime import date

import pytest

from timeline.cli import cli
from timeline.model.dates import Precision


@pytest.fixture(scope="module")
def timelinejs():
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["export", "--format", "timelinejs"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _check_date(value: dict) -> None:
    """A TimelineJS date object: a whole-number year; month 1-12 and day only with their
    coarser parts; a day that exists in its month; an optional display_date string."""
    assert set(value) <= {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date"}
    assert isinstance(value["year"], int)
    if "day" in value:
        assert "month" in value
        date(value["year"], value["month"], value["day"])
    if "month" in value:
        assert isinstance(value["month"], int) and 1 <= value["month"] <= 12
    assert isinstance(value.get("display_date", ""), str)


def test_the_document_follows_the_timelinejs_format(timelinejs):
    assert set(timelinejs) == {"title", "events"}
    assert isinstance(timelinejs["title"]["text"]["headline"], str)
    ids = [event["unique_id"] for event in timelinejs["events"]]
    assert len(ids) == len(set(ids)) == 24
    for event in timelinejs["events"]:
        assert set(event) <= {"unique_id", "start_date", "end_date", "display_date", "text", "group", "media", "background", "autolink"}
        _check_date(event["start_date"])
        if "end_date" in event:
            _check_date(event["end_date"])
        assert isinstance(event["text"]["headline"], str) and isinstance(event["text"]["text"], str)
        assert isinstance(event["group"], str)


def test_precision_survives(timelinejs):
    events = {event["unique_id"]: event for event in timelinejs["events"]}
    assert events["china-russia-trade-2023"]["start_date"] == {"year": 2023, "display_date": "2023"}
    assert events["russian-cabinet-reshuffle-2024"]["start_date"] == {"year": 2024, "month": 5, "display_date": "May 2024"}
    assert events["putin-fifth-inauguration-2024"]["start_date"] == {"year": 2024, "month": 5, "day": 7, "display_date": "7 May 2024"}
    series = events["putin-xi-meetings-since-2012"]
    assert series["start_date"] == {"year": 2012, "display_date": "2012"}
    assert series["end_date"] == {"year": 2024, "month": 5, "day": 16, "display_date": "16 May 2024"}
    assert series["display_date"] == "2012 – 16 May 2024"
    assert "end_date" not in events["russian-invasion-of-ukraine"]


def test_slides_are_grouped_by_actor_and_quote_their_evidence(timelinejs):
    events = {event["unique_id"]: event for event in timelinejs["events"]}
    assert events["putin-state-visit-china-2024"]["group"] == "Vladimir Putin"
    assert events["paris-meeting-2024"]["group"] == "Emmanuel Macron"
    assert "<blockquote>sworn in as president for a fifth term earlier this month</blockquote>" in events["putin-fifth-inauguration-2024"]["text"]["text"]


def test_the_csv_has_one_row_per_event(runner):
    result = runner.invoke(cli, ["export", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8"), newline="")))
    assert len(rows) == 24
    assert list(rows[0]) == ["id", "label", "type", "begin", "end", "precision", "status", "actors", "place", "wikidata", "source", "evidence"]
    inauguration = next(row for row in rows if row["id"] == "putin-fifth-inauguration-2024")
    assert inauguration == {
        "id": "putin-fifth-inauguration-2024",
        "label": "Putin sworn in as president for a fifth term",
        "type": "inauguration",
        "begin": "2024-05-07",
        "end": "2024-05-07",
        "precision": "day",
        "status": "completed",
        "actors": "Vladimir Putin (subject)",
        "place": "Moscow",
        "wikidata": "Q7747",
        "source": "Reference facts for the seed article; Xi welcomes ‘old friend’ Putin to Beijing, affirms strength of China-Russia bond",
        "evidence": "sworn in as president for a fifth term earlier this month",
    }
    trade = next(row for row in rows if row["id"] == "china-russia-trade-2023")
    assert (trade["begin"], trade["precision"]) == ("2023", "year")


def test_a_view_format_takes_no_parts(runner):
    result = runner.invoke(cli, ["export", "--format", "csv", "--part", "events"])
    assert (result.exit_code, result.output) == (2, "Error: --part picks RDF graphs; --format csv exports every event. Leave out --part.\n")


def test_the_read_model_dates_agree_with_what_the_stored_queries_show(seed_store):
    """The read model makes its dates from the timestamps, units and OWL-Time descriptions
    themselves; the stored queries `timeline` and `datings` show the same dates to people."""
    from timeline.catalog import select, stored_queries
    from timeline.rdf.model import plain_value
    from timeline.views.events import event_views

    events = event_views(seed_store, with_evidence=False)
    shown = [(plain_value(row["event"]), plain_value(row["begin"]), plain_value(row["end"]))
             for row in select(stored_queries().get("timeline"), {}, seed_store).records()]
    assert [(event.iri, event.begin.iso, event.end.iso if event.end else "") for event in events] == shown
    datings = sorted((plain_value(row["event"]), plain_value(row["source"]), plain_value(row["begin"]), plain_value(row["end"]))
                     for row in select(stored_queries().get("datings"), {}, seed_store).records())
    assert sorted((event.iri, dating.source, dating.begin.iso, dating.end.iso if dating.end else "")
                  for event in events for dating in event.datings) == datings
    assert any(dating.preferred for event in events for dating in event.datings)
    assert {event.begin.precision for event in events} == set(Precision)
