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


@source.command("add", short_help="Add a source text and start its events file.")
@click.argument("text_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", required=True, help="The source's title.")
@click.option("--published", required=True, metavar="YYYY-MM-DD", help="Its publication date: relative dates in it are read against it.")
@click.option("--publisher", help="Who published it.")
@click.option("--url", help="Where it was published.")
@click.option("--id", "source_id", help="The source's id (default: from the file name).")
def source_add(text_file: Path, title: str, published: str, publisher: str | None, url: str | None, source_id: str | None) -> None:
    """Store FILE byte for byte as a new source of the knowledge base, with its metadata, and
    start its events file, events/<id>.toml, to curate its events in.

    \b
    Example:
      timeline source add report.txt --title "Putin arrives in Harbin" --published 2024-05-17
    """
    from timeline.curation.authoring import add_source

    kb_dir = writable_kb_dir()
    added = add_source(kb_dir, text_file, title, published, publisher, url, source_id)
    click.echo(f"Added the source {added} to {kb_dir}; curate its events in {kb_dir / 'events' / (added + '.toml')}.")


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
        f"Compiled {len(report.compiled)} events files; {report.reused} unchanged since the last build were not compiled again.",
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
    the violations if there are any.

    \b
    Examples:
      timeline validate
      timeline validate --format turtle
    """
    from timeline.catalog import checks
    from timeline.errors import EXIT_PROBLEMS_FOUND
    from timeline.validation import validate as validate_kb
    from timeline.validation.report import write_report

    with ProgressBar("validate", "checks") as bar:
        violations = validate_kb(open_location(location, reads_everything=True), bar)
    if output_format in REPORT_FORMATS:
        click.echo(write_report(violations, output_format), nl=False)
    elif not violations and output_format == "table":
        click.echo(f"Valid: the knowledge base satisfies the SHACL shapes and all {len(checks().queries)} checks.")
    else:
        echo_table(["rule", "focus", "message"], [[v.rule, v.focus, v.message] for v in violations], output_format)
    if violations:
        ctx.exit(EXIT_PROBLEMS_FOUND)
