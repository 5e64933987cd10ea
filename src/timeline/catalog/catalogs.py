"""The three catalogues of stored queries: the users' (queries/*.rq), the checks every knowledge
base must pass (queries/checks/*.rq) and the program's own (queries/program/*.rq)."""

from __future__ import annotations

from functools import cache

from timeline.catalog.headers import Catalog
from timeline.catalog.stored_query import StoredQuery
from timeline.resources import queries_dir


def stored_queries() -> Catalog:
    """The users' catalogue: what `timeline queries` lists and `timeline query NAME` runs, and
    what grlc serves (its parameters' variables follow grlc's names)."""
    return Catalog(queries_dir(), grlc_variables=True)


def checks() -> Catalog:
    """The check queries: each must find nothing in a valid knowledge base."""
    return Catalog(queries_dir() / "checks")


@cache
def program_queries() -> Catalog:
    """The queries timeline itself runs (parameter resolution, the read model, linking)."""
    return Catalog(queries_dir() / "program")


def program_query(name: str) -> StoredQuery:
    catalog = program_queries()
    if not (catalog.folder / f"{name}.rq").is_file():
        raise RuntimeError(f"timeline is installed without its program query {name}.rq; reinstall it")
    return catalog.get(name)
