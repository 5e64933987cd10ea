"""Date expressions read against a source's reference date, table-driven: each gives its
interval, its precision and a reading; anything else is an error, never a guess."""

from datetime import date

import pytest

from timeline.curation.build import build
from timeline.temporal.date_expressions import UnresolvedDate, resolve
from timeline.model.dates import Precision
from timeline.errors import DataFileError

REFERENCE = date(2024, 5, 16)


@pytest.mark.parametrize(
    ("expression", "earliest", "latest", "precision", "reading"),
    [
        ("16 May 2024", "2024-05-16", "2024-05-16", Precision.DAY, "'16 May 2024' names the date itself."),
        ("May 16, 2024", "2024-05-16", "2024-05-16", Precision.DAY, "'May 16, 2024' names the date itself."),
        ("May 2024", "2024-05-01", "2024-05-31", Precision.MONTH, "'May 2024' names the date itself."),
        ("in 2022", "2022-01-01", "2022-12-31", Precision.YEAR, "'in 2022' names the date itself."),
        ("2024-05-07", "2024-05-07", "2024-05-07", Precision.DAY, "'2024-05-07' names the date itself."),
        ("earlier this month", "2024-05-01", "2024-05-31", Precision.MONTH,
         "Read against the source's reference date, 16 May 2024: May 2024 (2024-05; timeline dates, rule relative-unit)."),
        ("last month", "2024-04-01", "2024-04-30", Precision.MONTH, "Read against the source's reference date, 16 May 2024: April 2024 (2024-04; timeline dates, rule relative-unit)."),
        ("in October", "2023-10-01", "2023-10-31", Precision.MONTH,
         "Read against the source's reference date, 16 May 2024: October 2023 (2023-10; timeline dates, rule month)."),
        ("last October", "2023-10-01", "2023-10-31", Precision.MONTH,
         "Read against the source's reference date, 16 May 2024: October 2023 (2023-10; timeline dates, rule month)."),
        ("in May", "2024-05-01", "2024-05-31", Precision.MONTH, "Read against the source's reference date, 16 May 2024: May 2024 (2024-05; timeline dates, rule month)."),
        ("last May", "2023-05-01", "2023-05-31", Precision.MONTH, "Read against the source's reference date, 16 May 2024: May 2023 (2023-05; timeline dates, rule month)."),
        ("next October", "2024-10-01", "2024-10-31", Precision.MONTH,
         "Read against the source's reference date, 16 May 2024: October 2024 (2024-10; timeline dates, rule month)."),
        ("in March", "2024-03-01", "2024-03-31", Precision.MONTH, "Read against the source's reference date, 16 May 2024: March 2024 (2024-03; timeline dates, rule month)."),
        ("last year", "2023-01-01", "2023-12-31", Precision.YEAR, "Read against the source's reference date, 16 May 2024: 2023 (2023; timeline dates, rule relative-unit)."),
        ("tomorrow", "2024-05-17", "2024-05-17", Precision.DAY, "Read against the source's reference date, 16 May 2024: 17 May 2024 (2024-05-17; timeline dates, rule deictic-day)."),
    ],
)
def test_an_expression_reads_as_an_interval_with_its_precision(expression, earliest, latest, precision, reading):
    result = resolve(expression, REFERENCE)
    assert (result.date.earliest.isoformat(), result.date.latest.isoformat(), result.date.precision, result.explanation) == (
        earliest, latest, precision, reading
    )


WEEK = "kept at month precision, as this knowledge base records days, months and years and the text names no day."


@pytest.mark.parametrize(
    ("expression", "reference", "begin", "end", "week"),
    [
        ("next week", REFERENCE, "2024-05", "2024-05", "20 May 2024 – 26 May 2024"),
        ("last week", REFERENCE, "2024-05", "2024-05", "6 May 2024 – 12 May 2024"),
        ("this week", date(2024, 5, 29), "2024-05", "2024-06", "27 May 2024 – 2 June 2024"),
    ],
)
def test_a_week_is_named_day_by_day_and_kept_at_month_precision(expression, reference, begin, end, week):
    reading = resolve(expression, reference)
    shown_end = (reading.end or reading.date)
    assert (reading.date.precision, f"{reading.date.earliest:%Y-%m}", f"{shown_end.latest:%Y-%m}") == (Precision.MONTH, begin, end)
    assert reading.explanation.endswith(f"the week of {week}, {WEEK}")


def test_shortly_before_x_is_kept_as_an_order_with_its_evidence(kb_copy, edit):
    events = kb_copy / "events" / "xi-putin-beijing-2024-05.toml"
    claim = '''[[claim]]
id = "partnership-shortly-before-invasion"
label = "The no-limits partnership was forged shortly before the Russian invasion of Ukraine."
triple = ["no-limits-partnership-2022", "shortlyPrecedes", "russian-invasion-of-ukraine"]
evidence = ["shortly before the Russian invasion of Ukraine"]
'''
    edit(events, claim, "")
    edit(events, '[[event.time]]\nbegin = "2022"\nexpression = "in 2022"',
         '[[event.time]]\nwhen = "shortly before russian-invasion-of-ukraine"\nevidence = ["shortly before the Russian invasion of Ukraine"]\n\n[[event.time]]\nbegin = "2022"\nexpression = "in 2022"')
    build(kb_copy)
    from timeline.catalog import run, stored_queries
    from timeline.store import StoreLocation, open_store

    store = open_store(StoreLocation(kb_dir=kb_copy))
    before = run(stored_queries().get("before"), {"event": "russian-invasion-of-ukraine"}, store).records()
    assert [(r["event"].value.rsplit("/", 1)[-1], r["basis"].value) for r in before] == [
        ("china-russia-trade-2020", "dates"), ("no-limits-partnership-2022", "dates and source")
    ]
    claims = run(stored_queries().get("claims"), {}, store).records()
    order = next(r for r in claims if r["claim"].value.endswith("no-limits-partnership-2022-shortly-precedes-russian-invasion-of-ukraine"))
    assert order["words"].value == "shortly before the Russian invasion of Ukraine"


def test_an_order_alone_does_not_date_an_event(kb_copy, edit):
    events = kb_copy / "events" / "xi-putin-beijing-2024-05.toml"
    edit(events, '[[event.time]]\nsource = "reference-facts"\nbegin = "2024-05"\nresolution = "The new Russian government was formed in May 2024, after the inauguration; no day was checked."\nevidence = ["new Russian government formed in May 2024 (after the inauguration)"]',
         '[[event.time]]\nsource = "reference-facts"\nwhen = "after putin-fifth-inauguration-2024"\nevidence = ["(after the inauguration)"]')
    with pytest.raises(DataFileError, match="every event needs at least one \\[\\[event.time\\]\\] that dates it: an order such as"):
        build(kb_copy)


@pytest.mark.parametrize(
    ("expression", "reference", "message"),
    [
        ("next fortnight", REFERENCE, "'next fortnight' is not a date expression timeline can read; it reads: 16 May 2024"),
        ("recently", REFERENCE, "is not a date expression timeline can read"),
        ("on Funday", REFERENCE, "is not a date expression timeline can read"),
        ("recently", REFERENCE, "is not a date expression timeline can read"),
        ("31 February 2024", REFERENCE, "is not a date of the calendar"),
        ("earlier this month", None, "'earlier this month' is relative, and the source has no reference date to read it against"),
    ],
)
def test_an_expression_it_cannot_read_is_an_error(expression, reference, message):
    with pytest.raises(UnresolvedDate, match=message):
        resolve(expression, reference)


def test_when_in_an_events_file_writes_the_same_dating_as_begin_with_a_reading(kb_copy, edit):
    events = kb_copy / "events" / "xi-putin-beijing-2024-05.toml"
    old = 'resolution = "Read against the source\'s reference date, 16 May 2024: the last October before it, October 2023."'
    # The reading `when` writes, as the reader of time expressions gives it:
    reading = "Read against the source's reference date, 16 May 2024: October 2023 (2023-10; timeline dates, rule month)."
    edit(events, old, f'resolution = "{reading}"')
    build(kb_copy)
    curated = (kb_copy / "events" / "xi-putin-beijing-2024-05.ttl").read_bytes()
    edit(events, f'begin = "2023-10"\nexpression = "in October"\nresolution = "{reading}"', 'when = "in October"')
    build(kb_copy)
    assert (kb_copy / "events" / "xi-putin-beijing-2024-05.ttl").read_bytes() == curated


def test_when_with_begin_or_an_unreadable_expression_is_an_error(kb_copy, edit):
    events = kb_copy / "events" / "xi-putin-beijing-2024-05.toml"
    edit(events, 'begin = "2023-10"\nexpression = "in October"', 'when = "in October"\nbegin = "2023-10"')
    with pytest.raises(DataFileError, match="field 'time.when': give either `when` or `begin` and `end`, not both"):
        build(kb_copy)
    edit(events, 'when = "in October"\nbegin = "2023-10"', 'when = "some time ago"')
    with pytest.raises(DataFileError, match="'some time ago' is not a date expression timeline can read"):
        build(kb_copy)


@pytest.mark.parametrize(
    "expression, reference, expected",
    [
        ("on Thursday", date(2024, 5, 17), "2024-05-16"),  # the reference date is a Friday
        ("on Friday", date(2024, 5, 17), "2024-05-17"),
        ("Monday", date(2024, 5, 17), "2024-05-13"),
        ("last Friday", date(2024, 5, 17), "2024-05-10"),
        ("next Friday", date(2024, 5, 17), "2024-05-24"),
        ("next Saturday", date(2024, 5, 17), "2024-05-18"),
    ],
)
def test_a_weekday_is_read_against_the_reference_date(expression, reference, expected):
    assert resolve(expression, reference).date.iso == expected


def test_a_weekday_in_the_future_tense_is_the_next_such_day():
    assert resolve("on Thursday", date(2024, 5, 17), future=True).date.iso == "2024-05-23"
    assert resolve("on Friday", date(2024, 5, 17), future=True).date.iso == "2024-05-24"
