"""Commands that show or write out the knowledge base: show, export, html, docs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from timeline.cli.app import EXPORT_FORMATS, PARTS, ProgressBar, cli, open_location, export_store_options, store_options, terminal_width

if TYPE_CHECKING:
    from timeline.store import StoreLocation


@cli.command(short_help="Print the timeline.")
@store_options
def show(location: StoreLocation) -> None:
    """Print the timeline: every event in date order, dated at the precision its evidence
    supports, with planned and ongoing events marked, actors, places, what it is part of,
    and any other dating a source gives.

    \b
    Example:
      timeline show
    """
    from timeline.api import KnowledgeBase
    from timeline.views.terminal import render_timeline

    with KnowledgeBase(location) as kb:
        click.echo(render_timeline(kb.events(evidence=False), terminal_width()), nl=False)


@cli.command(short_help="Export the knowledge base as RDF, TimelineJS or CSV.")
@click.option(
    "--part",
    "parts",
    type=click.Choice(PARTS),
    multiple=True,
    help="A part of the knowledge base to export; repeat for several. Default: all of them.",
)
@click.option(
    "--format", "-f", "output_format", type=click.Choice(EXPORT_FORMATS),
    help="RDF format (nquads and trig keep each part in its own named graph), or a view of the events: "
    "timelinejs (Knight Lab TimelineJS JSON) or csv (one row per event). Default: from the --output file's "
    "extension (.ttl, .nt, .nq, .trig, .jsonld, .csv; another is an error), or turtle on standard output.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of standard output.")
@export_store_options
def export(parts: tuple[str, ...], output_format: str | None, output: Path | None, location: StoreLocation) -> None:
    """Export the knowledge base as RDF: the ontology, the sources with their texts, the
    entities, the events with their evidence, the links and the enrichment. The same
    knowledge base gives the same bytes on every run. --format timelinejs or csv exports
    the events instead, for TimelineJS or a spreadsheet.

    \b
    Examples:
      timeline export --part events --part entities -o timeline.ttl
      timeline export --format csv -o events.csv
    """
    from timeline.api import KnowledgeBase
    from timeline.errors import TimelineError
    from timeline.views.event_exports import VIEW_FORMATS
    from timeline.views.export_formats import format_of

    output_format = output_format or format_of(output, "--format")
    if output_format in VIEW_FORMATS and parts:
        raise TimelineError(f"--part picks RDF graphs; --format {output_format} exports every event. Leave out --part.")
    # Written as the pieces come: no RDF format holds the whole knowledge base in memory.
    with KnowledgeBase(location) as kb, ProgressBar("export", "graphs") as bar:
        if output is None:
            for piece in kb.exported(output_format, parts, bar):
                click.echo(piece, nl=False)
            return
        kb.export(output, output_format, parts, bar)
    click.echo(f"Wrote {output} ({output_format}).", err=True)


@cli.command(short_help="Write the timeline as one HTML page.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=Path("timeline.html"), show_default=True,
              help="The HTML file to write.")
@click.option("--actor", "actors", multiple=True, metavar="NAME",
              help="Only events of this actor (or place): a label, an id or a Wikidata id. Repeat for several.")
@click.option("--from", "start", metavar="DATE", help="Only events that can overlap the period from DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "end", metavar="DATE", help="Only events that can overlap the period to DATE.")
@store_options
def html(output: Path, actors: tuple[str, ...], start: str | None, end: str | None, location: StoreLocation) -> None:
    """Write the timeline as one self-contained HTML page that opens offline: a zoomable time
    axis where a day is a point, an interval known to the day a bar, and an event known only
    to the month or year a hatched bar over all of it; planned events dashed; a filter and
    grouping by actor. Clicking an event shows its dates as each source states them, its
    actors and places with Wikidata links, and the source passages with the words highlighted.

    \b
    Example:
      timeline html -o timeline.html --from 2022 --to 2024-05
    """
    from timeline.api import KnowledgeBase

    steps = {1: "reading the events", 2: "drawing the page"}
    with KnowledgeBase(location) as kb, ProgressBar("html", "steps") as bar:
        count = kb.write_page(output, actors, start, end, lambda done, total: bar(done, total, steps.get(done, "")))
    click.echo(f"Wrote {output} ({count} events).", err=True)


@cli.command(short_help="Write the ontology and query documentation.")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), default=Path("docs/site"), show_default=True,
              help="The folder to write ontology.html and queries.html into.")
@store_options
def docs(output: Path, location: StoreLocation) -> None:
    """Write HTML documentation: the ontology (made by pyLODE, `pip install 'timeline-kb[docs]'`)
    and the stored query catalogue with each query's summary, parameters, example and result.

    \b
    Example:
      timeline docs -o docs/site
    """
    from timeline.views.docs import write_docs

    for path in write_docs(output, open_location(location)):
        click.echo(f"Wrote {path}", err=True)
