import pytest

from timeline.model.evidence import CONTEXT_LENGTH, QuoteNotFound, locate

TEXT = "Xi met Putin. Putin met Xi in Beijing, “old friend” and all."


def test_a_unique_quote_gets_code_point_offsets_and_context():
    span = locate(TEXT, "“old friend”")
    assert TEXT[span.start : span.end] == "“old friend”"
    assert span.prefix == TEXT[max(0, span.start - CONTEXT_LENGTH) : span.start]
    assert span.suffix == " and all."


def test_a_quote_found_twice_needs_a_prefix():
    with pytest.raises(QuoteNotFound) as caught:
        locate(TEXT, "met")
    assert str(caught.value) == (
        "'met' occurs 2 times in the text ('…Xi met Putin. Pu…'; '…Xi met Putin. Putin met Xi in Bei…'); "
        "add a `prefix` with the words just before the one you mean"
    )
    span = locate(TEXT, "met", prefix="Putin ")
    assert (span.start, span.end) == (20, 23)


def test_a_missing_quote_names_the_nearest_passage():
    with pytest.raises(QuoteNotFound, match=r"'Putin met Xi in Bejing' is not in the text; the nearest passage is 'utin met Xi in Beijing'"):
        locate(TEXT, "Putin met Xi in Bejing")


def test_an_empty_quote_is_refused():
    with pytest.raises(QuoteNotFound, match="the quote is empty"):
        locate(TEXT, "")
