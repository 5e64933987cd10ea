"""Writing query results: a table for people, and the W3C formats for programs.

    table  aligned columns, IRIs shortened with the project's prefixes
    csv    SPARQL 1.1 Query Results CSV (https://www.w3.org/TR/sparql11-results-csv-tsv/)
    tsv    SPARQL 1.1 Query Results TSV: every value an RDF term in SPARQL syntax
    json   SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/)
    jsonl  one JSON object per row, {variable: plain value}, for line-oriented tools

ASK results print as true or false (JSON: the W3C boolean form); CONSTRUCT and DESCRIBE
results print as Turtle whatever the format.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from timeline.namespaces import PREFIXES_LONGEST_FIRST
from timeline.rdf_files import ntriples_term, turtle
from timeline.store import QueryResult

FORMATS = ("table", "csv", "tsv", "json", "jsonl")


def format_result(result: QueryResult, output_format: str) -> str:
    """The result as text in one of FORMATS; the text ends with a newline."""
    if result.kind == "graph":
        return turtle(result.triples)
    if result.kind == "ask":
        if output_format == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    writer = {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "jsonl": _jsonl}[output_format]
    return writer(result)


def plain_value(node: Node | None) -> str:
    """The value as a person reads it: an IRI as is, a literal's text, nothing for unbound."""
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def short_value(node: Node | None) -> str:
    """Like plain_value, with IRIs shortened by the project's prefixes where one fits."""
    if isinstance(node, URIRef):
        for prefix, namespace in PREFIXES_LONGEST_FIRST:
            if str(node).startswith(namespace) and len(str(node)) > len(namespace):
                return f"{prefix}:{str(node)[len(namespace):]}"
    return plain_value(node)


def _table(result: QueryResult) -> str:
    header = result.variables
    body = [[short_value(row.get(name)).replace("\n", " ") for name in header] for row in result.rows]
    widths = [_width(name) for name in header]
    for cells in body:
        widths = [max(width, _width(cell)) for width, cell in zip(widths, cells, strict=True)]
    lines = [_row(header, widths), _row(["-" * width for width in widths], widths)]
    lines += [_row(cells, widths) for cells in body]
    count = len(result.rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    """Columns the text takes on a terminal: wide East Asian characters take two."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(cells, widths, strict=True)).rstrip()


def _csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([plain_value(row.get(name)) for name in result.variables])
    return buffer.getvalue()


def _tsv(result: QueryResult) -> str:
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    for row in result.rows:
        lines.append("\t".join(_tsv_cell(row.get(name)) for name in result.variables))
    return "\n".join(lines) + "\n"


def _tsv_cell(node: Node | None) -> str:
    return "" if node is None else ntriples_term(node)


def json_term(node: Node) -> dict[str, str]:
    """One value in the SPARQL 1.1 results JSON form."""
    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    if isinstance(node, BNode):
        return {"type": "bnode", "value": str(node)}
    term: dict[str, str] = {"type": "literal", "value": str(node)}
    if isinstance(node, Literal):
        if node.language:
            term["xml:lang"] = node.language
        elif node.datatype and node.datatype != XSD.string:
            term["datatype"] = str(node.datatype)
    return term


def _json(result: QueryResult) -> str:
    document = {
        "head": {"vars": result.variables},
        "results": {
            "bindings": [
                {name: json_term(value) for name, value in row.items() if value is not None} for row in result.rows
            ]
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _jsonl(result: QueryResult) -> str:
    lines = [
        json.dumps({name: plain_value(row.get(name)) if row.get(name) is not None else None for name in result.variables}, ensure_ascii=False)
        for row in result.rows
    ]
    return "".join(line + "\n" for line in lines)
