"""Every command example of the README and of docs/ runs as written: each console block is run
as a shell script in a folder of its own (with copies of kb/ and examples/), and every
`timeline` command in it must succeed. An example that cannot run here is named, with why,
by the rules below; none is left out silently."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPOSITORY

PAGES = [REPOSITORY / "README.md", *sorted(path for path in (REPOSITORY / "docs").glob("*.md") if path.name != "cli.md")]
# Why a command of an example cannot run in a test: each rule names what the command needs.
NOT_HERE = [
    (re.compile(r"https?://"), "it asks a web site or a SPARQL server at an address the reader runs"),
    (re.compile(r"^make\b"), "it is a make target (the quick start, the development loop, the benchmarks): CI runs `make test`"),
    (re.compile(r"^\.venv/bin/pytest\b"), "it is the test suite, which this test is part of"),
    (re.compile(r"^timeline serve\b"), "it serves until stopped; tests/test_serve.py runs it as a process"),
    (re.compile(r"^timeline (--kb \S+ )?link (suggest|verify|dbpedia|enrich)\b"), "it asks Wikidata or DBpedia; tests/test_linking.py runs it on a local endpoint"),
    (re.compile(r"^\.venv-grlc/"), "it runs grlc's server; tests/test_grlc.py runs it"),
]


def _blocks(page: Path) -> list[tuple[int, list[str]]]:
    """The command lines of each console block of a page, with the block's line number."""
    blocks, current, start, inside = [], [], 0, False
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```console"):
            inside, current, start = True, [], number
        elif inside and line.startswith("```"):
            inside = False
            if current:
                blocks.append((start, current))
        elif inside and line.startswith("$ "):
            current.append(line[2:])
    return blocks


def _why_not(command: str) -> str | None:
    for pattern, reason in NOT_HERE:
        if pattern.search(command):
            return reason
    return None


EXAMPLES = [(page, start, commands) for page in PAGES for start, commands in _blocks(page)]


def test_every_page_has_examples_and_most_timeline_commands_run_here():
    commands = [command for _, _, block in EXAMPLES for command in block if command.startswith("timeline ")]
    elsewhere = [command for command in commands if _why_not(command)]
    assert len(commands) > 50
    assert len(elsewhere) < len(commands) / 4, elsewhere


@pytest.mark.parametrize(("page", "start", "commands"), EXAMPLES, ids=[f"{page.name}:{start}" for page, start, _ in EXAMPLES])
def test_an_example_runs_as_written(page, start, commands, tmp_path):
    shutil.copytree(REPOSITORY / "kb", tmp_path / "kb", ignore=shutil.ignore_patterns(".timeline"))
    shutil.copytree(REPOSITORY / "examples", tmp_path / "examples")
    (tmp_path / "work").mkdir()
    script = ["set -e"]
    for command in commands:
        reason = _why_not(command)
        script.append(f"# not run here: {reason}" if reason else command)
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    environment.pop("TIMELINE_KB", None)
    environment.pop("TIMELINE_STORE", None)
    # The page's commands run from the folder its paths are written for: the repository's top.
    for name in ("kb", "examples"):
        (tmp_path / "work" / name).symlink_to(tmp_path / name)
    done = subprocess.run(["bash", "-c", "\n".join(script)], cwd=tmp_path / "work", env=environment, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, f"{page.name}:{start}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
