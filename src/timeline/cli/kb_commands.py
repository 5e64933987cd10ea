"""Commands that make and check a knowledge base: init, source add, build, validate."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from timeline.cli.app import ROW_FORMATS, ProgressBar, cli, echo_table, open_location, store_options, writable_kb_dir

if TYPE_CHECKING:
    from timeline.store import StoreLocation

# Copied from timeline.validation.report (a test keeps them in step) so that --help imports no RDF library.
REPORT_FORMATS = ("turtle", "jsonld")


@cli.command(short_help="Create a knowledge base folder.")
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
    from timeline.curation.authoring import init_kb

    written = init_kb(folder, empty)
    click.echo(f"Created the knowledge base {folder} ({len(written)} RDF files). Work in it: cd {folder}")


@cli.group(short_help="Add sources to a knowledge base.")
def source() -> None:
    """Add sources to a knowledge base.

    \b
    Example:
      timeline source add --help
    """


@source.command("add", short_help="Add a report: a page's address, a saved page or a text file.")
@click.argument("given", metavar="URL|PAGE.html|FILE", required=False)
@click.option("--from", "from_file", metavar="FILE", help="Add every address or file listed in FILE, one a line (- for standard input).")
@click.option("--title", help="The source's title (found in a page; needed for a text file).")
@click.option("--published", metavar="YYYY-MM-DD", help="Its publication date, which relative dates in it are read against (found in a page; needed for a text file).")
@click.option("--publisher", help="Who published it (default for a page: its site's name).")
@click.option("--url", help="Where it was published (default for a page: its address).")
@click.option("--id", "source_id", help="The source's id (default: from the headline, or a text file's name).")
@click.option("--pause", type=click.FloatRange(0, 60), default=1.0, show_default=True, metavar="SECONDS",
              help="The least time between two requests to one site (more if its robots.txt asks).")
@click.option("--timeout", type=click.FloatRange(1, 600), default=30.0, show_default=True, metavar="SECONDS",
              help="The most time one request may take, all of its answer included.")
@click.pass_context
def source_add(
    ctx: click.Context, given: str | None, from_file: str | None, title: str | None, published: str | None, publisher: str | None,
    url: str | None, source_id: str | None, pause: float, timeout: float,
) -> None:
    """Add a report to the knowledge base as a new source, and start its events file,
    events/<id>.toml, to curate its events in.

    \b
    URL       a page's address (http or https): the page is fetched politely (robots.txt
              obeyed, a user agent that names timeline) and kept beside the text
    PAGE.html a page saved from a browser
    FILE      a text file, stored byte for byte; give --title and --published

    From a page, its main text, title, authors, site, language and publication date are
    found for you, each with how it was found (as comments in sources.toml); what you give
    wins. Where no publication date can be found, the command says so: give --published.
    A report the knowledge base has already (the same address or the same text) is skipped.
    With --from, each line is added in turn; one that fails is reported in one line and the
    others go on; the exit code is then 1.

    \b
    Examples:
      timeline source add https://en.wikinews.org/wiki/Some_story
      timeline source add saved-page.html --published 2024-05-17
      timeline source add report.txt --title "Putin arrives in Harbin" --published 2024-05-17
      timeline source add --from addresses.txt
    """
    from timeline.curation.source_pages import Given, add_all, add_from
    from timeline.errors import EXIT_PROBLEMS_FOUND, TimelineError
    from timeline.pages.fetcher import PageFetcher

    if (given is None) == (from_file is None):
        raise TimelineError("Give one URL, PAGE.html or FILE, or a list of them with --from FILE.")
    if from_file is not None and any(value is not None for value in (title, published, publisher, url, source_id)):
        raise TimelineError("--title, --published, --publisher, --url and --id describe one source; they cannot go with --from.")
    kb_dir = writable_kb_dir()
    fetcher = PageFetcher(timeout=timeout, pause=pause)
    if given is not None:
        outcome = add_from(kb_dir, given, Given(title, published, publisher, url, source_id), fetcher)
        if outcome.status == "skipped":
            click.echo(f"Skipped {given}: {outcome.reason}.")
            return
        _say_added(kb_dir, str(outcome.source_id))
        return
    with ProgressBar("sources", "sources") as bar:
        outcomes = add_all(kb_dir, _listed(str(from_file)), fetcher=fetcher, progress=bar)
    for outcome in outcomes:
        if outcome.status == "added":
            click.echo(f"added    {outcome.source_id}  {outcome.given}")
        elif outcome.status == "skipped":
            click.echo(f"skipped  {outcome.given}: {outcome.reason}")
        else:
            click.echo(f"failed   {outcome.given}: {outcome.reason}", err=True)
    counts = {status: sum(outcome.status == status for outcome in outcomes) for status in ("added", "skipped", "failed")}
    click.echo(
        f"Added {counts['added']}, skipped {counts['skipped']} (in the knowledge base already), failed {counts['failed']}, "
        f"of {len(outcomes)}. Next: `timeline extract ID` drafts the events of a source.",
        err=True,
    )
    if counts["failed"]:
        ctx.exit(EXIT_PROBLEMS_FOUND)


def _listed(from_file: str) -> list[str]:
    """The lines of --from FILE (- for standard input)."""
    import sys

    from timeline.errors import TimelineError

    if from_file == "-":
        return sys.stdin.read().splitlines()
    path = Path(from_file)
    if not path.is_file():
        raise TimelineError(f"No file {from_file}; give a file with one address or file name a line, or - for standard input.")
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise TimelineError(f"{from_file} is not UTF-8 text; save the list as UTF-8.") from None


def _say_added(kb_dir: Path, source_id: str) -> None:
    """What was added, each value with where it was found, and the next step."""
    from timeline.curation.authoring import known_sources

    table = next(table for table in known_sources(kb_dir) if table.get("id") == source_id)
    click.echo(f"Added the source {source_id} to {kb_dir}:")
    for key in ("title", "reference-date", "publisher", "authors", "language", "url", "retrieved"):
        value = table.get(key)
        if value:
            shown = "; ".join(value) if isinstance(value, list) else str(value)
            if key == "reference-date":
                shown += f" ({table.get('reference-date-basis')})"
            click.echo(f"  {key:<15} {shown}")
    click.echo(f"  {'text':<15} {kb_dir / 'sources' / str(table['file'])}" + (f" (the page: {table['page']})" if table.get("page") else ""))
    click.echo(f"How each was found is noted in {kb_dir / 'sources.toml'}; correct anything there, then `timeline build`.")
    click.echo(f"Next: `timeline extract {source_id}` drafts its events; curate them in {kb_dir / 'events' / (source_id + '.toml')}.")


@cli.command(short_help="Compile the curated TOML files into RDF.")
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if an RDF file differs from what its TOML compiles to.")
@click.pass_context
def build(ctx: click.Context, check: bool) -> None:
    """Compile the knowledge base's curated TOML files (sources.toml, entities.toml,
    events/*.toml) into the RDF files the store loads. Every quote is located in its
    source's text; nothing is written unless every file compiles and the result is valid.
    Only what changed since the last build is compiled and validated again (the folder's
    .timeline/build.json remembers what was built from what).

    \b
    Example:
      timeline --kb kb build
    """
    from timeline.curation.build import build as build_kb
    from timeline.curation.build import stale_files
    from timeline.words import counted
    from timeline.errors import EXIT_PROBLEMS_FOUND

    kb_dir = writable_kb_dir()
    if check:
        stale = stale_files(kb_dir)
        for path in stale:
            click.echo(f"Out of date: {path}", err=True)
        if stale:
            click.echo("Run `timeline build` to rewrite them.", err=True)
            ctx.exit(EXIT_PROBLEMS_FOUND)
        click.echo("Up to date: every RDF file is what its TOML compiles to.")
        return
    with ProgressBar("build", "files") as bar:
        stage = [""]

        def progress(what: str, done: int, total: int) -> None:
            if what != stage[0]:  # compile, then validate: each counts its files from none
                stage[0] = what
                bar.restart()
            bar(done, total, what)

        report = build_kb(kb_dir, progress)
    for path in report.written:
        click.echo(f"Wrote {path}")
    click.echo(
        f"Compiled {counted(len(report.compiled), 'events file')}; {report.reused} unchanged since the last build "
        f"{'was' if report.reused == 1 else 'were'} not compiled again.",
        err=True,
    )


@cli.command(short_help="Check the shapes and checks; list or report violations.")
@click.option(
    "--format", "-f", "output_format", type=click.Choice(ROW_FORMATS + REPORT_FORMATS), default="table", show_default=True,
    help="table, csv, tsv, json or jsonl list the findings as rows; turtle and jsonld write the SHACL validation report "
    "(sh:ValidationReport), the same bytes for the same findings.",
)
@store_options
@click.pass_context
def validate(ctx: click.Context, output_format: str, location: StoreLocation) -> None:
    """Check the knowledge base against the SHACL shapes (ontology/shapes.ttl) and run the
    check queries (queries/checks/), each of which must find nothing. Exits 1 and lists
    the violations if there are any. A knowledge base folder is checked a hundred events
    files at a time, each batch beside the files it needs, so memory holds a batch.

    \b
    Examples:
      timeline validate
      timeline validate --format turtle
    """
    from timeline.catalog import checks
    from timeline.errors import EXIT_PROBLEMS_FOUND
    from timeline.store import StoreKind
    from timeline.validation.report import write_report

    if location.kind is not StoreKind.KB_FILES:  # a store folder or a server: validated where it is
        from timeline.validation import validate as validate_store

        with ProgressBar("validate", "checks") as bar:
            violations = validate_store(open_location(location), bar)
    else:  # the knowledge base folder's files, a batch at a time
        from timeline.curation.folder_validation import validate_folder
        from timeline.kb.layout import resolve_kb_dir

        with ProgressBar("validate", "files") as bar:
            violations = validate_folder(resolve_kb_dir(location.kb_dir), bar)
    if output_format in REPORT_FORMATS:
        click.echo(write_report(violations, output_format), nl=False)
    elif not violations and output_format == "table":
        click.echo(f"Valid: the knowledge base satisfies the SHACL shapes and all {len(checks().queries)} checks.")
    else:
        echo_table(["rule", "focus", "message"], [[v.rule, v.focus, v.message] for v in violations], output_format)
    if violations:
        ctx.exit(EXIT_PROBLEMS_FOUND)
