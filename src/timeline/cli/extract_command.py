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
    review: each event word of each clause (a lexicon of the kinds of events news reports,
    read by their lemmas), the kind it suggests, its actors and their roles (known entities
    and new people, countries, cities and organisations), its places, its own date read
    against the source's reference date, planned or completed from its tense, its words
    and a short label, each with how sure it is. A proposal that another source already
    reports is written as `same-as` that event, with the reasons. A proposal that lacks an
    actor or a date is written commented out, saying what it lacks, so that the draft
    builds as written.

    With -o, the new entities the draft names are added to entities.toml (each once, an id
    there already is left alone), and a file that already holds curated events is left
    alone unless --force, which keeps it beside the draft as FILE.before-extract-N. An
    untouched draft, or the empty events file `timeline source add` made, is simply replaced.

    \b
    Example:
      timeline extract xi-putin-beijing-2024-05 --compare
    """
    from timeline.extraction.draft_file import check_writable, marked, write_draft
    from timeline.extraction.draft_text import draft, entity_tables
    from timeline.extraction.from_store import compare_with_curated, propose_for_source, source_text

    store = open_location(location)
    reading, taken = propose_for_source(store, source_id)
    if compare:
        result = compare_with_curated(store, source_id, reading)
        click.echo(f"Proposed {result.proposed} events; {result.right} match a curated event of the same kind; "
                   f"{result.curated - len(result.missed)} of {result.curated} curated events found, missed: "
                   f"{', '.join(result.missed) or 'none'}.")
        return
    text = marked(draft(reading, source_id, source_text(store, source_id), taken))
    if output is None:
        click.echo(text, nl=False)
        return
    check_writable(output, force)
    added: list[str] = []
    if reading.entities:
        from timeline.cli.app import writable_kb_dir
        from timeline.curation.authoring import add_entities

        added = add_entities(writable_kb_dir(), entity_tables(reading.entities),
                             f"Proposed by `timeline extract {source_id}`: review each (kind, label, aliases).")
    kept = write_draft(output, text, force)
    ready = sum(not proposal.problems() for proposal in reading.proposals)
    click.echo(f"Wrote {output} ({len(reading.proposals)} proposals, {ready} ready to build)"
               + (f"; added {len(added)} new entities to entities.toml" if added else "")
               + (f"; the file it replaced is {kept}." if kept else "."), err=True)
