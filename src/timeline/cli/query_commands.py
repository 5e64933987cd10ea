"""Commands that run queries: queries, describe, query, sparql."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from timeline.cli.app import cli, echo_table, output_options, store_options, terminal_width

if TYPE_CHECKING:
    from timeline.store import StoreLocation


@cli.command(short_help="List the stored queries.")
@output_options
def queries(output_format: str) -> None:
    """List the stored queries: name, parameters and summary.

    \b
    Example:
      timeline queries
    """
    from timeline.catalog import stored_queries

    rows: list[list[str | int | float | bool | None]] = [
        [query.name, " ".join(f"{p.name} ({p.type.value})" for p in query.parameters), query.summary]
        for query in stored_queries().queries.values()
    ]
    echo_table(["name", "parameters", "summary"], rows, output_format)


@cli.command(short_help="Run a stored query.")
@click.argument("name")
@click.option(
    "--param",
    "-p",
    "parameters",
    multiple=True,
    metavar="NAME VALUE|NAME=VALUE",
    help="A parameter of the query, as -p NAME VALUE or -p NAME=VALUE; repeat for each. `timeline describe NAME` lists them.",
)
@click.argument("values", nargs=-1, metavar="")
@output_options
@store_options
def query(name: str, parameters: tuple[str, ...], values: tuple[str, ...], output_format: str, location: StoreLocation) -> None:
    """Run the stored query NAME. Values are bound as RDF terms, never pasted into the query.

    \b
    Examples:
      timeline query timeline
      timeline query actor-timeline -p actor Putin
      timeline query events-between -p from 2024-05 -p to 2024-05 --format csv
    """
    from timeline.api import KnowledgeBase
    from timeline.errors import QueryError
    from timeline.views.results import format_result

    given: dict[str, str] = {}
    for parameter_name, value in _pairs(parameters, values):
        if parameter_name in given:
            raise QueryError(f"Parameter {parameter_name!r} is given twice; give it once.")
        given[parameter_name] = value
    with KnowledgeBase(location) as kb:
        result = kb.result(name, given)
    click.echo(format_result(result, output_format, terminal_width()), nl=False)


def _pairs(parameters: tuple[str, ...], values: tuple[str, ...]) -> list[tuple[str, str]]:
    """-p NAME=VALUE gives both; -p NAME takes its value from the words after the options, in
    order (click reads `-p actor Putin` as -p actor and the word Putin)."""
    from timeline.errors import QueryError

    pairs, waiting = [], list(values)
    for parameter in parameters:
        if "=" in parameter:
            parameter_name, value = parameter.split("=", 1)
        elif waiting:
            parameter_name, value = parameter, waiting.pop(0)
        else:
            raise QueryError(f"Parameter {parameter!r} has no value: write -p {parameter} VALUE or -p {parameter}=VALUE.")
        pairs.append((parameter_name, value))
    if waiting:
        raise QueryError(f"{waiting[0]!r} is not the value of any -p NAME: write -p NAME VALUE or -p NAME=VALUE.")
    return pairs


@cli.command(short_help="Show a stored query and its parameters.")
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


def _query_from(argument: str) -> str:
    """The query an argument gives: its text, a file's content, or standard input's (-)."""
    from timeline.errors import QueryError
    from timeline.rdf.files import not_utf8

    if argument == "-":
        data = sys.stdin.buffer.read()
        where = "Standard input"
    elif "\n" not in argument and len(argument) < 4096 and Path(argument).is_file():
        data = Path(argument).read_bytes()
        where = argument
    elif re.fullmatch(r"[^\s{}]+\.(rq|sparql|txt)", argument):
        raise QueryError(f"No file {argument}: give the path of a query file, the query itself, or - for standard input.")
    else:
        return argument
    if not data.strip():
        raise QueryError(f"{where} is empty: give a SPARQL query.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise QueryError(f"{where} is {not_utf8(data, error)}; save the query as UTF-8.") from None


@cli.command(short_help="Run a SPARQL query (read-only).")
@click.argument("query_text", metavar="QUERY")
@output_options
@store_options
def sparql(query_text: str, output_format: str, location: StoreLocation) -> None:
    """Run a SPARQL query given as text, as a file's path, or as - for standard input.

    The query may use the project's prefixes (tl:, sem:, time:, oa:, prov:, event:,
    entity:, ...) without declaring them. Only queries run here: an update (INSERT,
    DELETE, LOAD, DROP, ...) is refused and nothing changes. CONSTRUCT and DESCRIBE
    results print as Turtle.

    \b
    Example:
      timeline sparql 'SELECT ?event ?label WHERE { ?event a tl:Pledge ; rdfs:label ?label }'
    """
    from timeline.api import KnowledgeBase
    from timeline.views.results import format_result

    query_text = _query_from(query_text)
    with KnowledgeBase(location) as kb:
        result = kb.sparql_result(query_text)
    click.echo(format_result(result, output_format, terminal_width()), nl=False)
