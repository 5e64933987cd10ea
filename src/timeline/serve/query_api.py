"""The stored queries as a web API: the catalogue as JSON, one query run with the parameters a
URL gives (resolved as `timeline query` resolves them), its OpenAPI 3 description, and RFC 9457
problem documents (timeline.serve.engine_requests.Problem) for what goes wrong. Nothing here
speaks HTTP: timeline.serve.app does.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from timeline.catalog import Catalog, ParameterType, StoredQuery
from timeline.serve.engine_requests import Problem

# What a result can be asked for as: a suffix of the route, or the Accept header.
RESULT_FORMATS = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
_ACCEPTED = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "*/*": "json",
    "application/*": "json",
    "text/*": "csv",
}

PARAMETER_SCHEMAS: dict[ParameterType, dict[str, Any]] = {
    ParameterType.ENTITY: {"type": "string", "examples": ["Putin", "Q7747", "vladimir-putin"]},
    ParameterType.EVENT: {"type": "string", "examples": ["putin-fifth-inauguration-2024"]},
    ParameterType.START_DATE: {"type": "string", "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", "examples": ["2024-05"]},
    ParameterType.END_DATE: {"type": "string", "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", "examples": ["2024-05-16"]},
    ParameterType.STRING: {"type": "string"},
    ParameterType.IRI: {"type": "string", "format": "iri"},
    ParameterType.SERVICE: {"type": "string", "format": "uri"},
}


def split_suffix(name: str) -> tuple[str, str | None]:
    """`timeline.csv` -> ("timeline", "csv"); a name without a known suffix is whole."""
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix in (*RESULT_FORMATS, "rq"):
        return stem, suffix
    return name, None


def negotiate(accept: str) -> str | None:
    """The result format an Accept header prefers among ours (by q, then by its order), or
    None if it accepts none of them. No header means JSON."""
    if not accept.strip():
        return "json"
    choices = []
    for position, item in enumerate(accept.split(",")):
        media, *parameters = (part.strip() for part in item.split(";"))
        quality = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        found = _ACCEPTED.get(media.lower())
        if found and quality > 0:
            choices.append((-quality, position, found))
    return min(choices)[2] if choices else None


def unknown_query(catalog: Catalog, name: str) -> Problem:
    detail = catalog.unknown_name(name, "GET /queries lists them.")
    return Problem(404, "Not Found", detail, (("nearest", catalog.names_like(name)),))


def example_path(query: StoredQuery) -> str:
    arguments = urllib.parse.urlencode(query.example)
    return f"/queries/{query.name}" + (f"?{arguments}" if arguments else "")


def catalogue_entry(query: StoredQuery) -> dict[str, Any]:
    return {
        "name": query.name,
        "summary": query.summary,
        "description": query.description,
        "tags": list(query.tags),
        "parameters": [
            {"name": p.name, "type": p.type.value, "description": p.description, "required": True, "variable": f"?{p.variable}"}
            for p in query.parameters
        ],
        "example": query.example,
        "url": f"/queries/{query.name}",
        "example_url": example_path(query),
        "sparql_url": f"/queries/{query.name}.rq",
    }


def catalogue(catalog: Catalog) -> dict[str, Any]:
    return {"queries": [catalogue_entry(query) for query in catalog.queries.values()]}


def openapi(catalog: Catalog, title: str, version: str, server_url: str) -> dict[str, Any]:
    """An OpenAPI 3.1 document of the query API, made from the stored queries' headers."""
    problem = {"description": "A problem (RFC 9457)", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    results = {
        "description": "The query's results, in the W3C SPARQL 1.1 results formats",
        "content": {
            RESULT_FORMATS["json"]: {"schema": {"$ref": "#/components/schemas/SparqlResults"}},
            RESULT_FORMATS["csv"]: {"schema": {"type": "string"}},
            RESULT_FORMATS["tsv"]: {"schema": {"type": "string"}},
        },
    }
    paths: dict[str, Any] = {
        "/queries": {"get": {
            "operationId": "listQueries", "summary": "The stored queries: name, summary, tags, parameters with types, example.",
            "responses": {"200": {"description": "The catalogue", "content": {"application/json": {"schema": {"type": "object"}}}}},
        }},
    }
    for query in catalog.queries.values():
        parameters = [
            {"name": p.name, "in": "query", "required": True, "description": f"{p.description} ({p.type.value})",
             "schema": PARAMETER_SCHEMAS[p.type], **({"example": query.example[p.name]} if p.name in query.example else {})}
            for p in query.parameters
        ]
        operation = {
            "operationId": _operation_id(query.name),
            "summary": query.summary,
            "description": query.description,
            "tags": list(query.tags),
            "parameters": parameters,
            "responses": {"200": results, "400": problem, "403": problem, "406": problem, "422": problem, "504": problem},
        }
        paths[f"/queries/{query.name}"] = {"get": operation}
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version,
                 "description": "The stored queries of a timeline knowledge base. Every value is bound as an RDF term, never pasted "
                                "into the query; an entity or event may be given by label, id, IRI or Wikidata id. "
                                "SPARQL for everything else: /query (SPARQL 1.1 Protocol, read-only)."},
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": {
            "Problem": {"type": "object", "properties": {
                "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                "detail": {"type": "string"}, "instance": {"type": "string"},
                "parameter": {"type": "string", "description": "The parameter at fault"},
                "nearest": {"type": "array", "items": {"type": "string"}, "description": "Query names like the one asked for"},
            }},
            "SparqlResults": {"type": "object", "properties": {
                "head": {"type": "object", "properties": {"vars": {"type": "array", "items": {"type": "string"}}}},
                "results": {"type": "object", "properties": {"bindings": {"type": "array", "items": {"type": "object"}}}},
            }},
        }},
    }


def _operation_id(name: str) -> str:
    first, *rest = name.split("-")
    return first + "".join(word.capitalize() for word in rest)
