"""Writing links into a knowledge base's links.toml, one line each, and rebuilding it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from timeline.errors import TimelineError
from timeline.linking.targets import Target


def accept_link(kb_dir: Path, target: Target, local_id: str, value: str, note: str, replace: bool = False) -> bool:
    """Add `local_id = "value"` to the [target] table of links.toml (sorted, one line, with
    a comment saying where it came from) and rebuild the RDF. Returns False if the link was
    there already. A different existing link is an error unless `replace`."""
    from timeline.curation.build import build

    path = kb_dir / "links.toml"
    original = path.read_text(encoding="utf-8") if path.is_file() else ""
    current = tomllib.loads(original).get(target.name, {}) if original else {}
    if current.get(local_id) == value:
        return False
    if local_id in current and not replace:
        raise TimelineError(
            f"{local_id!r} is already linked to {current[local_id]!r} in {path}; nothing was changed. "
            "Pass --replace to change a curated link."
        )
    line = f'{local_id} = "{value}"  # {note}'
    path.write_text(_with_line(original, target.name, local_id, line), encoding="utf-8")
    try:
        build(kb_dir)
    except Exception:
        path.write_text(original, encoding="utf-8")
        raise
    return True


def _with_line(text: str, table: str, key: str, line: str) -> str:
    lines = text.splitlines()
    header = f"[{table}]"
    if header not in lines:
        lines += ["", header]
    start = lines.index(header) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("[")), len(lines))
    key_pattern = re.compile(r"^([A-Za-z0-9_-]+)\s*=")
    for index in range(start, end):
        match = key_pattern.match(lines[index])
        if match and match.group(1) == key:
            lines[index] = line
            return "\n".join(lines) + "\n"
    position = end
    for index in range(start, end):
        match = key_pattern.match(lines[index])
        if match and match.group(1) > key:
            position = index
            break
    else:
        while position > start and not lines[position - 1].strip():
            position -= 1
    lines.insert(position, line)
    return "\n".join(lines) + "\n"
