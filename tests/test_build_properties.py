import pytest
"""Property-based: whatever an authoring file says, `build` either compiles it or stops with
a DataFileError naming the file, and a failed build leaves every file as it was."""

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.curation.build import build
from timeline.errors import DataFileError
from timeline.kb.layout import resolve_kb_dir

KEYS = ["id", "kind", "label", "status", "roles", "places", "part-of", "evidence", "time", "figure", "quote", "when", "begin", "end", "venue"]
words = st.sampled_from(["putin", "Putin", "Q7747", "vladimir-putin", "xi-jinping", "StateVisit", "Pledge", "planned", "2024-05", "2022",
                         "earlier this month", "in October", "next week", "Xi welcomes", "he said", "", "\u2019", "x\"y", "\\", "\n"])
scalars = st.one_of(words, st.text(max_size=12), st.integers(-3, 3), st.booleans())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)), max_leaves=8)
events = st.lists(st.dictionaries(st.sampled_from(KEYS), values, max_size=7), max_size=3)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return "{ " + ", ".join(f'"{key}" = {_toml_value(item)}' for key, item in value.items()) + " }"


def _events_file(tables: list[dict]) -> str:
    lines = ['source = "xi-putin-beijing-2024-05"']
    for table in tables:
        lines.append("[[event]]")
        lines += [f'"{key}" = {_toml_value(value)}' for key, value in table.items()]
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables=events)
@pytest.mark.slow  # 150 generated knowledge bases built (9 s): left out by make test-fast
def test_any_authoring_input_compiles_or_fails_cleanly(tables):
    with tempfile.TemporaryDirectory() as folder:
        kb = Path(folder) / "kb"
        shutil.copytree(resolve_kb_dir(), kb)
        (kb / "events" / "extra.toml").write_text(_events_file(tables), encoding="utf-8")
        before = {path: path.read_bytes() for path in kb.rglob("*.ttl")}
        try:
            build(kb)
        except DataFileError as error:
            assert str(error).startswith("kb/events/extra.toml") or str(error).startswith("kb/links.toml"), str(error)
            assert {path: path.read_bytes() for path in kb.rglob("*.ttl")} == before
