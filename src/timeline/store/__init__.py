"""The one place that opens a store; only this package imports a SPARQL engine.

`open_store(location, writable=...)` gives a `Store` (timeline.store.protocol):

- no location: the knowledge base folder's files, one named graph each, in the Oxigraph store
  derived from them and kept beside them (timeline.store.kb_folder), refreshed when a file
  changes; in memory for the seed installed with timeline;
- a folder: a persistent Oxigraph store on disk, written by `timeline load`;
- an http(s) URL: a remote SPARQL 1.1 server (Fuseki, GraphDB, Virtuoso, Oxigraph server,
  Neptune, ...), asked through timeline.store.sparql_client.

Every store is queried with the union of its named graphs as the default graph (for a remote
one, through the protocol's default-graph-uri parameters). The rdflib engine runs the same
queries on rdflib's own SPARQL engine; the tests use it to show that every stored query means
the same on two engines. Every term leaves this package as Oxigraph's whichever engine
answered (timeline.rdf.model): a query's rows, a CONSTRUCT query's triples, graph names and
quads; querying, exporting and drawing need no rdflib. The code that works with rdflib graphs
converts at its own door (timeline.store.terms).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Literal

from timeline.errors import TimelineError
from timeline.store.protocol import Store
from timeline.store.results import Boolean, Quad, QueryResult, Solutions, Triple, Triples

__all__ = ["Boolean", "Quad", "QueryResult", "Solutions", "Store", "StoreKind", "StoreLocation", "Triple", "Triples", "open_store"]


class StoreKind(Enum):
    """What a StoreLocation names; commands ask it rather than looking at the text themselves."""

    KB_FILES = "the knowledge base files"  # a knowledge base folder's files, in its derived store
    STORE_FOLDER = "a store folder"  # an Oxigraph store on disk, written by `timeline load`
    SERVER = "a SPARQL server"  # a SPARQL 1.1 server's query URL


@dataclass(frozen=True)
class StoreLocation:
    """Where the knowledge base is kept, as --store names it: the files of a knowledge base
    folder (no `store`; `kb_dir` or the one resolve_kb_dir finds); a store folder; or a
    server's query URL, with its update and Graph Store Protocol URLs where they are given."""

    store: str | None = None
    update_url: str | None = None
    graph_store_url: str | None = None
    timeout: float = 60.0
    kb_dir: Path | None = None

    @property
    def kind(self) -> StoreKind:
        if not self.store:
            return StoreKind.KB_FILES
        return StoreKind.SERVER if self.store.startswith(("http://", "https://")) else StoreKind.STORE_FOLDER

    def shown(self) -> str:
        """Where, for a message: the server's URL, the store folder (resolved when it is "." or
        "..", which would read as a typo), or the knowledge base folder."""
        if self.kind is StoreKind.KB_FILES:
            return str(self.kb_dir) if self.kb_dir else "the knowledge base of the current folder"
        assert self.store is not None
        if self.kind is StoreKind.STORE_FOLDER and self.store.rstrip("/").endswith("."):
            return str(Path(self.store).resolve())
        return self.store

    def existing_store_folder(self) -> Path:
        """The store folder named, checked to hold a store written by `timeline load` (what a
        child process opens read-only, as `serve` does); else a TimelineError saying what to give."""
        if self.kind is not StoreKind.STORE_FOLDER:
            raise TimelineError(f"Give a store folder written by `timeline load`, not {self.kind.value}.")
        folder = Path(str(self.store))
        if not is_store_folder(folder):
            state = "does not exist" if not folder.exists() else "is not a store"
            raise TimelineError(f"{folder} {state}: give a store folder written by `timeline load --store {folder}`, or leave out --store.")
        return folder


def open_store(
    location: StoreLocation | None = None, *, writable: bool = False, engine: Literal["oxigraph", "rdflib"] = "oxigraph",
    reads_everything: bool = False,
) -> Store:
    """The store `location` names. With no location (or one with only `kb_dir`), the knowledge
    base folder's files: in its derived store, or in memory, on Oxigraph or, for comparing
    engines, on rdflib. `writable` opens a store folder for writing (made if need be) and asks
    a server for its update URL. `reads_everything` (export, the page) loads a folder's
    files in memory: a scan of every triple ran three times slower on the on-disk store than
    loading the files and scanning them in memory (33 s against 14 s at 10k events)."""
    where = location or StoreLocation()
    if where.store:
        if where.kind is StoreKind.SERVER:
            return _remote_store(where)
        from timeline.store.embedded import EmbeddedStore

        folder = Path(where.store)
        if writable and folder.is_dir() and any(folder.iterdir()) and not is_store_folder(folder):
            raise TimelineError(
                f"{folder} is a folder with other files in it, not a store: nothing was written. "
                "Give a new or empty folder, or a store written by `timeline load`."
            )
        return EmbeddedStore(folder, writable=writable, timeout=where.timeout)
    if writable:
        raise TimelineError("Give the store to write to with --store PATH (a folder) or --store URL (a SPARQL server).")
    from timeline.kb.layout import is_bundled, kb_files, resolve_kb_dir

    kb_dir = resolve_kb_dir(where.kb_dir)
    files = kb_files(kb_dir)
    if engine == "oxigraph" and not is_bundled(kb_dir) and not reads_everything:
        from timeline.store.kb_folder import open_folder_store

        return open_folder_store(kb_dir, files, where.timeout)
    if engine == "rdflib":
        from timeline.store.rdflib_engine import RdflibStore

        rdflib_store = RdflibStore()
        rdflib_store.load_files(files)
        return rdflib_store
    from timeline.store.embedded import EmbeddedStore

    store = EmbeddedStore(timeout=where.timeout)
    store.load_files(files)
    return store


def is_store_folder(folder: Path) -> bool:
    """Whether the folder holds an Oxigraph store (its RocksDB files)."""
    return (folder / "CURRENT").is_file() and any(folder.glob("OPTIONS-*"))


def open_scratch_store() -> Store:
    """An empty in-memory Oxigraph store to write into (to validate what `build` compiled)."""
    from timeline.store.embedded import EmbeddedStore

    return EmbeddedStore()


def _remote_store(where: StoreLocation) -> Store:
    from timeline.store.remote import RemoteStore
    from timeline.store.endpoint_access import EndpointSettings
    from timeline.store.sparql_client import Endpoint

    assert where.store is not None
    settings = EndpointSettings.from_environment(where.store, where.timeout, where.update_url, where.graph_store_url)
    endpoint = Endpoint(settings)
    if not (where.update_url or where.graph_store_url):
        # Oxigraph server's URLs follow from its base or any one of them; other servers' do not.
        from timeline.catalog import program_query
        from timeline.store.servers import oxigraph_urls, server_kind

        derived = oxigraph_urls(where.store)
        if derived and server_kind(endpoint.identify(program_query("server-probe").text)) == "oxigraph":
            settings = EndpointSettings.from_environment(derived.query_url, where.timeout, derived.update_url, derived.graph_store_url)
            return RemoteStore(Endpoint(settings), derived.graph_store_url)
    return RemoteStore(endpoint, where.graph_store_url)
