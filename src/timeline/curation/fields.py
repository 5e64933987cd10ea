"""Reading the curated TOML files: where an error happened (file, line, field) and the checks
every field gets, so that each message names what to fix."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from rdflib import Graph

from timeline.errors import DataFileError
from timeline.model.dates import ImpreciseDate
from timeline.rdf.files import read_text
from timeline.rdf.namespaces import is_local_id


class FileContext:
    """Where a compile error happened, to name file, line and field in its message."""

    def __init__(self, path: Path, display_path: str):
        self.path = path
        self.display_path = display_path

    @property
    def lines(self) -> list[str]:
        """The file's lines, read when an error needs them: a build of thousands of files
        keeps no file's text."""
        return read_text(self.path, "TOML file").splitlines()

    def error(self, message: str, item_id: str | None = None, field: str | None = None) -> DataFileError:
        line = self._line_of(item_id) if item_id else None
        prefix = ""
        if item_id:
            prefix += f"{item_id!r}"
            if field:
                prefix += f", field {field!r}"
            prefix += ": "
        return DataFileError(self.display_path, prefix + message, line=line)

    def _line_of(self, item_id: str) -> int | None:
        pattern = re.compile(r'^\s*(id\s*=\s*"' + re.escape(item_id) + '"|' + re.escape(item_id) + r'\s*=)')
        for number, line in enumerate(self.lines, start=1):  # read once per error
            if pattern.match(line):
                return number
        return None


def load_toml(path: Path, kb_dir: Path) -> tuple[dict[str, Any], FileContext]:
    display = display_path(path, kb_dir)
    if not path.is_file():
        raise DataFileError(display, "file not found")
    try:
        data = tomllib.loads(read_text(path, "TOML file", display))
    except RecursionError:
        raise DataFileError(display, "not valid TOML: its arrays or tables are nested too deeply to read") from None
    except tomllib.TOMLDecodeError as error:
        # Python 3.11's TOMLDecodeError has no lineno attribute: the position is in its message.
        message = str(error)
        position = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        line = column = None
        if position:
            line, column = int(position.group(1)), int(position.group(2))
            message = message[: position.start()]
        raise DataFileError(display, f"not valid TOML: {message}", line=line, column=column) from None
    return data, FileContext(path, display)


def display_path(path: Path, kb_dir: Path) -> str:
    try:
        return str(Path(kb_dir.name) / path.relative_to(kb_dir))
    except ValueError:
        return str(path)


def new_graph() -> Graph:
    return Graph(bind_namespaces="none")


def require_id(value: Any, context: FileContext, what: str) -> str:
    if not isinstance(value, str) or not is_local_id(value):
        raise context.error(
            f"every {what} needs an `id` of lower-case letters, digits and hyphens, such as "
            f"\"putin-state-visit-2024\"; found {value!r}"
        )
    return value


def optional_string(table: Mapping[str, Any], key: str, context: FileContext, item_id: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise context.error(f"`{key}` must be a non-empty string", item_id, key)
    return value


def string(table: Mapping[str, Any], key: str, context: FileContext, item_id: str) -> str:
    value = optional_string(table, key, context, item_id)
    if value is None:
        raise context.error(f"`{key}` is required", item_id, key)
    return value


def string_list(table: Mapping[str, Any], key: str, context: FileContext, item_id: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise context.error(f"`{key}` must be a list of strings", item_id, key)
    return value


def check_keys(table: Mapping[str, Any], allowed: Iterable[str], context: FileContext, item_id: str) -> None:
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise context.error(
            f"unknown field {unknown[0]!r}; the fields are: {', '.join(sorted(allowed))}", item_id, unknown[0]
        )


def parse_date(text: str, context: FileContext, item_id: str, field: str) -> ImpreciseDate:
    try:
        return ImpreciseDate.parse(text)
    except ValueError as error:
        raise context.error(str(error), item_id, field) from None
