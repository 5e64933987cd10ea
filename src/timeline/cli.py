"""The `timeline` command line: parse options, call the library, print.

Library modules are imported inside the commands, so that `timeline --help` stays instant.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from timeline import __version__

F = TypeVar("F", bound=Callable[..., Any])

ROW_FORMATS = ("table", "csv", "tsv", "json", "jsonl")
EXPORT_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "timelinejs", "csv")
PARTS = ("ontology", "sources", "entities", "events", "links", "enrichment")

EXIT_CODES = """\b
Exit codes:
  0  success
  1  problems found (validate: violations; build --check: files out of date)
  2  error: bad input, a broken file, an unknown query, a refused update"""


class TimelineGroup(click.Group):
    """Turns the library's user errors into a one-line message and their exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        from timeline.errors import TimelineError

        try:
            return super().invoke(ctx)
        except TimelineError as error:
            click.echo(f"Error: {error}", err=True)
            ctx.exit(error.exit_code)


def row_output_options(function: F) -> F:
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


def _remember(ctx: click.Context, parameter: click.Parameter, value: Any) -> Any:
    ctx.ensure_object(dict)[parameter.name] = value
    return value


def store_options(function: F) -> F:
    """Where the knowledge base is kept, on every command that reads it: in memory (the
    default), a store folder written by `timeline load`, or a SPARQL 1.1 server."""
    options = [
        click.option(
            "--store", "store", envvar="TIMELINE_STORE", metavar="PATH|URL", expose_value=False, callback=_remember,
            help="Read the knowledge base from a store folder written by `timeline load`, or from a SPARQL server's "
            "query URL ($TIMELINE_STORE). Default: the knowledge base files, in memory.",
        ),
        click.option(
            "--update-url", envvar="TIMELINE_UPDATE_URL", metavar="URL", expose_value=False, callback=_remember,
            help="The server's SPARQL update URL, for `timeline load` ($TIMELINE_UPDATE_URL).",
        ),
        click.option(
            "--graph-store-url", envvar="TIMELINE_GRAPH_STORE_URL", metavar="URL", expose_value=False, callback=_remember,
            help="The server's Graph Store Protocol URL, for whole-graph transfers ($TIMELINE_GRAPH_STORE_URL). "
            "Credentials come from $TIMELINE_STORE_USER and $TIMELINE_STORE_PASSWORD or a netrc file.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _store_location(ctx: click.Context) -> Any:
    from timeline.store import StoreLocation

    settings = ctx.find_root().obj or {}
    return StoreLocation(settings.get("store"), settings.get("update_url"), settings.get("graph_store_url"))


def _kb_dir(ctx: click.Context) -> Path | None:
    obj = ctx.find_root().obj
    return obj.get("kb_dir") if obj else None


def _writable_kb_dir(ctx: click.Context) -> Path:
    """The knowledge base folder a command may write to: --kb, else the one the current folder
    is in, else the checkout's kb/ (never the copy inside an installed package)."""
    from timeline.errors import TimelineError
    from timeline.knowledge_base import find_kb_dir
    from timeline.resources import checkout_kb_dir

    kb_dir = _kb_dir(ctx) or find_kb_dir(Path.cwd()) or checkout_kb_dir()
    if kb_dir is None or not (kb_dir / "sources.toml").is_file():
        raise TimelineError("Give the knowledge base folder to write to with --kb DIR (a folder with sources.toml).")
    return kb_dir


def _open_store(ctx: click.Context) -> Any:
    from timeline.store import open_store

    return open_store(_kb_dir(ctx), where=_store_location(ctx))


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


@cli.command()
@store_options
@click.pass_context
def show(ctx: click.Context) -> None:
    """Print the timeline: every event in date order, dated at the precision its evidence
    supports, with planned and ongoing events marked, actors, places, what it is part of,
    and any other dating a source gives.

    \b
    Example:
      timeline show
    """
    from timeline.show import render_timeline

    click.echo(render_timeline(_open_store(ctx)), nl=False)


@cli.command()
@row_output_options
def queries(output_format: str) -> None:
    """List the stored queries: name, parameters and summary.

    \b
    Example:
      timeline queries
    """
    from timeline.catalog import stored_queries
    from timeline.results import format_result

    rows = [
        [query.name, " ".join(f"{p.name} ({p.type.value})" for p in query.parameters), query.summary]
        for query in stored_queries().queries.values()
    ]
    click.echo(format_result(_rows(["name", "parameters", "summary"], rows), output_format), nl=False)


@cli.command()
@click.argument("name")
@click.option(
    "--param",
    "-p",
    "parameters",
    nargs=2,
    multiple=True,
    metavar="NAME VALUE",
    help="A parameter of the query; repeat for each. `timeline describe NAME` lists them.",
)
@row_output_options
@store_options
@click.pass_context
def query(ctx: click.Context, name: str, parameters: tuple[tuple[str, str], ...], output_format: str) -> None:
    """Run the stored query NAME. Values are bound as RDF terms, never pasted into the query.

    \b
    Examples:
      timeline query timeline
      timeline query actor-timeline -p actor Putin
      timeline query events-between -p from 2024-05 -p to 2024-05 --format csv
    """
    from timeline.catalog import run, stored_queries
    from timeline.errors import QueryError
    from timeline.results import format_result

    stored = stored_queries().get(name)
    given: dict[str, str] = {}
    for parameter_name, value in parameters:
        if parameter_name in given:
            raise QueryError(f"Parameter {parameter_name!r} is given twice; give it once.")
        given[parameter_name] = value
    result = run(stored, given, _open_store(ctx))
    click.echo(format_result(result, output_format), nl=False)


@cli.command()
@click.argument("name")
def describe(name: str) -> None:
    """Show a stored query: its summary, description, parameters, an example and its text.

    \b
    Example:
      timeline describe events-between
    """
    from timeline.catalog import stored_queries

    stored = stored_queries().get(name)
    lines = [f"{stored.name}: {stored.summary}", ""]
    if stored.description:
        lines += [stored.description, ""]
    if stored.parameters:
        lines.append("Parameters:")
        lines += [f"  {p.name} ({p.type.value}): {p.description}" for p in stored.parameters]
        lines.append("")
    lines += [f"Tags: {', '.join(stored.tags)}", f"Example: {stored.example_command()}", "", stored.text.rstrip()]
    click.echo("\n".join(lines))


@cli.command()
@click.argument("query_text", metavar="QUERY")
@row_output_options
@store_options
@click.pass_context
def sparql(ctx: click.Context, query_text: str, output_format: str) -> None:
    """Run a SPARQL query given as text, as a file's path, or as - for standard input.

    The query may use the project's prefixes (tl:, sem:, time:, oa:, prov:, event:,
    entity:, ...) without declaring them. Only queries run here: an update (INSERT,
    DELETE, LOAD, DROP, ...) is refused and nothing changes. CONSTRUCT and DESCRIBE
    results print as Turtle.

    \b
    Example:
      timeline sparql 'SELECT ?event ?label WHERE { ?event a tl:Pledge ; rdfs:label ?label }'
    """
    from timeline.namespaces import PREFIXES
    from timeline.results import format_result

    if query_text == "-":
        query_text = sys.stdin.read()
    elif "\n" not in query_text and len(query_text) < 4096 and Path(query_text).is_file():
        query_text = Path(query_text).read_text(encoding="utf-8")
    result = _open_store(ctx).query(query_text, prefixes=PREFIXES)
    click.echo(format_result(result, output_format), nl=False)


@cli.command()
@click.option(
    "--part",
    "parts",
    type=click.Choice(PARTS),
    multiple=True,
    help="A part of the knowledge base to export; repeat for several. Default: all of them.",
)
@click.option(
    "--format", "-f", "output_format", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True,
    help="RDF format (nquads and trig keep each part in its own named graph), or a view of the events: "
    "timelinejs (Knight Lab TimelineJS JSON) or csv (one row per event).",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of standard output.")
@store_options
@click.pass_context
def export(ctx: click.Context, parts: tuple[str, ...], output_format: str, output: Path | None) -> None:
    """Export the knowledge base as RDF: the ontology, the sources with their texts, the
    entities, the events with their evidence, the links and the enrichment. The same
    knowledge base gives the same bytes on every run. --format timelinejs or csv exports
    the events instead, for TimelineJS or a spreadsheet.

    \b
    Examples:
      timeline export --part events --part entities -o timeline.ttl
      timeline export --format csv -o events.csv
    """
    from timeline.errors import TimelineError
    from timeline.event_views import event_views
    from timeline.export import VIEW_FORMATS, events_csv, timelinejs
    from timeline.export import export as export_kb
    from timeline.rdf_files import write_atomically

    store = _open_store(ctx)
    if output_format in VIEW_FORMATS:
        if parts:
            raise TimelineError(f"--part picks RDF graphs; --format {output_format} exports every event. Leave out --part.")
        events = event_views(store)
        text = timelinejs(events, _title(store)) if output_format == "timelinejs" else events_csv(events)
    else:
        text = export_kb(store, parts or PARTS, output_format)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)
        click.echo(f"Wrote {output} ({output_format}).", err=True)


@cli.command()
@row_output_options
@store_options
@click.pass_context
def validate(ctx: click.Context, output_format: str) -> None:
    """Check the knowledge base against the SHACL shapes (ontology/shapes.ttl) and run the
    check queries (queries/checks/), each of which must find nothing. Exits 1 and lists
    the violations if there are any.

    \b
    Example:
      timeline validate
    """
    from timeline.catalog import checks
    from timeline.errors import EXIT_PROBLEMS_FOUND
    from timeline.results import format_result
    from timeline.validate import validate as validate_kb

    violations = validate_kb(_open_store(ctx))
    if not violations and output_format == "table":
        click.echo(f"Valid: the knowledge base satisfies the SHACL shapes and all {len(checks().queries)} checks.")
        return
    table = _rows(["rule", "focus", "message"], [[v.rule, v.focus, v.message] for v in violations])
    click.echo(format_result(table, output_format), nl=False)
    if violations:
        ctx.exit(EXIT_PROBLEMS_FOUND)


@cli.command()
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if an RDF file differs from what its TOML compiles to.")
@click.pass_context
def build(ctx: click.Context, check: bool) -> None:
    """Compile the knowledge base's curated TOML files (sources.toml, entities.toml,
    events/*.toml) into the RDF files the store loads. Every quote is located in its
    source's text; nothing is written unless every file compiles.

    \b
    Example:
      timeline --kb kb build
    """
    from timeline.build import build as build_kb
    from timeline.build import stale_files
    from timeline.errors import EXIT_PROBLEMS_FOUND

    kb_dir = _writable_kb_dir(ctx)
    if check:
        stale = stale_files(kb_dir)
        for path in stale:
            click.echo(f"Out of date: {path}", err=True)
        if stale:
            click.echo("Run `timeline build` to rewrite them.", err=True)
            ctx.exit(EXIT_PROBLEMS_FOUND)
        click.echo("Up to date: every RDF file is what its TOML compiles to.")
        return
    for path in build_kb(kb_dir):
        click.echo(f"Wrote {path}")


def endpoint_options(function: F) -> F:
    """The options of every command that asks a remote SPARQL endpoint."""
    function = click.option(
        "--timeout", type=click.FloatRange(min=1), default=60, show_default=True, help="Seconds to wait for each answer."
    )(function)
    return click.option(
        "--endpoint",
        envvar="TIMELINE_LINK_ENDPOINT",
        metavar="URL",
        help="The SPARQL 1.1 query URL to ask (default: Wikidata's query service, or DBpedia's for --target dbpedia; "
        "$TIMELINE_LINK_ENDPOINT). Set $TIMELINE_USER_AGENT to name yourself and a contact.",
    )(function)


def _endpoint(url: str | None, timeout: float, default: str) -> Any:
    from timeline.endpoint import Endpoint, EndpointSettings

    return Endpoint(EndpointSettings.from_environment(url or default, timeout))


def _rows(columns: list[str], values: list[list[str]]) -> Any:
    from rdflib import Literal

    from timeline.store import QueryResult

    return QueryResult("select", columns, [{c: Literal(v) if v != "" else None for c, v in zip(columns, row, strict=True)} for row in values])


@cli.group()
def link() -> None:
    """Check, find and use links to Wikidata, DBpedia and other knowledge graphs, through
    their SPARQL endpoints.

    \b
    Example:
      timeline link verify --help
    """


@link.command("verify")
@endpoint_options
@click.option("--target", type=click.Choice(["wikidata", "dbpedia"]), default="wikidata", show_default=True, help="Which links to check.")
@row_output_options
@store_options
@click.pass_context
def link_verify(ctx: click.Context, endpoint: str | None, timeout: float, target: str, output_format: str) -> None:
    """Check every owl:sameAs link against the endpoint: the item's label or an alias must
    match the entity's names, and its class must fit (a person is a human, Q5; a country a
    country or sovereign state; a city a city or a subclass of one). Each link is confirmed,
    doubtful (with why) or missing. Exits 1 unless all are confirmed.

    \b
    Example:
      timeline link verify --endpoint http://localhost:7878/query
    """
    from timeline.errors import EXIT_PROBLEMS_FOUND
    from timeline.linking import TARGETS, verify
    from timeline.results import format_result, short_value

    chosen = TARGETS[target]
    verdicts = verify(_open_store(ctx), _endpoint(endpoint, timeout, chosen.default_endpoint), chosen)
    table = _rows(
        ["entity", "link", "status", "name", "why"],
        [[v.item.id, short_value(v.link), v.status, v.remote_label, "; ".join(v.reasons)] for v in verdicts],
    )
    click.echo(format_result(table, output_format), nl=False)
    if any(v.status != "confirmed" for v in verdicts):
        ctx.exit(EXIT_PROBLEMS_FOUND)


@link.command("suggest")
@endpoint_options
@click.option("--entity", "entity_id", metavar="ID", help="Only this entity (its id, as in `timeline query entities`).")
@click.option("--accept", is_flag=True, help="Write the best candidate of each entity into links.toml (see --min-score).")
@click.option("--item", metavar="QID", help="With --entity and --accept: the candidate to accept instead of the best.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.6, show_default=True, help="The lowest score --accept takes.")
@click.option("--replace", is_flag=True, help="Let --accept change a link that is already curated.")
@row_output_options
@store_options
@click.pass_context
def link_suggest(
    ctx: click.Context, endpoint: str | None, timeout: float, entity_id: str | None, accept: bool,
    item: str | None, min_score: float, replace: bool, output_format: str,
) -> None:
    """Propose Wikidata items for entities with no link: items whose label or alias is the
    entity's name and whose class fits its kind, ranked by a score with its evidence. With
    --accept, the best candidate is written to links.toml, one line each; a curated link is
    never changed without --replace.

    \b
    Example:
      timeline link suggest --endpoint http://localhost:7878/query --entity moscow
    """
    from datetime import date

    from timeline.errors import TimelineError
    from timeline.linking import WIKIDATA, accept_link, choose_candidate, suggest
    from timeline.results import format_result, short_value

    if item is not None and (entity_id is None or not accept):
        raise TimelineError("--item chooses a candidate to accept: give it with --entity ID and --accept.")
    asker = _endpoint(endpoint, timeout, WIKIDATA.default_endpoint)
    suggestions = suggest(_open_store(ctx), asker, entity_id)
    rows = []
    for suggestion in suggestions:
        for rank, candidate in enumerate(suggestion.candidates, start=1):
            rows.append([suggestion.local.id, str(rank), short_value(candidate.item), f"{candidate.score:.2f}",
                         candidate.label, candidate.description, "; ".join(candidate.evidence)])
    click.echo(format_result(_rows(["entity", "rank", "item", "score", "label", "description", "evidence"], rows), output_format), nl=False)
    for suggestion in suggestions:
        if not suggestion.candidates:
            click.echo(f"No candidate for {suggestion.local.id} ({suggestion.local.label}).", err=True)
    if not accept:
        return
    kb_dir = _writable_kb_dir(ctx)
    for suggestion in suggestions:
        chosen, why_not = choose_candidate(suggestion, item, min_score)
        if chosen is None:
            if why_not:
                click.echo(f"Not accepted for {suggestion.local.id}: {why_not}", err=True)
            continue
        value = WIKIDATA.local_name(str(chosen.item))
        note = f"accepted {date.today().isoformat()} from `timeline link suggest` at {asker.url}, score {chosen.score:.2f}"
        if accept_link(kb_dir, WIKIDATA, suggestion.local.id, value, note, replace):
            click.echo(f"Linked {suggestion.local.id} to {value} in {kb_dir / 'links.toml'}.", err=True)


@link.command("dbpedia")
@endpoint_options
@click.option("--accept", is_flag=True, help="Write the DBpedia links into links.toml.")
@row_output_options
@store_options
@click.pass_context
def link_dbpedia(ctx: click.Context, endpoint: str | None, timeout: float, accept: bool, output_format: str) -> None:
    """Map each Wikidata-linked entity to its DBpedia resource, named after the English
    Wikipedia article of the Wikidata item (asked of the Wikidata endpoint).

    \b
    Example:
      timeline link dbpedia --endpoint http://localhost:7878/query
    """
    from datetime import date

    from timeline.build import DBPEDIA_RESOURCE
    from timeline.linking import DBPEDIA, WIKIDATA, accept_link, dbpedia_names
    from timeline.results import format_result, short_value

    asker = _endpoint(endpoint, timeout, WIKIDATA.default_endpoint)
    mapped = dbpedia_names(_open_store(ctx), asker)
    rows = [[item.id, short_value(wikidata), DBPEDIA_RESOURCE + name] for item, wikidata, name in mapped]
    click.echo(format_result(_rows(["entity", "wikidata", "dbpedia"], rows), output_format), nl=False)
    if accept:
        kb_dir = _writable_kb_dir(ctx)
        note = f"from the English Wikipedia article of the Wikidata item, {date.today().isoformat()}"
        written = sum(accept_link(kb_dir, DBPEDIA, item.id, name, note) for item, _, name in mapped)
        click.echo(f"Wrote {written} DBpedia links to {kb_dir / 'links.toml'}.", err=True)


@link.command("enrich")
@endpoint_options
@click.option("--property", "properties", multiple=True, metavar="PID",
              help="A Wikidata property to fetch; repeat for several. Default: P625 P17 P131 P569 P39.")
@click.option("--refresh", is_flag=True, help="Fetch again what is already cached.")
@store_options
@click.pass_context
def link_enrich(ctx: click.Context, endpoint: str | None, timeout: float, properties: tuple[str, ...], refresh: bool) -> None:
    """Fetch a few facts about every Wikidata-linked item (coordinates, country, located in,
    date of birth, positions held) into the knowledge base's enrichment/wikidata.ttl, its own
    named graph, with the endpoint, the queries and the time as PROV-O provenance. What is
    cached there is not fetched again, so later runs and other commands work offline.

    \b
    Example:
      timeline --kb kb link enrich --endpoint http://localhost:7878/query
    """
    from timeline.linking import DEFAULT_PROPERTIES, WIKIDATA, enrich

    kb_dir = _writable_kb_dir(ctx)
    report = enrich(
        _open_store(ctx), _endpoint(endpoint, timeout, WIKIDATA.default_endpoint), kb_dir, properties or DEFAULT_PROPERTIES, refresh
    )
    click.echo(
        f"Fetched {len(report.fetched)} items, took {len(report.cached)} from the cache: "
        f"{report.facts} facts in {report.path}."
    )


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--empty", is_flag=True, help="Start with no sources, entities or events instead of the seed article's.")
def init(folder: Path, empty: bool) -> None:
    """Create a knowledge base in FOLDER: the seed article's sources, entities, links and
    events as TOML (or nothing, with --empty), and the RDF compiled from them. Commands run
    inside FOLDER work on it.

    \b
    Example:
      timeline init my-timeline
    """
    from timeline.authoring import init_kb

    written = init_kb(folder, empty)
    click.echo(f"Created the knowledge base {folder} ({len(written)} RDF files). Work in it: cd {folder}")


@cli.group()
def source() -> None:
    """Add sources to a knowledge base.

    \b
    Example:
      timeline source add --help
    """


@source.command("add")
@click.argument("text_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", required=True, help="The source's title.")
@click.option("--published", required=True, metavar="YYYY-MM-DD", help="Its publication date: relative dates in it are read against it.")
@click.option("--publisher", help="Who published it.")
@click.option("--url", help="Where it was published.")
@click.option("--id", "source_id", help="The source's id (default: from the file name).")
@click.pass_context
def source_add(ctx: click.Context, text_file: Path, title: str, published: str, publisher: str | None, url: str | None, source_id: str | None) -> None:
    """Store FILE byte for byte as a new source of the knowledge base, with its metadata, and
    start its events file, events/<id>.toml, to curate its events in.

    \b
    Example:
      timeline source add report.txt --title "Putin arrives in Harbin" --published 2024-05-17
    """
    from timeline.authoring import add_source

    kb_dir = _writable_kb_dir(ctx)
    added = add_source(kb_dir, text_file, title, published, publisher, url, source_id)
    click.echo(f"Added the source {added} to {kb_dir}; curate its events in {kb_dir / 'events' / (added + '.toml')}.")


@cli.command()
@click.argument("source_id", metavar="SOURCE")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the draft here instead of printing it.")
@click.option("--compare", is_flag=True, help="Print how the draft compares with the events curated for SOURCE instead.")
@store_options
@click.pass_context
def extract(ctx: click.Context, source_id: str, output: Path | None, compare: bool) -> None:
    """Propose a draft events file from the text of SOURCE (a source id), for a person to
    review: each sentence with an event word or a date, the kind it suggests, the known
    entities it names, its date read against the source's reference date, and the sentence
    as the supporting quote, each with how sure it is.

    \b
    Example:
      timeline extract xi-putin-beijing-2024-05 --compare
    """
    from timeline.extraction_run import compare_with_curated, propose_for_source
    from timeline.extraction import draft
    from timeline.rdf_files import write_atomically

    store = _open_store(ctx)
    proposals = propose_for_source(store, source_id)
    if compare:
        result = compare_with_curated(store, source_id, proposals)
        click.echo(f"Proposed {result.proposed} events; {result.right} match a curated event of the same kind; "
                   f"{result.curated - len(result.missed)} of {result.curated} curated events found, missed: "
                   f"{', '.join(result.missed) or 'none'}.")
        return
    text = draft(proposals, source_id)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)
        click.echo(f"Wrote {output} ({len(proposals)} proposals).", err=True)


def _title(store: Any) -> str:
    from timeline.event_views import sources

    titles = [source.title for source in sources(store) if source.reference_date]
    return "Timeline of " + ("; ".join(f"“{title}”" for title in titles) if titles else "the knowledge base")


@cli.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=Path("timeline.html"), show_default=True,
              help="The HTML file to write.")
@click.option("--actor", "actors", multiple=True, metavar="NAME",
              help="Only events of this actor (or place): a label, an id or a Wikidata id. Repeat for several.")
@click.option("--from", "start", metavar="DATE", help="Only events that can overlap the period from DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "end", metavar="DATE", help="Only events that can overlap the period to DATE.")
@store_options
@click.pass_context
def html(ctx: click.Context, output: Path, actors: tuple[str, ...], start: str | None, end: str | None) -> None:
    """Write the timeline as one self-contained HTML page that opens offline: a zoomable time
    axis where a day is a point, an interval known to the day a bar, and an event known only
    to the month or year a hatched bar over all of it; planned events dashed; a filter and
    grouping by actor. Clicking an event shows its dates as each source states them, its
    actors and places with Wikidata links, and the source passages with the words highlighted.

    \b
    Example:
      timeline html -o timeline.html --from 2022 --to 2024-05
    """
    from timeline.event_views import event_views, select, sources
    from timeline.rdf_files import write_atomically
    from timeline.timeline_page import render_page

    store = _open_store(ctx)
    events = select(event_views(store), store, actors, start, end)
    write_atomically(output, render_page(events, sources(store), _title(store)))
    click.echo(f"Wrote {output} ({len(events)} events).", err=True)


@cli.command()
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), default=Path("docs/site"), show_default=True,
              help="The folder to write ontology.html and queries.html into.")
@store_options
@click.pass_context
def docs(ctx: click.Context, output: Path) -> None:
    """Write HTML documentation: the ontology (made by pyLODE, `pip install 'timeline[docs]'`)
    and the stored query catalogue with each query's summary, parameters, example and result.

    \b
    Example:
      timeline docs -o docs/site
    """
    from timeline.docs import write_docs

    for path in write_docs(output, _open_store(ctx)):
        click.echo(f"Wrote {path}", err=True)


@cli.command()
@store_options
@click.pass_context
def load(ctx: click.Context) -> None:
    """Write the knowledge base (ontology, sources, entities, each source's events, links,
    enrichment: one named graph each) into the store that --store names: a folder, made if
    need be, or a SPARQL server (give --update-url, or --graph-store-url for whole-graph PUTs).
    Each graph is replaced in one step; every file is read before anything is written.

    \b
    Example:
      timeline load --store timeline-store
    """
    from timeline.errors import TimelineError
    from timeline.loading import load as load_kb
    from timeline.results import short_value
    from timeline.store import EmbeddedStore, remote_store

    where = _store_location(ctx)
    if not where.location:
        raise TimelineError("Give the store to load with --store PATH (a folder) or --store URL (a SPARQL server).")
    target = remote_store(where) if where.is_remote else EmbeddedStore(Path(where.location))
    report = load_kb(
        _kb_dir(ctx), target, lambda graph, count: click.echo(f"  {short_value(graph)}: {count} triples", err=True)
    )
    if isinstance(target, EmbeddedStore):
        target.flush()
    click.echo(f"Loaded {len(report.graphs)} graphs, {report.triples} triples, into {where.location}.")


@cli.command()
@store_options
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on (loopback unless you mean otherwise).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="The port to listen on.")
@click.option("--timeout", type=click.FloatRange(min=1), default=30, show_default=True, help="Seconds a query may run.")
@click.option("--max-result-bytes", type=click.IntRange(min=1), default=10_000_000, show_default=True, help="The largest answer served.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, timeout: float, max_result_bytes: int) -> None:
    """Serve the knowledge base read-only as a SPARQL 1.1 Protocol endpoint at /query (GET
    and POST; JSON, XML, CSV and TSV results; Turtle, N-Triples and JSON-LD graphs), with a
    query timeout and a limit on the size of an answer. Updates are refused. Serves the store
    folder --store names, or else loads the knowledge base into a temporary one.

    \b
    Example:
      timeline serve --port 7878
    """
    import tempfile

    from timeline.errors import TimelineError
    from timeline.loading import load as load_kb
    from timeline.serving import ServeSettings
    from timeline.serving import serve as serve_store
    from timeline.store import EmbeddedStore

    where = _store_location(ctx)
    if where.is_remote:
        raise TimelineError("`timeline serve` serves a store folder or the knowledge base files, not a remote server.")
    settings = ServeSettings(host, port, timeout, max_result_bytes)

    def ready(url: str) -> None:
        click.echo(f"Serving the knowledge base read-only at {url} (Ctrl-C to stop).", err=True)

    if where.location:
        serve_store(Path(where.location), settings, ready)
        return
    with tempfile.TemporaryDirectory(prefix="timeline-serve-") as folder:
        store = EmbeddedStore(Path(folder) / "store")
        load_kb(_kb_dir(ctx), store)
        store.flush()
        del store  # release the store's lock before the server opens it
        serve_store(Path(folder) / "store", settings, ready)


def main() -> None:
    cli(prog_name="timeline")
