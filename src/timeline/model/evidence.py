"""Finding the exact words of a source, and the W3C Web Annotation selectors that point at them.

Offsets count Unicode code points (Python string indices), end exclusive, as the
TextPositionSelector of the Web Annotation Data Model requires.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

# How much text around a quote the TextQuoteSelector keeps as prefix and suffix: enough to
# tell two occurrences of a short quote apart, short enough to read.
CONTEXT_LENGTH = 32


@dataclass(frozen=True)
class Span:
    """Where a quote stands in a source text, with the context a TextQuoteSelector records."""

    exact: str
    start: int
    end: int
    prefix: str
    suffix: str


class QuoteNotFound(ValueError):
    """A quote that is not in the text, or is there more than once without a prefix to choose."""


def locate(text: str, quote: str, prefix: str | None = None) -> Span:
    """Find the one place where `quote` stands in `text`, after `prefix` when one is given."""
    if not quote:
        raise QuoteNotFound("the quote is empty")
    needle = (prefix or "") + quote
    starts = _occurrences(text, needle)
    if not starts:
        raise QuoteNotFound(f"{quote!r} is not in the text{_nearest(text, quote)}")
    if len(starts) > 1:
        places = "; ".join(repr("…" + text[max(0, start - 20) : start + len(needle) + 10] + "…") for start in starts[:3])
        raise QuoteNotFound(
            f"{quote!r} occurs {len(starts)} times in the text ({places}); add a `prefix` with the words "
            f"just before the one you mean"
        )
    start = starts[0] + len(prefix or "")
    end = start + len(quote)
    return Span(
        exact=quote,
        start=start,
        end=end,
        prefix=text[max(0, start - CONTEXT_LENGTH) : start],
        suffix=text[end : end + CONTEXT_LENGTH],
    )


def _occurrences(text: str, needle: str) -> list[int]:
    starts = []
    position = text.find(needle)
    while position != -1:
        starts.append(position)
        position = text.find(needle, position + 1)
    return starts


def _nearest(text: str, quote: str) -> str:
    """The passage of the text most like the quote, to show where a typo is."""
    window = len(quote)
    candidates = [text[i : i + window] for i in range(0, max(1, len(text) - window + 1))]
    matches = difflib.get_close_matches(quote, candidates, n=1, cutoff=0.6)
    if not matches:
        return ""
    return f"; the nearest passage is {matches[0]!r}"
