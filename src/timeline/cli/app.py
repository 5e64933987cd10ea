"""The `timeline` click group, and what its commands share: option bundles defined once, the
store and knowledge base a command works on, and the turning of user errors into a message
and an exit code.

Library modules are imported inside functions, so that `timeline --help` stays instant.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from timeline.version import __version__

if TYPE_CHECKING:
    from timeline.store import Store, StoreLocation
    from timeline.store.sparql_client import Endpoint
    from timeline.views.results import Cell

F = TypeVar("F", bound=Callable[..., Any])

# Copied from the library (tests keep them in step) so that `--help` imports no RDF library.
ROW_FORMATS = ("table", "csv", "tsv", "json", "jsonl")
EXPORT_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "timelinejs", "csv")
PARTS = ("ontology", "sources", "entities", "events", "links", "enrichment")

EXIT_CODES = """\b
Exit codes:
  0  success
  1  problems found (validate: violations; build --check: files out of date)
  2  error: bad input, a broken file, an unknown query, a refused update
  130  interrupted (Ctrl-C)"""


# The module of each command, imported when the command is run or listed: `timeline query`
# does not import the modules of the other commands (tests keep this in step with them).
COMMAND_MODULES = {
    "build": "kb_commands", "dates": "dates_command", "describe": "query_commands", "docs": "view_commands", "export": "view_commands",
    "extract": "extract_command", "html": "view_commands", "init": "kb_commands", "link": "link_commands",
    "load": "store_commands", "queries": "query_commands", "query": "query_commands", "serve": "store_commands",
    "show": "view_commands", "source": "kb_commands", "sparql": "query_commands", "validate": "kb_commands",
}


class TimelineGroup(click.Group):
    """Imports a command's module when the command is asked for, and turns the library's user
    errors into a one-line message and their exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            import importlib

            importlib.import_module(f"timeline.cli.{COMMAND_MODULES[cmd_name]}")
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        # click suggests close names from the commands it has imported, which are none yet
        # here: suggest from every command's name instead.
        name = args[0]
        if not name.startswith("-") and not ctx.resilient_parsing and self.get_command(ctx, name) is None:
            raise click.exceptions.NoSuchCommand(name, possibilities=self.list_commands(ctx), ctx=ctx)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from timeline.errors import EXIT_INTERRUPTED, TimelineError

        try:
            return super().invoke(ctx)
        except TimelineError as error:
            click.echo(f"Error: {error}", err=True)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted: nothing more was done.", err=True)
            ctx.exit(EXIT_INTERRUPTED)


@click.group(cls=TimelineGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES)
@click.version_option(__version__, prog_name="timeline")
@click.option(
    "--kb",
    "kb_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="TIMELINE_KB",
    help="The knowledge base folder to work on (default: $TIMELINE_KB, else the folder the current folder is in, "
    "one with sources.toml, else the seed knowledge base shipped with timeline, read-only).",
)
@click.pass_context
def cli(ctx: click.Context, kb_dir: Path | None) -> None:
    """An event-timeline knowledge base: events from news reports as RDF, each traced to the
    exact words of its source, queried with SPARQL.

    \b
    Example:
      timeline show
    """
    ctx.ensure_object(dict)
    ctx.obj["kb_dir"] = kb_dir


def output_options(function: F) -> F:
    """The output options of every command that prints rows."""
    return click.option(
        "--format",
        "-f",
        "output_format",
        type=click.Choice(ROW_FORMATS),
        default="table",
        show_default=True,
        help="table for people; csv, tsv and json are the W3C SPARQL 1.1 results formats; jsonl is one JSON object per row.",
    )(function)


def _store_option_set(*, server: bool = True, writes: bool = False, whole_graphs: bool = False, endpoints: bool = False) -> Callable[[F], F]:
    """The store options a command shows: only those it uses. The command receives them as one
    `location` argument, a StoreLocation."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def with_location(
            *args: Any, store: str | None, timeout: float, update_url: str | None = None, graph_store_url: str | None = None,
            **kwargs: Any,
        ) -> Any:
            from timeline.store import StoreLocation

            kwargs["location"] = StoreLocation(store, update_url, graph_store_url, timeout, kb_dir=kb_dir_option())
            return function(*args, **kwargs)

        if server:
            where = click.option(
                "--store", "store", envvar="TIMELINE_STORE", metavar="PATH|URL",
                help="Read the knowledge base from a store folder written by `timeline load`, or from a SPARQL server's "
                "query URL ($TIMELINE_STORE). Default: the knowledge base files, in memory.",
            )
        else:
            where = click.option(
                "--store", "store", envvar="TIMELINE_STORE", metavar="PATH",
                help="Serve a store folder written by `timeline load` ($TIMELINE_STORE). "
                "Default: the knowledge base files, loaded into a temporary store.",
            )
        options = [where]
        if writes:
            options.append(click.option(
                "--update-url", envvar="TIMELINE_UPDATE_URL", metavar="URL",
                help="The server's SPARQL update URL ($TIMELINE_UPDATE_URL). For Oxigraph server it follows from --store.",
            ))
        if whole_graphs:
            options.append(click.option(
                "--graph-store-url", envvar="TIMELINE_GRAPH_STORE_URL", metavar="URL",
                help="The server's Graph Store Protocol URL, for whole-graph transfers ($TIMELINE_GRAPH_STORE_URL; "
                "for Oxigraph server it follows from --store). "
                "Credentials come from $TIMELINE_STORE_USER and $TIMELINE_STORE_PASSWORD or a netrc file.",
            ))
        asks = " (and each request to the linking endpoint)" if endpoints else ""
        options.append(click.option(
            "--timeout", type=click.FloatRange(min=1), default=60, show_default=True, metavar="SECONDS",
            help=f"Seconds a query may run, on the embedded store or a server{asks}.",
        ))
        decorated: Any = with_location
        for option in reversed(options):
            decorated = option(decorated)
        return decorated

    return decorate


# Where the knowledge base is kept, on every command that reads it: in memory (the default), a
# store folder written by `timeline load`, or a SPARQL 1.1 server.
store_options = _store_option_set()
load_store_options = _store_option_set(writes=True, whole_graphs=True)
export_store_options = _store_option_set(whole_graphs=True)
serve_store_options = _store_option_set(server=False)
link_store_options = _store_option_set(endpoints=True)


def endpoint_options(default: str) -> Callable[[F], F]:
    """The option of every command that asks a remote SPARQL endpoint (whose time limit is the
    store options' --timeout); `default` says which endpoint it asks unless told."""
    return click.option(
        "--endpoint",
        envvar="TIMELINE_LINK_ENDPOINT",
        metavar="URL",
        help=f"The SPARQL 1.1 query URL to ask (default: {default}; $TIMELINE_LINK_ENDPOINT). "
        "Set $TIMELINE_USER_AGENT to name yourself and a contact.",
    )


def kb_dir_option() -> Path | None:
    """The --kb folder, if one was given."""
    obj = click.get_current_context().find_root().obj
    return obj.get("kb_dir") if obj else None


def writable_kb_dir() -> Path:
    """The knowledge base folder a command may write to: --kb, else $TIMELINE_KB, else the one
    the current folder is in. Never a fallback: not the seed inside an installed package, and
    not a checkout's kb/ either (an editable install would otherwise take a `source add` run
    from any folder into the checkout)."""
    import os

    from timeline.errors import TimelineError
    from timeline.kb.layout import KB_ENVIRONMENT_VARIABLE, find_kb_dir

    given = kb_dir_option()
    if given is None and os.environ.get(KB_ENVIRONMENT_VARIABLE):
        given = Path(os.environ[KB_ENVIRONMENT_VARIABLE])
    if given is not None and not given.is_dir():
        raise TimelineError(f"The knowledge base folder {given} does not exist. Check --kb (or ${KB_ENVIRONMENT_VARIABLE}), "
                            f"or make one with `timeline init {given}`.")
    kb_dir = given or find_kb_dir(Path.cwd())
    if kb_dir is None or not (kb_dir / "sources.toml").is_file():
        raise TimelineError("Give the knowledge base folder to write to with --kb DIR (a folder with sources.toml), or run the command "
                            "inside it; `timeline init DIR` makes a new one.")
    return kb_dir


def open_location(location: StoreLocation, writable: bool = False) -> Store:
    from timeline.store import open_store

    return open_store(location, writable=writable)


def remote_endpoint(url: str | None, timeout: float, default: str) -> Endpoint:
    from timeline.store.endpoint_access import EndpointSettings
    from timeline.store.sparql_client import Endpoint

    # Not the store: the store's credentials never go to a linking endpoint.
    return Endpoint(EndpointSettings.from_environment(url or default, timeout, credentials=False))


def echo_table(columns: list[str], rows: list[list[Cell]], output_format: str) -> None:
    """Print rows that are not RDF in the chosen format."""
    from timeline.views.results import Table, format_table

    click.echo(format_table(Table(columns, rows), output_format, terminal_width()), nl=False)


def terminal_width() -> int | None:
    """The width of the terminal standard output is, or None when it is piped (then tables
    keep every character)."""
    import sys

    if not sys.stdout.isatty():
        return None
    import shutil  # (not imported for piped output: a query's start-up is most of a small query)

    return shutil.get_terminal_size().columns


class ProgressBar:
    """A progress bar (tqdm) on standard error when it is a terminal, with counts and rate;
    nothing at all when it is piped or redirected, so that logs and scripts stay clean."""

    def __init__(self, description: str, unit: str) -> None:
        import sys

        self._bar: Any = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(desc=description, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True)

    def __call__(self, done: int, total: int, note: str = "") -> None:
        if self._bar is None:
            return
        self._bar.total = total
        if note:
            self._bar.set_postfix_str(note, refresh=False)
        self._bar.update(done - self._bar.n)  # redrawn at tqdm's own pace, not on every call

    def restart(self) -> None:
        """Count again from none, for the next stage of the same work (its own total and rate)."""
        if self._bar is not None:
            self._bar.reset()

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exception: object) -> None:
        if self._bar is not None:
            self._bar.close()
