"""timeline's Python API: a knowledge base opened from a program or a notebook, its stored
queries run with typed rows, its events read whole, its RDF exported.

    import timeline

    kb = timeline.open("kb")                                # a KB folder, a store folder or a SPARQL URL
    rows = kb.query("actor-timeline", actor="Putin")        # Rows: typed values, by column
    rows.to_dicts()                                         # plain dicts; rows.to_dataframe() with pandas
    kb.query("events-between", from_="2024-05", to="2024-05")  # `from` is Python's: write from_
    for event in kb.events(): print(event.shown_date, event.label)
    kb.export("timeline.ttl")                               # the format from the name, as the CLI has it

The command line does the same through the same library, so an error here is the one the command
line prints, raised as the same exception (a TimelineError, with its message and exit code).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from timeline.errors import QueryError, TimelineError
from timeline.model.values import IRI, Value, python_value
from timeline.rdf.model import Term, Triple
from timeline.store import Boolean, StoreKind, StoreLocation, Triples, is_store_folder, open_store

__all__ = ["IRI", "KnowledgeBase", "Page", "Progress", "Rows", "Value", "open", "python_value"]

# Told of work done: (done, total).
Progress = Callable[[int, int], None]

if TYPE_CHECKING:
    import pandas

    from timeline.catalog.binding import BoundQuery
    from timeline.store.protocol import Store
    from timeline.store.results import QueryResult
    from timeline.views.events import EventView


class Rows(Sequence[dict[str, Value]]):
    """The rows of a query: each a dict of column to value (None where a variable is unbound),
    in the query's order."""

    def __init__(self, variables: Sequence[str], records: Sequence[dict[str, Value]]) -> None:
        self.variables = list(variables)
        self._records = list(records)

    @overload
    def __getitem__(self, index: int) -> dict[str, Value]: ...
    @overload
    def __getitem__(self, index: slice) -> Rows: ...
    def __getitem__(self, index: int | slice) -> dict[str, Value] | Rows:
        if isinstance(index, slice):
            return Rows(self.variables, self._records[index])
        return self._records[index]

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[dict[str, Value]]:
        return iter(self._records)

    def __repr__(self) -> str:
        return f"<Rows: {len(self)} rows of {', '.join(self.variables)}>"

    def to_dicts(self) -> list[dict[str, Value]]:
        """The rows as plain dicts (copies)."""
        return [dict(record) for record in self._records]

    def to_dataframe(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame, one column per variable (pandas is an extra:
        pip install 'timeline[dataframe]')."""
        try:
            import pandas
        except ImportError:
            raise TimelineError("pandas is not installed: pip install 'timeline[dataframe]' (or pandas) to get a DataFrame.") from None
        return pandas.DataFrame(self.to_dicts(), columns=self.variables)


def open(location: str | Path | None = None, *, timeout: float = 60.0) -> KnowledgeBase:
    """The knowledge base at `location`: a knowledge base folder (with sources.toml), a store
    folder written by `timeline load`, or the http(s) URL of a SPARQL endpoint. None: the
    knowledge base the current folder is in, else the seed installed with timeline, as the
    command line finds it. `timeout`: seconds a query may run."""
    return KnowledgeBase(where(location, timeout))


def where(location: str | Path | None, timeout: float = 60.0) -> StoreLocation:
    """The StoreLocation `location` names (see `open`); a folder that is neither a knowledge
    base nor a store is a TimelineError that says what to give."""
    if location is None:
        return StoreLocation(timeout=timeout)
    named = StoreLocation(store=str(location), timeout=timeout)
    if named.kind is StoreKind.SERVER:
        return named
    folder = Path(location)
    if (folder / "sources.toml").is_file():
        return StoreLocation(kb_dir=folder, timeout=timeout)
    if folder.is_dir() and is_store_folder(folder):
        return named
    raise TimelineError(
        f"{folder} is neither a knowledge base folder (one with sources.toml) nor a store folder written by `timeline load`: "
        "give one of those, or the http(s) URL of a SPARQL endpoint."
    )


class KnowledgeBase:
    """An open knowledge base, read-only. Use it in a `with` block, or call close()."""

    def __init__(self, location: StoreLocation) -> None:
        import threading

        self.location = location
        self._store: Store | None = None
        self._opening = threading.Lock()  # serve's worker threads share one knowledge base

    @property
    def store(self) -> Store:
        """The store the knowledge base is read from, opened on first use, once."""
        with self._opening:
            if self._store is None:
                self._store = open_store(self.location)
            return self._store

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def close(self) -> None:
        with self._opening:
            if self._store is not None:
                self._store.close()
                self._store = None

    def __repr__(self) -> str:
        return f"<timeline.KnowledgeBase {self.location.shown()}>"

    def queries(self) -> Rows:
        """The stored queries: name, parameters (names) and summary."""
        from timeline.catalog import stored_queries

        return Rows(["name", "parameters", "summary"], [
            {"name": query.name, "parameters": " ".join(p.name for p in query.parameters), "summary": query.summary}
            for query in stored_queries().queries.values()
        ])

    def query(self, name: str, parameters: Mapping[str, str] | None = None, /, **values: str) -> Rows:
        """Run the stored query `name` with its parameters, given as a mapping or as keywords
        (a trailing underscore is dropped, for names Python keeps: from_="2024-05"). Values are
        read as the command line reads them: an entity or event by id, label or Wikidata id."""
        given = dict(parameters or {})
        for keyword, value in values.items():
            parameter = keyword.removesuffix("_")
            if parameter in given:
                raise QueryError(f"Parameter {parameter!r} is given twice; give it once.")
            given[parameter] = value
        return _rows(self.result(name, given))

    def result(self, name: str, parameters: Mapping[str, str]) -> QueryResult:
        """The stored query's answer as the engine gives it (rows of terms, a boolean or
        triples), for a caller that formats it itself, as `timeline query` does."""
        return self.store.query(self.bound(name, parameters))

    def bound(self, name: str, parameters: Mapping[str, str]) -> BoundQuery:
        """The stored query `name` with the parameters bound, each read as `query` reads it
        (an entity by id, label or Wikidata id, resolved on this knowledge base): what `result`
        runs, for a caller that sends it to an engine itself, as `timeline serve` does to ask
        for the engine's own result formats. Its `text` is the SPARQL sent."""
        from timeline.catalog import bound_query, stored_queries

        return bound_query(stored_queries().get(name), dict(parameters), self.store)

    def sparql_result(self, text: str) -> QueryResult:
        """A read-only SPARQL query's answer as the engine gives it (see `sparql`), for a caller
        that formats it itself, as `timeline sparql` does."""
        from timeline.rdf.prefixes import PREFIXES

        return self.store.query(text, prefixes=PREFIXES)

    def sparql(self, text: str) -> Rows | bool:
        """Run a read-only SPARQL query (the project's prefixes need no declaring): a SELECT's
        rows; an ASK's answer; a CONSTRUCT's or DESCRIBE's triples as rows of subject,
        predicate and object. An update is refused."""
        result = self.sparql_result(text)
        if isinstance(result, Boolean):
            return result.value
        if isinstance(result, Triples):
            return Rows(["subject", "predicate", "object"], [
                {"subject": _triple_part(t.subject), "predicate": python_value(t.predicate), "object": _triple_part(t.object)}
                for t in result.triples
            ])
        return _rows(result)

    def events(self, actors: Sequence[str] = (), start: str | None = None, end: str | None = None, evidence: bool = True) -> list[EventView]:
        """Every event in timeline order (of `actors`, named as query parameters are, and that
        can overlap the period from `start` to `end`, YYYY[-MM[-DD]], if given), each with its
        dates as ImpreciseDate, participants, datings and (unless `evidence` is False) the
        source passages behind it: the read model the page, the terminal timeline (`timeline
        show`, which calls it) and the CSV export show."""
        from timeline.views.events import event_views, select_events

        everything = event_views(self.store, with_evidence=evidence)
        return select_events(everything, self.store, tuple(actors), start, end) if actors or start or end else everything

    def export(
        self, path: str | Path, format: str | None = None, parts: Sequence[str] = (), progress: Progress | None = None,
    ) -> Path:
        """Write the knowledge base to `path`, whole or not at all: as RDF (turtle, ntriples,
        nquads, trig, jsonld), or its events as csv or timelinejs; by default in the format the
        name's ending asks for. `parts` picks named graphs (ontology, sources, entities, events,
        links, enrichment): all by default. The same bytes as `timeline export`, which calls it;
        `progress(done, total)` is told of each graph written."""
        from timeline.rdf.files import write_output
        from timeline.views.export_formats import format_of

        output = Path(path)
        write_output(output, self.exported(format or format_of(output), parts, progress))
        return output

    def exported(self, format: str = "turtle", parts: Sequence[str] = (), progress: Progress | None = None) -> Iterator[str]:
        """What `export` writes, as pieces to write as they come (no RDF format holds the whole
        knowledge base in memory): for a caller that writes them itself, as `timeline export`
        does to standard output."""
        from timeline.views.export_formats import exported

        with self._reading_everything() as store:
            yield from exported(store, format, parts, progress or (lambda done, total: None))

    def page(self, actors: Sequence[str] = (), start: str | None = None, end: str | None = None, progress: Progress | None = None) -> Page:
        """The timeline as one self-contained HTML page, of `actors` and the period from `start`
        to `end` if given, as events() has them: the bytes `write_page` writes, as one string."""
        with self.page_pieces(actors, start, end, progress) as (pieces, count):
            return Page("".join(pieces), count)

    def write_page(
        self, path: str | Path, actors: Sequence[str] = (), start: str | None = None, end: str | None = None, progress: Progress | None = None,
    ) -> int:
        """Write the page `page()` makes to `path`, whole or not at all, piece by piece (what
        `timeline html` does: at 240,000 events the page is half a gigabyte); how many events
        it shows."""
        from timeline.rdf.files import write_output

        output = Path(path)
        with self.page_pieces(actors, start, end, progress) as (pieces, count):
            write_output(output, pieces)
        return count

    @contextmanager
    def page_pieces(
        self, actors: Sequence[str] = (), start: str | None = None, end: str | None = None, progress: Progress | None = None,
        links: Sequence[tuple[str, str]] = (),
    ) -> Iterator[tuple[Iterator[str], int]]:
        """In a `with` block: the page `page()` makes, as pieces to use as they come (written to
        a file, or packed as `timeline serve` keeps its page), and how many events it shows.
        `links` (text, address) go under its heading: serve links its API."""
        from timeline.views.events import event_views, kb_title, select_events, sources
        from timeline.views.page import page_pieces

        told = progress or (lambda done, total: None)
        with self._reading_everything() as store:
            told(1, 3)
            events = select_events(event_views(store), store, tuple(actors), start, end)
            told(2, 3)
            all_sources = sources(store)
            yield page_pieces(events, all_sources, kb_title(all_sources), tuple(links)), len(events)
            told(3, 3)

    @contextmanager
    def _reading_everything(self) -> Iterator[Store]:
        """The store for work that reads every triple (an export, the page): a knowledge base
        folder's files read into memory, where a scan of every triple ran three times faster
        than on the folder's derived store (33 s against 14 s at 10,000 events); any other
        store as it is."""
        if self.location.kind is not StoreKind.KB_FILES:
            yield self.store
            return
        store = open_store(self.location, reads_everything=True)
        try:
            yield store
        finally:
            store.close()


@dataclass(frozen=True)
class Page:
    """The timeline page: its HTML, and how many events it shows."""

    html: str
    events: int


def _rows(result: Any) -> Rows:
    if isinstance(result, Boolean):
        raise QueryError("the query is an ASK query: run it with sparql(), which gives its answer as a bool")
    if isinstance(result, Triples):
        raise QueryError("the query builds a graph: run it with sparql(), which gives its triples as rows")
    return Rows(result.variables, [
        {name: python_value(term) for name, term in zip(result.variables, row, strict=True)} for row in result.table
    ])


def _triple_part(term: Term | Triple) -> Value:
    """A CONSTRUCT triple's subject or object as a value; a quoted triple (RDF-star) as its
    N-Triples text."""
    return str(term) if isinstance(term, Triple) else python_value(term)
