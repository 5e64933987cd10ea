"""Stored queries: the `#+` header of a .rq file, read strictly, and the catalogues of them.

Each file is a valid SPARQL query that opens with a grlc-style header of `#+` comment lines
holding YAML, parsed strictly: an unknown key, a missing summary or a parameter the query
does not use is an error, never empty metadata.

    #+ summary: Every event of one actor, in date order.
    #+ tags: [timeline, actors]
    #+ params:
    #+   - name: actor
    #+     type: entity
    #+     description: The actor, as a label ("Putin"), an IRI or a Wikidata id ("Q7747").
    #+ example: {actor: Putin}

A parameter `name` is a variable ?_name in the query, of a type (timeline.catalog.stored_query:
the query, its parameters and their binding). A header parsed and checked once is kept in the
user's cache with the gate's parse of the query (timeline.catalog.header_cache).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from timeline.catalog.header_cache import fingerprint, read_entry, write_entry
from timeline.catalog.stored_query import GRLC_SUFFIXES, HeaderError, Parameter, ParameterType, StoredQuery
from timeline.errors import QueryError
from timeline.rdf.prefixes import is_local_id
from timeline.rdf.sparql_text import SparqlText

# No underscore: grlc reads ?_name_suffix as a name and a type.
_PARAMETER_NAME = re.compile(r"^[a-z][a-z0-9]*$")
_PARAMETER_VARIABLE = re.compile(r"[?$](_[A-Za-z0-9_]+)")
_HEADER_KEYS = {"summary", "description", "tags", "params", "example"}
_PARAMETER_KEYS = {"name", "type", "description"}


def parse_stored_query(path: Path, grlc_variables: bool = False) -> StoredQuery:
    """Read one .rq file; a bad header is a HeaderError that names the file. With
    `grlc_variables`, each parameter's variable must carry grlc's suffix for its type. A header
    parsed and checked before is taken from the user's cache (timeline.catalog.header_cache)."""
    name = path.stem
    where = f"{path.parent.name}/{path.name}"
    if not is_local_id(name):
        raise HeaderError(f"{where}: a stored query's file name must be lower-case words joined by hyphens")
    text = path.read_text(encoding="utf-8")
    parser = _parser_fingerprint()
    if parser is None:
        return _checked_query(path, text, where, grlc_variables)
    cached = _from_fields(read_entry(path.name, text, grlc_variables, parser), path, text)
    if cached is not None and not _agrees_with_text(cached, text, grlc_variables):
        cached = None  # a damaged or planted entry: parse the header
    if cached is None:
        cached = _with_parse(_checked_query(path, text, where, grlc_variables))
        write_entry(path.name, text, grlc_variables, parser, _fields(cached))
    return cached


def _with_parse(query: StoredQuery) -> StoredQuery:
    """The query with the gate's parse of its text, to keep in the cache; as it was when the
    text does not parse (binding it says why)."""
    from dataclasses import replace

    from timeline.rdf.sparql_parser import read_sparql

    try:
        return replace(query, read=read_sparql(query.text))
    except QueryError:
        return query


@cache
def _parser_fingerprint() -> str | None:
    """A fingerprint of the sources that decide what a query parses to: this module's and
    stored_query.py's (the header, its parameters) and the gate's (the query: its parser,
    lexer, grammar and parse); None when the installation has no source to read (every query
    is then parsed every time)."""
    here, rdf = Path(__file__).parent, Path(__file__).parent.parent / "rdf"
    gate = ("sparql_parser.py", "sparql_lexer.py", "sparql_grammar.py", "sparql_query.ebnf", "sparql_text.py")
    sources = [here / "headers.py", here / "stored_query.py", *(rdf / name for name in gate)]
    try:
        return fingerprint(b"".join(source.read_bytes() for source in sources))
    except OSError:
        return None


def _fields(query: StoredQuery) -> dict[str, Any]:
    parameters = [{"name": p.name, "type": p.type.value, "description": p.description, "variable": p.variable} for p in query.parameters]
    return {
        "summary": query.summary, "description": query.description, "tags": list(query.tags),
        "parameters": parameters, "example": query.example, "read": query.read.as_fields() if query.read else None,
    }


def _from_fields(fields: dict[str, Any] | None, path: Path, text: str) -> StoredQuery | None:
    """The query the fields kept in the cache describe, or None when there are none or they are
    not what `_fields` writes."""
    if fields is None:
        return None
    try:
        return StoredQuery(
            name=path.stem,
            path=path,
            text=text,
            summary=_string(fields["summary"]),
            description=_string(fields["description"]),
            tags=tuple(_string(tag) for tag in fields["tags"]),
            parameters=tuple(
                Parameter(_string(p["name"]), ParameterType(p["type"]), _string(p["description"]), _string(p["variable"]))
                for p in fields["parameters"]
            ),
            example={_string(key): _string(value) for key, value in fields["example"].items()},
            read=_kept_parse(fields["read"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _kept_parse(fields: object) -> SparqlText | None:
    """The parse an entry keeps; None for a query that did not parse; a ValueError (a miss, the
    entry written again) for one that is not what SparqlText.as_fields writes."""
    if fields is None:
        return None
    read = SparqlText.from_fields(fields)
    if read is None:
        raise ValueError("a damaged parse")
    return read


_HEADER_NAME = re.compile(r"""\bname:\s*["']?([^\s,"'}]+)""")
_HEADER_TYPE = re.compile(r"""\btype:\s*["']?([^\s,"'}]+)""")


def _agrees_with_text(query: StoredQuery, text: str, grlc_variables: bool) -> bool:
    """Whether a query read from the cache has the parameters its text declares and uses: the
    names and types in the header's order, each variable the one its name and type make, and
    no other parameter variable in the body. A legitimate entry always agrees (it was parsed
    from this text); one that does not is damaged or planted and is parsed again."""
    header = "\n".join(line for line in text.splitlines() if line.startswith("#+"))
    names = [parameter.name for parameter in query.parameters]
    if _HEADER_NAME.findall(header) != names or _HEADER_TYPE.findall(header) != [p.type.value for p in query.parameters]:
        return False
    for parameter in query.parameters:
        suffix = GRLC_SUFFIXES[parameter.type] if grlc_variables else ""
        if parameter.variable != f"_{parameter.name}{suffix}":
            return False
    used = set(_PARAMETER_VARIABLE.findall(_without_comments(text)))
    return used == {parameter.variable for parameter in query.parameters} and set(query.example) == set(names)


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _checked_query(path: Path, text: str, where: str, grlc_variables: bool) -> StoredQuery:
    import yaml

    name = path.stem
    header_lines = []
    for line in text.splitlines():
        if not line.startswith("#+"):
            break
        header_lines.append(line[3:] if line.startswith("#+ ") else line[2:])
    if not header_lines:
        raise HeaderError(f"{where}: the query must open with a `#+ summary: ...` header")
    try:
        header = yaml.safe_load("\n".join(header_lines))
    except yaml.YAMLError as error:
        raise HeaderError(f"{where}: the `#+` header is not valid YAML: {error}") from None
    if not isinstance(header, dict):
        raise HeaderError(f"{where}: the `#+` header must be YAML keys such as `summary:`")
    unknown = sorted(set(header) - _HEADER_KEYS)
    if unknown:
        raise HeaderError(f"{where}: unknown header key {unknown[0]!r}; the keys are {', '.join(sorted(_HEADER_KEYS))}")
    summary = header.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise HeaderError(f"{where}: the header needs a one-line `summary:`")
    description = header.get("description", "")
    if not isinstance(description, str):
        raise HeaderError(f"{where}: `description:` must be text")
    tags = header.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise HeaderError(f"{where}: `tags:` must be a list such as [timeline, actors]")
    parameters = tuple(_parse_parameter(item, where, grlc_variables) for item in header.get("params") or [])
    names = [parameter.name for parameter in parameters]
    if len(set(names)) != len(names):
        raise HeaderError(f"{where}: a parameter is declared twice")
    used = set(_PARAMETER_VARIABLE.findall(_without_comments(text)))
    for parameter in parameters:
        if parameter.variable not in used:
            why = f" (grlc's name for {'an IRI' if parameter.variable.endswith('_iri') else 'an xsd:date'})" if parameter.variable != f"_{parameter.name}" else ""
            raise HeaderError(f"{where}: parameter {parameter.name!r} is declared but the query never uses ?{parameter.variable}{why}")
    undeclared = sorted(used - {parameter.variable for parameter in parameters})
    if undeclared:
        raise HeaderError(f"{where}: the query uses ?{undeclared[0]}, which no `params:` entry declares")
    example = header.get("example") or {}
    if not isinstance(example, dict) or set(example) != set(names):
        raise HeaderError(f"{where}: `example:` must give a value for every parameter, as in {{{', '.join(f'{n}: ...' for n in names)}}}")
    return StoredQuery(
        name=name,
        path=path,
        text=text,
        summary=summary.strip(),
        description=description.strip(),
        tags=tuple(tags),
        parameters=parameters,
        example={key: str(value) for key, value in example.items()},
    )


def _parse_parameter(item: Any, where: str, grlc_variables: bool) -> Parameter:
    if not isinstance(item, dict):
        raise HeaderError(f"{where}: each `params:` entry must have name, type and description")
    unknown = sorted(set(item) - _PARAMETER_KEYS)
    if unknown or not _PARAMETER_KEYS <= set(item):
        raise HeaderError(f"{where}: each `params:` entry has exactly the keys name, type and description")
    name, type_name, description = item["name"], item["type"], item["description"]
    if not isinstance(name, str) or not _PARAMETER_NAME.match(name):
        raise HeaderError(f"{where}: parameter name {name!r} must be lower-case letters and digits (grlc reads _ as a type suffix)")
    try:
        parameter_type = ParameterType(type_name)
    except ValueError:
        choices = ", ".join(t.value for t in ParameterType)
        raise HeaderError(f"{where}: parameter {name!r} has type {type_name!r}; the types are {choices}") from None
    if not isinstance(description, str) or not description.strip():
        raise HeaderError(f"{where}: parameter {name!r} needs a description")
    suffix = GRLC_SUFFIXES[parameter_type] if grlc_variables else ""
    return Parameter(name, parameter_type, description.strip(), f"_{name}{suffix}")


def _without_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


class Catalog:
    """The stored queries of a folder, by name. Each file is read when it is first asked for:
    running one query reads one header, not the whole folder's."""

    def __init__(self, folder: Path, grlc_variables: bool = False):
        self.folder = folder
        self.grlc_variables = grlc_variables
        self._read: dict[str, StoredQuery] = {}
        self._all: dict[str, StoredQuery] | None = None

    @property
    def queries(self) -> dict[str, StoredQuery]:
        """Every query of the folder, in name order."""
        if self._all is None:
            self._all = {path.stem: self._parsed(path) for path in sorted(self.folder.glob("*.rq"))}
        return self._all

    def get(self, name: str) -> StoredQuery:
        path = self.folder / f"{name}.rq"
        if not is_local_id(name) or not path.is_file():
            raise QueryError(self.unknown_name(name, "Run `timeline queries` to list them."))
        return self._parsed(path)

    def _parsed(self, path: Path) -> StoredQuery:
        if path.stem not in self._read:
            self._read[path.stem] = parse_stored_query(path, self.grlc_variables)
        return self._read[path.stem]

    def unknown_name(self, name: str, how_to_list: str) -> str:
        """What to tell someone who asked for a query this catalogue does not have."""
        nearest = self.names_like(name)
        hint = f" Did you mean {' or '.join(repr(n) for n in nearest)}?" if nearest else ""
        shown = name if len(name) <= 60 else name[:59] + "…"
        return f"No stored query named {shown!r}.{hint} {how_to_list}"


    def names_like(self, name: str) -> list[str]:
        import difflib

        return difflib.get_close_matches(name, list(self.queries), n=3, cutoff=0.6)


