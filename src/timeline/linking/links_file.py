"""Writing links into a knowledge base's links.toml, one line each, and rebuilding it."""

from __future__ import annotations

from pathlib import Path

from timeline.errors import TimelineError
from timeline.linking.targets import Target
from timeline.rdf.files import write_atomically


def accept_link(kb_dir: Path, target: Target, local_id: str, value: str, note: str, replace: bool = False) -> bool:
    """Add `local_id = "value"` to the [target] table of links.toml (keys sorted, one line, with
    a comment saying where it came from) and rebuild the RDF. Returns False if the link was
    there already. A different existing link is an error unless `replace`. The file is edited
    with tomlkit, so that its comments and layout stay and every value is escaped correctly."""
    import tomlkit

    from timeline.curation.build import build

    path = kb_dir / "links.toml"
    original = path.read_text(encoding="utf-8") if path.is_file() else ""
    document = tomlkit.parse(original)
    current = document.get(target.name, {})
    if current.get(local_id) == value:
        return False
    if local_id in current and not replace:
        raise TimelineError(
            f"{local_id!r} is already linked to {current[local_id]!r} in {path}; nothing was changed. "
            "Pass --replace to change a curated link."
        )
    item = tomlkit.string(value)
    item.comment(note)
    item.trivia.comment_ws = "  "  # as the curated lines have it
    entries = dict(current.items()) if target.name in document else {}
    entries[local_id] = item
    table = tomlkit.table()
    for key in sorted(entries):
        table[key] = entries[key]
    document[target.name] = table
    write_atomically(path, tomlkit.dumps(document))
    try:
        build(kb_dir)
    except Exception:
        write_atomically(path, original)
        raise
    return True
