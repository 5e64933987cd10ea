"""Writing rows: SPARQL query results and plain tables, for people and for programs.

SPARQL results (timeline.store.results):

    table  aligned columns, IRIs shortened with the project's prefixes
    csv    SPARQL 1.1 Query Results CSV (https://www.w3.org/TR/sparql11-results-csv-tsv/)
    tsv    SPARQL 1.1 Query Results TSV: every value an RDF term in SPARQL syntax
    json   SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/)
    jsonl  one JSON object per row, {variable: value}, numbers and booleans as JSON types

ASK results print as true or false (JSON: the W3C boolean form); CONSTRUCT and DESCRIBE
results print as Turtle whatever the format.

Plain tables (`Table`: the query catalogue, validation findings, link verdicts) are not RDF,
so they are not dressed up as SPARQL results: csv and tsv are plain, json is a list of
objects and jsonl one object per line.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from timeline.rdf.model import XSD_STRING, Literal, Term, json_term, plain_value, short_value
from timeline.rdf.prefixes import XSD_IRI
from timeline.store.results import Boolean, QueryResult, Solutions, Triples

FORMATS = ("table", "csv", "tsv", "json", "jsonl")
Cell = str | int | float | bool | None


@dataclass(frozen=True)
class Table:
    """Rows that are not RDF: named columns of plain values."""

    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]]

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def format_result(result: QueryResult, output_format: str, max_width: int | None = None) -> str:
    """A query result as text in one of FORMATS; the text ends with a newline. `max_width`
    fits a table to a terminal of that many columns."""
    if isinstance(result, Triples):
        if output_format != "table":
            from timeline.errors import QueryError

            raise QueryError(
                f"A CONSTRUCT or DESCRIBE query gives a graph, which prints as Turtle; --format {output_format} is a row "
                "format for SELECT and ASK. Leave out --format, or export RDF with `timeline export`."
            )
        from timeline.rdf.writers import turtle_of_terms

        return turtle_of_terms(result.triples)
    if isinstance(result, Boolean):
        if output_format == "json":
            return json.dumps({"head": {}, "boolean": result.value}) + "\n"
        return ("true" if result.value else "false") + "\n"
    if output_format == "table":
        return _solutions_table(result, max_width)
    writer = {"csv": _csv, "tsv": _tsv, "json": _json, "jsonl": _jsonl}[output_format]
    return writer(result)


def format_table(table: Table, output_format: str, max_width: int | None = None) -> str:
    """A plain table as text in one of FORMATS; the text ends with a newline."""
    if output_format == "table":
        return aligned([str(c) for c in table.columns], [[_cell_text(cell) for cell in row] for row in table.rows], max_width)
    if output_format == "json":
        return json.dumps(table.records(), ensure_ascii=False, indent=2) + "\n"
    if output_format == "jsonl":
        return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in table.records())
    if output_format == "csv":
        return _csv_text(table.columns, [[_cell_text(cell) for cell in row] for row in table.rows])
    lines = ["\t".join(table.columns)] + ["\t".join(_cell_text(cell).replace("\t", " ").replace("\n", " ") for cell in row) for row in table.rows]
    return "\n".join(lines) + "\n"


def _cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    return str(cell)


def aligned(header: list[str], body: list[list[str]], max_width: int | None = None) -> str:
    """Aligned columns for a terminal, with a count of the rows; with `max_width` (a terminal's),
    the widest columns are cut, with an ellipsis, until a row fits."""
    body = [[cell.replace("\n", " ") for cell in cells] for cells in body]
    widths = [_width(name) for name in header]
    for cells in body:
        widths = [max(width, _width(cell)) for width, cell in zip(widths, cells, strict=True)]
    if max_width is not None:
        widths = _fitted(widths, max_width)
        header = [_cut(name, width) for name, width in zip(header, widths, strict=True)]
        body = [[_cut(cell, width) for cell, width in zip(cells, widths, strict=True)] for cells in body]
    lines = [_row(header, widths), _row(["-" * width for width in widths], widths)]
    lines += [_row(cells, widths) for cells in body]
    count = len(body)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


def _fitted(widths: list[int], max_width: int, narrowest: int = 8) -> list[int]:
    widths = list(widths)
    while sum(widths) + 2 * (len(widths) - 1) > max_width:
        widest = max(range(len(widths)), key=lambda index: widths[index])
        if widths[widest] <= narrowest:
            break
        widths[widest] -= 1
    return widths


def _cut(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    kept = ""
    for character in text:
        if _width(kept + character) > width - 1:
            break
        kept += character
    return kept + "…"


def _solutions_table(result: Solutions, max_width: int | None = None) -> str:
    return aligned(result.variables, [[short_value(term) for term in row] for row in result.table], max_width)


def _width(text: str) -> int:
    """Columns the text takes on a terminal: wide East Asian characters take two."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(cells, widths, strict=True)).rstrip()


def _csv(result: Solutions) -> str:
    return _csv_text(result.variables, [[plain_value(term) for term in row] for row in result.table])


def _csv_text(header: Sequence[str], rows: list[list[str]]) -> str:
    """CSV as RFC 4180 writes it (CRLF line ends). The csv module is imported here, not at the
    top: a query's start pays only for the format it writes."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _tsv(result: Solutions) -> str:
    # Oxigraph writes each term in N-Triples (`str`), escapes included: a tab or a line break in
    # a literal cannot break a row.
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    lines += ["\t".join(["" if term is None else str(term) for term in row]) for row in result.table]
    return "\n".join(lines) + "\n"


def _json(result: Solutions) -> str:
    document = {
        "head": {"vars": result.variables},
        "results": {"bindings": [{name: json_term(term) for name, term in record.items() if term is not None} for record in result.records()]},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _jsonl(result: Solutions) -> str:
    lines = [json.dumps({name: json_value(term) for name, term in record.items()}, ensure_ascii=False) for record in result.records()]
    return "".join(line + "\n" for line in lines)


_INTEGER_TYPES = {XSD_IRI + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
)}
_DECIMAL = XSD_IRI + "decimal"
_FLOAT_TYPES = {_DECIMAL, XSD_IRI + "double", XSD_IRI + "float"}
_BOOLEAN = XSD_IRI + "boolean"


def json_value(term: Term | None) -> str | int | float | bool | None:
    """A value as a JSON type, as sqlite-utils writes rows: numbers as numbers, booleans as
    true and false, unbound as null, everything else (IRIs, dates, text) as its string."""
    if term is None:
        return None
    if isinstance(term, Literal) and not term.language and term.datatype != XSD_STRING:
        datatype, lexical = term.datatype.value, term.value
        try:
            if datatype in _INTEGER_TYPES:
                return int(lexical)
            if datatype in _FLOAT_TYPES:
                number = float(lexical)
                if number == number and number not in (float("inf"), float("-inf")):
                    return int(number) if datatype == _DECIMAL and number.is_integer() and "." not in lexical else number
            if datatype == _BOOLEAN and lexical in ("true", "false", "1", "0"):
                return lexical in ("true", "1")
        except ValueError:
            pass
    return plain_value(term)
