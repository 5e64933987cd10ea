"""An Oxigraph store (pyoxigraph), in memory or in a folder on disk: the embedded engine."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.errors import DataFileError, QueryError, ReadOnlyError, StoreWriteError
from timeline.store.deadline import within
from timeline.store.engine_errors import first_line, too_large_error, turtle_error
from timeline.store.protocol import StoreBase, only_rows
from timeline.store.query_forms import prepare_query
from timeline.store.results import Boolean, Quad, QueryResult, Record, Solutions, Triples

if TYPE_CHECKING:
    import pyoxigraph

    from timeline.catalog.binding import BoundQuery
    from timeline.kb.layout import KbFile
    from timeline.rdf.model import NamedNode

# The endpoints a query's SERVICE clauses ask, as the parse writes them (an IRI in <>).
_SERVICE = re.compile(r"\bSERVICE\s+(?:SILENT\s+)?<([^>\s]+)>", re.IGNORECASE)


# Files bulk-loaded in one call when a store is filled: few enough that the loader's buffers
# stay small (500 at a time took 1.4 GB), many enough that its calls are few (see _fill).
FILES_PER_BULK_LOAD = 200


class EmbeddedStore(StoreBase):
    """An Oxigraph store: in memory when `path` is None, else the folder at `path`."""

    def __init__(self, path: Path | None = None, writable: bool = True, timeout: float = 60.0) -> None:
        import pyoxigraph

        self._ox = pyoxigraph
        self.path = path
        self.writable = writable
        self.timeout = timeout
        self._filled = False  # bulk-loaded since the last flush: compacted at the next
        self._pending: list[str] = []  # a load's changes to a store that holds data: one transaction at the flush
        self._made_at: Path | None = None  # where an empty store folder is being filled (see _stage)
        self._to_fill: list[KbFile] = []  # files of a fill, loaded together (see write_graph_file)
        if path is None:
            self._store = pyoxigraph.Store()
        elif not writable:
            if not path.is_dir():
                raise DataFileError(str(path), "no store here; write one with `timeline load --store PATH`")
            try:
                self._store = pyoxigraph.Store.read_only(str(path))
            except OSError as error:
                raise DataFileError(str(path), f"cannot open the store: {first_line(str(error))}") from None
        else:
            try:
                self._store = pyoxigraph.Store(str(path))
            except OSError as error:
                raise StoreWriteError(str(path), f"cannot open the store for writing: {first_line(str(error))}") from None

    @property
    def location(self) -> str:
        return "memory" if self.path is None else str(self.path)

    def load_files(self, files: Iterable[KbFile]) -> None:
        """Load knowledge-base files, each into its named graph, into a new in-memory store."""
        for kb_file in files:
            kb_file.require()
            try:
                # Oxigraph's bulk loader: this store is private to the process and new.
                self._store.bulk_load(path=str(kb_file.path), format=self._ox.RdfFormat.TURTLE, to_graph=self._ox.NamedNode(kb_file.graph_name))
            except SyntaxError as error:
                raise turtle_error(str(kb_file.path), error) from None
            except MemoryError:
                raise too_large_error(str(kb_file.path)) from None

    def reload_file(self, kb_file: KbFile, bulk: bool = False) -> None:
        """Replace the file's named graph by what the file holds now. `bulk` (for a store that
        is being filled, which nobody reads yet) uses Oxigraph's faster, non-transactional loader."""
        kb_file.require()
        graph = self._ox.NamedNode(kb_file.graph_name)
        try:
            if bulk:
                self._store.bulk_load(path=str(kb_file.path), format=self._ox.RdfFormat.TURTLE, to_graph=graph)
                return
            if self._store.contains_named_graph(graph):
                self._store.remove_graph(graph)
            self._store.load(path=str(kb_file.path), format=self._ox.RdfFormat.TURTLE, to_graph=graph)
        except SyntaxError as error:
            raise turtle_error(str(kb_file.path), error) from None
        except MemoryError:
            raise too_large_error(str(kb_file.path)) from None

    def write_graph_file(self, kb_file: KbFile, filling: bool) -> None:
        """A store being filled takes its files through Oxigraph's bulk loader (a new folder
        beside the store 200 files to a call, see _fill): its transactional loader kept 0.8 GB
        in memory and left 1.1 GB on disk at 10k events, against 70 MB and 0.3 GB. The bulk loader is not transactional, so an empty
        store folder is filled in a new folder beside it, which takes its place at the flush:
        a fill cut short leaves the store as empty as it was (and a folder the next load
        removes). Otherwise the graph is replaced in one transaction."""
        if not self.writable:
            raise ReadOnlyError(f"The store {self.location} is open read-only; nothing was changed.")
        if filling:
            if self._made_at is None and self._can_stage():
                self._stage()
            self._to_fill.append(kb_file)
            # Files are gathered only for a folder filled beside the store, which nothing reads
            # before the flush puts it in place; any other store (a batch of validation's)
            # holds each file as soon as it is written.
            if self._made_at is None or len(self._to_fill) >= FILES_PER_BULK_LOAD:
                self._fill()
            return
        from timeline.store.file_triples import parse_file
        from timeline.store.updates import replace_graph_update

        text, _ = parse_file(kb_file)
        # A graph that already holds what the file holds is left alone: a load after editing
        # one source of hundreds writes one graph, not all of them. The graphs that changed are
        # written together at the flush, in one transaction: a load the disk refuses half-way
        # leaves every graph as it was, not some new and some old.
        if text != self._sorted_lines(kb_file.graph, with_graph=False):
            self._pending.append(replace_graph_update(kb_file.graph, text))

    def _fill(self) -> None:
        """Bulk-load the files handed over so far, each into its graph, in one call: each call
        of the bulk loader writes its own sorted files for the engine to merge, and at 10,000
        articles a call per file took 656 s (529 MB) where a call per 200 files took 400 s
        (698 MB); at 1,000, 42.7 s against 39.2 s (180 MB against 580 MB)."""
        files, self._to_fill = self._to_fill, []
        if not files:
            return
        if len(files) == 1:  # read by the engine itself, with no term made in Python
            try:
                self.reload_file(files[0], bulk=True)
            except OSError as error:
                raise self._write_failed(error) from None
            self._filled = True
            return
        from timeline.store.file_triples import file_triples

        ox = self._ox

        def quads() -> Iterator[pyoxigraph.Quad]:
            for kb_file in files:
                graph = ox.NamedNode(kb_file.graph_name)
                for triple in file_triples(kb_file):
                    yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)

        try:
            self._store.bulk_extend(quads())
        except OSError as error:
            raise self._write_failed(error) from None
        except MemoryError:
            raise too_large_error(", ".join(str(kb_file.path) for kb_file in files[:3])) from None
        self._filled = True

    def _sorted_lines(self, graph: NamedNode, with_graph: bool) -> str:
        """One graph as N-Quads (or, without the graph, N-Triples) lines, sorted, each term
        written by Oxigraph, as timeline.rdf.terms writes rdflib's (a test holds the two to the
        same bytes). Oxigraph's dump writes them faster than a loop over its quads in Python."""
        dumped = self._store.dump(format=self._ox.RdfFormat.N_TRIPLES, from_graph=graph)
        assert dumped is not None  # dump returns the bytes when given no file
        lines = dumped.decode("utf-8").split("\n")
        lines.pop()  # after the last newline
        lines.sort()
        if with_graph:
            ending = f"{graph} .\n"  # after the line's " ." loses its dot
            return "".join(line[:-1] + ending for line in lines)
        return "".join(line + "\n" for line in lines)

    def optimize(self) -> None:
        """Compact the store on disk after a large write: queries on a freshly bulk-loaded store
        ran four times slower before it."""
        if self.path is not None and self.writable:
            self._store.optimize()

    def drop_graph(self, graph: NamedNode) -> None:
        if not self.writable:
            raise ReadOnlyError(f"The store {self.location} is open read-only; nothing was changed.")
        if self._pending:  # part of a load's transaction
            from timeline.store.updates import drop_graph_update

            self._pending.append(drop_graph_update(graph))
            return
        if self._store.contains_named_graph(graph):
            self._store.remove_graph(graph)

    def query(self, sparql: str | BoundQuery, prefixes: Mapping[str, str] | None = None) -> QueryResult:
        text = prepare_query(sparql, prefixes or {})
        return within(self.timeout, lambda: self._evaluate(text, prefixes))

    def read_rows(self, sparql: str | BoundQuery, read: Callable[[Record], None]) -> None:
        text = prepare_query(sparql, {})
        only_rows(within(self.timeout, lambda: self._evaluate(text, None, read)))

    def _evaluate(self, text: str, prefixes: Mapping[str, str] | None, read: Callable[[Record], None] | None = None) -> QueryResult:
        # Oxigraph evaluates lazily: errors (a failing SERVICE among them) come while the answer
        # is read, so the reading is inside the try too.
        try:
            answer = self._store.query(text, use_default_graph_as_union=True, prefixes=dict(prefixes or {}))
            if isinstance(answer, self._ox.QueryBoolean):
                return Boolean(bool(answer))
            # The engine's own terms are the answers' terms (timeline.rdf.model): nothing to convert.
            if isinstance(answer, self._ox.QueryTriples):
                return Triples(list(answer))
            variables = [variable.value for variable in answer.variables]
            if read is None:
                return Solutions(variables, [tuple(solution) for solution in answer])
            for solution in answer:
                read(dict(zip(variables, solution, strict=True)))
            return Solutions(variables)
        except SyntaxError as error:
            raise QueryError(f"The query is not valid SPARQL 1.1: {_syntax_message(str(error), text)}") from None
        except (OSError, RuntimeError, ValueError) as error:
            services = _SERVICE.findall(text)
            if services and not isinstance(error, ValueError):
                asked = ", ".join(dict.fromkeys(services))
                raise QueryError(
                    f"The query failed while asking {asked} (its SERVICE clause): {first_line(str(error))}. "
                    "Check the network and that the endpoint is up."
                ) from None
            raise QueryError(f"The query failed: {first_line(str(error))}") from None

    def quads(self, graphs: Sequence[NamedNode] | None = None) -> Iterator[Quad]:
        if graphs is None:
            yield from self._store.quads_for_pattern(None, None, None, None)
        else:
            for graph in graphs:
                yield from self._store.quads_for_pattern(None, None, None, graph)

    def graph_nquads(self, graph: NamedNode) -> str:
        return self._sorted_lines(graph, with_graph=True)

    def graph_ntriples(self, graph: NamedNode) -> str:
        return self._sorted_lines(graph, with_graph=False)

    def graphs(self) -> list[NamedNode]:
        return sorted((graph for graph in self._store.named_graphs() if isinstance(graph, self._ox.NamedNode)), key=lambda graph: graph.value)

    def replace_graph(self, graph: NamedNode, ntriples: str) -> None:
        if not self.writable:
            raise ReadOnlyError(f"The store {self.location} is open read-only; nothing was changed.")
        from timeline.store.updates import replace_graph_update

        # One update is one transaction in Oxigraph: the graph is swapped whole or not at all.
        self._store.update(replace_graph_update(graph, ntriples))

    def flush(self) -> None:
        self._fill()
        if self._pending:
            changes, self._pending = self._pending, []
            try:
                self._store.update(" ;\n".join(changes))  # one update, one transaction
            except OSError as error:
                raise self._write_failed(error) from None
        if self.path is not None and self.writable:
            try:
                self._store.flush()
                if self._filled:
                    self.optimize()  # a bulk-filled store is compacted once, as the bulk loader's users do
                    self._filled = False
            except OSError as error:
                raise self._write_failed(error) from None
            if self._made_at is not None:
                self._put_in_place()

    def _write_failed(self, error: OSError) -> StoreWriteError:
        """The error to report when the disk refuses a write (full, or a file too large). A
        store being filled beside the empty one is removed at once, which frees the space it
        took and leaves the store as it was."""
        kept = "the store is as it was"
        if self._made_at is not None:
            self._abandon_fill()
        elif self._filled:
            kept = "the graphs written so far are in the store"
        return StoreWriteError(
            self.location, f"could not write the store ({first_line(str(error))}); {kept}. Free some disk space, then load again."
        )

    def _abandon_fill(self) -> None:
        """Remove the store being filled beside this one and go back to this one."""
        assert self._made_at is not None
        staging, self._made_at = self._made_at, None
        self._store, self._filled = self._empty, False
        del self._empty
        remove_folder(staging)

    def _can_stage(self) -> bool:
        """Whether the store is an empty folder that a folder made beside it can replace: not
        a symbolic link or a mount point (a container's volume), where the store is filled in
        place, as before, and a fill cut short is made whole by the next load."""
        if self.path is None or self.path.is_symlink():
            return False
        path = self.path.resolve()
        if os.path.ismount(path) or Path.cwd().resolve().is_relative_to(path) or len(self._store) != 0:
            return False  # (the folder a command runs in is never removed from under it)
        return path.stat().st_dev == path.parent.stat().st_dev

    def _stage(self) -> None:
        """Fill a new store in a folder beside this one; this store (empty) stays open, holding
        the folder's lock, until the new one takes its place. Folders left by fills cut short
        are removed: whoever holds this store's lock is the only one filling it."""
        assert self.path is not None
        path = self.path.resolve()
        begins = f".{path.name}.filling-"
        for left in path.parent.iterdir():  # compared, not globbed: a name may hold * or [
            if left.name.startswith(begins) and left.name[len(begins) :].isdigit():
                remove_folder(left)
        staging = path.parent / f"{begins}{os.getpid()}"
        self._made_at, self._empty = staging, self._store
        self._store = self._ox.Store(str(staging))

    def _put_in_place(self) -> None:
        """The filled store takes the empty one's place: the empty folder is removed and the
        new one renamed to it, each store closed first."""
        assert self.path is not None and self._made_at is not None
        staging, self._made_at = self._made_at, None
        del self._store, self._empty
        remove_folder(self.path, ignore_errors=False)
        staging.rename(self.path)
        self._store = self._ox.Store(str(self.path))

    def close(self) -> None:
        # pyoxigraph releases the folder's lock when the store object goes away. A fill that
        # never reached its flush leaves the store empty, as it was.
        if self._made_at is not None:
            self._abandon_fill()
        del self._store


def _syntax_message(message: str, sent: str) -> str:
    """Oxigraph's error in words a user can act on. The text it read is the gate's, one token to
    a line (timeline.rdf.sparql_parser), so its line is the token to name; and its reason, where
    it gives one, stands among the tokens it expected ("The SELECT contains a variable that is
    unbound"): the gate has checked the grammar, so what remains is such a rule."""
    line = first_line(message)
    position = re.match(r"error at (\d+):(\d+)", line)
    lines = sent.split("\n")
    near = ""
    if position and 0 < int(position.group(1)) <= len(lines):
        near = f" (near {lines[int(position.group(1)) - 1].strip()[:60]!r})"
    reasons = [item.strip() for item in re.split(r",\s", message) if re.fullmatch(r"[A-Z][a-z]+(?: [\w?'-]+){2,}", item.strip())]
    if reasons:
        return reasons[0] + near
    expected = line.find("expected one of")
    return (line[:expected].rstrip(" ,:") if expected > 0 else line) + near


def remove_folder(path: Path, ignore_errors: bool = True) -> None:
    """Remove a store folder (a load's, or a derived store the disk refused)."""
    import shutil  # (only then: shutil stays off the query path)

    shutil.rmtree(path, ignore_errors=ignore_errors)
