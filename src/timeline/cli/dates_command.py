"""`timeline dates`: every time expression of a text, as TimeML reads it."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from timeline.cli.app import cli, echo_table, kb_dir_option

DATES_FORMATS = ("table", "jsonl", "timeml")


@cli.command(short_help="List every time expression of a text, with its TimeML type and value.")
@click.argument("text_file", metavar="FILE|-")
@click.option("--reference", metavar="YYYY-MM-DD", help="The date the text was written, which relative dates are read against. "
              "Default: the source's date, where the knowledge base holds FILE as a source.")
@click.option("--format", "-f", "output_format", type=click.Choice(DATES_FORMATS), default="table", show_default=True,
              help="table; jsonl (one object a line: start, end, text, type, value, rule; written as they are read); "
                   "timeml (the text with TIMEX3 elements).")
def dates(text_file: str, reference: str | None, output_format: str) -> None:
    """Find every time expression of a text (FILE, or - for standard input) and read it as
    TimeML does: its type (DATE, TIME, DURATION, SET) and its value (2024-05-16, 2024-W20,
    2024-Q2, P3D, PRESENT_REF, ...), against the date the text was written. Offsets count
    characters of the text as given, so that text[start:end] is the expression.

    \b
    Example:
      timeline --kb kb dates kb/sources/xi-putin-beijing-2024-05.txt -f jsonl
    """
    from timeline.errors import TimelineError
    from timeline.temporal import iter_times, read_times
    from timeline.temporal.timeml import timex3_markup

    text = _read_text(text_file)
    when = _reference(reference, text_file)
    if when is None:
        raise TimelineError(
            f"Give the date {'the text' if text_file == '-' else text_file} was written, as --reference YYYY-MM-DD: "
            "relative dates (Friday, last week) are read against it."
        )
    if output_format == "jsonl":
        for expression in iter_times(text, when):  # a line as each is read: a long text's first lines come at once
            click.echo(json.dumps(expression.as_json(), ensure_ascii=False))
    elif output_format == "timeml":
        click.echo(timex3_markup(text, read_times(text, when)), nl=False)
    else:
        echo_table(["start", "end", "text", "type", "value", "rule"],
                   [[e.start, e.end, e.text, e.type, e.value, e.rule] for e in read_times(text, when)], "table")


def _read_text(text_file: str) -> str:
    from timeline.curation.sources import MAX_SOURCE_BYTES
    from timeline.errors import TimelineError
    from timeline.rdf.files import not_utf8

    where = "Standard input" if text_file == "-" else text_file
    try:
        if text_file == "-":
            data = sys.stdin.buffer.read(MAX_SOURCE_BYTES + 1)
        else:
            path = Path(text_file)
            if path.is_dir():
                raise TimelineError(f"{text_file} is a folder: give the path of a text file, or - for standard input.")
            if not path.is_file():
                raise TimelineError(f"No file {text_file}: give the path of a text file, or - for standard input.")
            with path.open("rb") as stream:
                data = stream.read(MAX_SOURCE_BYTES + 1)
    except OSError as error:
        raise TimelineError(f"Cannot read {where}: {error.strerror or error}.") from None
    if len(data) > MAX_SOURCE_BYTES:
        raise TimelineError(f"{where} is over {MAX_SOURCE_BYTES:,} bytes (8 MiB), the limit of a source text. Split it.")
    if not data.strip():
        raise TimelineError(f"{where} is empty: there is no text to read.")
    if b"\x00" in data:
        raise TimelineError(f"{where} holds NUL bytes: it is not a text file.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TimelineError(f"{where} is {not_utf8(data, error)}; save it as UTF-8.") from None


def _reference(given: str | None, text_file: str) -> date | None:
    from timeline.errors import TimelineError

    if given is not None:
        try:
            return date.fromisoformat(given)
        except ValueError:
            raise TimelineError(f"--reference {given!r} is not a date: give it as YYYY-MM-DD, as 2024-05-17.") from None
    if text_file == "-":
        return None
    from timeline.curation.sources import reference_date_of
    from timeline.kb.layout import find_kb_dir

    path = Path(text_file).resolve()
    kb_dir = kb_dir_option() or find_kb_dir(path.parent)
    return reference_date_of(kb_dir, path) if kb_dir else None
