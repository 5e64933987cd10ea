from datetime import date

import pytest

from timeline.model.dates import ImpreciseDate, Precision, format_date, format_iso_span, format_span


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("2022", date(2022, 1, 1), date(2022, 12, 31), Precision.YEAR),
        ("2024-05", date(2024, 5, 1), date(2024, 5, 31), Precision.MONTH),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), Precision.MONTH),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28), Precision.MONTH),
        ("2024-05-16", date(2024, 5, 16), date(2024, 5, 16), Precision.DAY),
    ],
)
def test_a_date_stands_for_every_day_its_precision_allows(text, earliest, latest, precision):
    parsed = ImpreciseDate.parse(text)
    assert (parsed.earliest, parsed.latest, parsed.precision) == (earliest, latest, precision)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("16 May 2024", "is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2024-5", "is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2024-13", "is not a date of the calendar: month must be in 1..12"),
        ("2023-02-29", "is not a date of the calendar: day is out of range for month"),
        ("", "is not a date"),
    ],
)
def test_a_malformed_date_is_refused_with_the_form_to_use(text, message):
    with pytest.raises(ValueError, match=message):
        ImpreciseDate.parse(text)


def test_the_year_2022_is_not_the_first_of_january():
    assert format_date(date(2022, 1, 1), Precision.YEAR) == "2022"
    assert format_date(date(2024, 5, 1), Precision.MONTH) == "May 2024"
    assert format_date(date(2024, 5, 16), Precision.DAY) == "16 May 2024"


@pytest.mark.parametrize(
    ("begin", "end", "shown"),
    [
        ("2024-05-16", "2024-05-16", "16 May 2024"),
        ("2024-05-16", "2024-05-17", "16–17 May 2024"),
        ("2024-05-30", "2024-06-02", "30 May – 2 June 2024"),
        ("2023-12-30", "2024-01-02", "30 December 2023 – 2 January 2024"),
        ("2012", "2024-05-16", "2012 – 16 May 2024"),
        ("2022", "2022", "2022"),
        ("2024-05", "2024-05", "May 2024"),
        ("2022-02-24", "", "from 24 February 2022"),
    ],
)
def test_spans_show_each_end_at_its_own_precision(begin, end, shown):
    assert format_iso_span(begin, end) == shown


def test_precision_units_are_owl_time_units():
    assert Precision.DAY.unit_iri == "http://www.w3.org/2006/time#unitDay"
    assert format_span(date(2020, 1, 1), Precision.YEAR, None, None) == "from 2020"


@pytest.mark.parametrize(
    ("stamp", "precision", "shown"),
    [
        (date(2022, 1, 1), Precision.YEAR, "2022"),  # a begin stamp: the first day of its year
        (date(2022, 12, 31), Precision.YEAR, "2022"),  # an end stamp: the last day
        (date(2024, 2, 29), Precision.MONTH, "2024-02"),
        (date(2024, 5, 16), Precision.DAY, "2024-05-16"),
    ],
)
def test_a_timestamp_with_its_precision_stands_for_its_year_month_or_day(stamp, precision, shown):
    assert ImpreciseDate.containing(stamp, precision) == ImpreciseDate.parse(shown)
    assert ImpreciseDate.containing(stamp, precision) == ImpreciseDate.of(*(int(part) for part in shown.split("-")))


def test_a_precision_comes_from_its_owl_time_unit_and_no_other():
    assert [Precision.of_unit(precision.unit_iri) for precision in Precision] == list(Precision)
    with pytest.raises(ValueError, match="time:unitYear"):
        Precision.of_unit("http://www.w3.org/2006/time#unitWeek")
