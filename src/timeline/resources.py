"""Where the ontology, the stored queries and the curated knowledge base live.

In a checkout they sit at the top of the repository (ontology/, queries/, kb/), where people
look for them. A built wheel carries copies inside the package, under timeline/_bundled/, so
that an installed `timeline` finds them from any folder. This module is the one place that
knows both layouts.

The bundle is found beside this module's file rather than through importlib.resources, whose
import (it brings tempfile and shutil) cost 5 ms of every command's start: timeline reads its
data as files on disk either way, so it is never run from a zip archive.
"""

from functools import cache
from pathlib import Path

_FOLDERS = ("ontology", "queries", "kb")


@cache
def _root() -> Path:
    bundled = Path(__file__).resolve().parent / "_bundled"
    if bundled.is_dir():
        return bundled
    checkout = Path(__file__).resolve().parents[2]
    if all((checkout / name).is_dir() for name in _FOLDERS):
        return checkout
    raise RuntimeError(
        "timeline cannot find its ontology, queries and knowledge base: the package was "
        "installed without its bundled data. Reinstall it with `pip install .` from the checkout."
    )


def ontology_dir() -> Path:
    return _root() / "ontology"


def queries_dir() -> Path:
    return _root() / "queries"


def kb_dir() -> Path:
    return _root() / "kb"


def checkout_kb_dir() -> Path | None:
    """The kb/ folder of the checkout timeline runs from, or None when it runs installed
    (the bundled copy inside the package is never rewritten)."""
    root = _root()
    return None if root.name == "_bundled" else root / "kb"
