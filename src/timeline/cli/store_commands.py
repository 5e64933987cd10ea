"""Commands that write a store or serve one: load, serve."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import click

from timeline.cli.app import ProgressBar, cli, kb_dir_option, open_location, load_store_options, serve_store_options

if TYPE_CHECKING:
    from timeline.rdf.model import NamedNode
    from timeline.store import StoreLocation


@cli.command(short_help="Write the knowledge base into a store or server.")
@load_store_options
@click.option("--replace-all", is_flag=True, help="Also remove graphs of the store that are not this knowledge base's.")
def load(location: StoreLocation, replace_all: bool) -> None:
    """Write the knowledge base (ontology, sources, entities, each source's events, links,
    enrichment: one named graph each) into the store that --store names: a folder, made if
    need be, or a SPARQL server (give --update-url, or --graph-store-url for whole-graph PUTs;
    Oxigraph server's follow from its base URL).
    Each graph is replaced in one step; every file is read before anything is written, and
    graphs of files the knowledge base no longer has are dropped, so that the store holds
    exactly the knowledge base.

    \b
    Example:
      timeline load --store timeline-store
    """
    from timeline.rdf.model import short_value
    from timeline.store.transfer import load as load_kb

    with ProgressBar("load", "graphs") as bar:
        done = [0]

        def progress(action: str, graph: NamedNode, count: int, total: int) -> None:
            done[0] += 1
            bar(done[0], total, f"{short_value(graph)}: {count} triples" if action == "loaded" else f"{short_value(graph)}: dropped")

        report = load_kb(kb_dir_option(), lambda: open_location(location, writable=True), progress, replace_all)
    dropped = f"; dropped {len(report.dropped)} graphs the knowledge base no longer has" if report.dropped else ""
    click.echo(f"Loaded {len(report.graphs)} graphs, {report.triples} triples, into {location.shown()}{dropped}.")


@cli.command(short_help="Serve the timeline, its stored queries and SPARQL on the web (read-only).")
@serve_store_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Loopback by default; any other address lets other machines read the knowledge base (a warning says so).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="The port to listen on (0: any free port).")
@click.option("--cors", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Let pages of this origin (https://example.org, or * for any) call the API and the endpoint from a browser; repeat for more. Off by default.")
@click.option("--public-url", metavar="URL", help="The server's address as clients see it (behind a proxy), for the service description and OpenAPI.")
@click.option("--max-result-bytes", type=click.IntRange(min=1), default=10_000_000, show_default=True, help="The largest answer served.")
@click.option("--max-request-bytes", type=click.IntRange(min=1), default=1_000_000, show_default=True, help="The largest request body accepted.")
@click.option("--max-connections", type=click.IntRange(min=1), default=64, show_default=True,
              help="Connections served at once; one more is answered 503 at once.")
@click.option("--allow-service", is_flag=True,
              help="Let queries use SERVICE, which makes the server fetch from any address a client names (off by default).")
def serve(location: StoreLocation, host: str, port: int, cors_origins: tuple[str, ...], public_url: str | None, max_result_bytes: int,
          max_request_bytes: int, max_connections: int, allow_service: bool) -> None:
    """Serve the knowledge base read-only on the web: the timeline page at /, the stored
    queries as a web API (/queries, /queries/NAME?param=value as JSON, CSV or TSV, described
    by /openapi.json), a SPARQL query page at /sparql, and the SPARQL 1.1 Protocol endpoint at
    /query (GET and POST; JSON, XML, CSV and TSV results; Turtle, N-Triples and JSON-LD graphs).
    Queries have a timeout (--timeout) and a limit on the size of an answer. Updates are
    refused, and so are SERVICE clauses unless --allow-service is given. Serves the store
    folder --store names (a `timeline load` into it shows on the next request), or else loads
    the knowledge base into a temporary one.

    \b
    Example:
      timeline serve --port 7878
    """
    import shutil

    from timeline.errors import TimelineError
    from timeline.serve.server import ServeSettings, is_loopback, temporary_store_folder
    from timeline.serve.server import serve as serve_store
    from timeline.store import Store, StoreKind, StoreLocation
    from timeline.store.transfer import load as load_kb

    if location.kind is StoreKind.SERVER:
        raise TimelineError("`timeline serve` serves a store folder or the knowledge base files, not a remote server.")
    from timeline.rdf.syntax import is_valid_iri

    for origin in cors_origins:
        if origin != "*" and not re.fullmatch(r"https?://[^/\s]+", origin):
            raise TimelineError(f"--cors {origin!r} is not an origin: give scheme and host, as https://example.org (no path), or *.")
    if public_url is not None and not (public_url.startswith(("http://", "https://")) and is_valid_iri(public_url)):
        raise TimelineError(f"--public-url {public_url!r} is not an http(s) URL.")
    settings = ServeSettings(host, port, location.timeout, max_result_bytes, allow_service, max_request_bytes, max_connections,
                             cors_origins, public_url.rstrip("/") if public_url else None)

    def ready(url: str) -> None:
        click.echo(f"Serving the knowledge base read-only at {url} (the page; the API at {url}queries, SPARQL at {url}query). "
                   "Ctrl-C to stop.", err=True)
        if not is_loopback(host):
            click.echo(f"Warning: listening on {host}, not on loopback: anyone who can reach this machine can read the knowledge base "
                       "and run queries on it. Put it behind a proxy with TLS to share it beyond a trusted network.", err=True)

    if location.kind is StoreKind.STORE_FOLDER:
        serve_store(location.existing_store_folder(), settings, ready)
        return
    folder = temporary_store_folder()
    try:
        stores = []

        def open_target() -> Store:
            stores.append(open_location(StoreLocation(str(folder / "store")), writable=True))
            return stores[-1]

        load_kb(kb_dir_option(), open_target)
        stores[-1].close()  # release the store's lock before the server opens it
        serve_store(folder / "store", settings, ready)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
