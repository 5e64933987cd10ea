"""`timeline extract`: a draft events file from a source's raw text."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from timeline.cli.app import cli, open_location, store_options

if TYPE_CHECKING:
    from timeline.store import StoreLocation


@cli.command(short_help="Draft an events file from a source's text.")
@click.argument("source_id", metavar="SOURCE")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the draft here instead of printing it.")
@click.option("--compare", is_flag=True, help="Print how the draft compares with the events curated for SOURCE instead.")
@click.option("--force", is_flag=True, help="Replace an events file that holds curation; the old one is kept beside it.")
@store_options
def extract(source_id: str, output: Path | None, compare: bool, force: bool, location: StoreLocation) -> None:
    """Propose a draft events file from the text of SOURCE (a source id), for a person to
    review: each sentence with an event word or a date, the kind it suggests, the known
    entities it names, its date read against the source's reference date, and the sentence
    as the supporting quote, each with how sure it is.

    With -o, a file that already holds curated events is left alone unless --force, which
    keeps it beside the draft as FILE.before-extract-N. An untouched draft, or the empty events
    file `timeline source add` made, is simply replaced.

    \b
    Example:
      timeline extract xi-putin-beijing-2024-05 --compare
    """
    from timeline.extraction.from_store import compare_with_curated, propose_for_source
    from timeline.extraction.draft_file import marked, write_draft
    from timeline.extraction.proposals import draft

    store = open_location(location)
    proposals = propose_for_source(store, source_id)
    if compare:
        result = compare_with_curated(store, source_id, proposals)
        click.echo(f"Proposed {result.proposed} events; {result.right} match a curated event of the same kind; "
                   f"{result.curated - len(result.missed)} of {result.curated} curated events found, missed: "
                   f"{', '.join(result.missed) or 'none'}.")
        return
    text = marked(draft(proposals, source_id))
    if output is None:
        click.echo(text, nl=False)
    else:
        kept = write_draft(output, text, force)
        click.echo(f"Wrote {output} ({len(proposals)} proposals)" + (f"; the file it replaced is {kept}." if kept else "."), err=True)
