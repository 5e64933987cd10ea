"""Asking an external knowledge graph: a program query bound with batches of values, one
request at a time (the endpoint client never runs two at once)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

BATCH_SIZE = 50


def batches(items: Sequence[str], size: int = BATCH_SIZE) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
