"""Long work shows a progress bar with counts and rate on a terminal, and nothing extra when
its output is piped. The terminal is a real pseudo-terminal (util-linux `script`)."""

from __future__ import annotations

import shlex
import subprocess
import sys

import pytest

from timeline.cli import cli


def _on_a_terminal(arguments: list[str]) -> str:
    # A terminal of 24 rows and 100 columns: `script` alone gives one of none, where tqdm shows nothing.
    command = "stty rows 24 cols 100; " + shlex.join([sys.executable, "-m", "timeline", *arguments])
    finished = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stdout
    return finished.stdout


@pytest.mark.parametrize("arguments, unit", [
    (["load", "--store", "{tmp}/store"], "graphs"),
    (["validate"], "files"),  # events files validated, a batch at a time
    (["export", "-o", "{tmp}/kb.nq"], "graphs"),
    (["html", "-o", "{tmp}/kb.html"], "steps"),
])
def test_a_terminal_sees_a_progress_bar_with_a_rate(tmp_path, arguments, unit):
    shown = _on_a_terminal([argument.format(tmp=tmp_path) for argument in arguments])
    assert f"{unit}/s" in shown  # the count and the rate; a bar too once there is time to draw one


def test_build_shows_its_progress_on_a_terminal(kb_copy):
    (kb_copy / ".timeline").exists() and subprocess.run(["rm", "-rf", str(kb_copy / ".timeline")], check=True)
    shown = _on_a_terminal(["--kb", str(kb_copy), "build"])
    assert "files/s" in shown


@pytest.mark.parametrize("arguments", [["validate"], ["export", "-f", "nquads"]])
def test_piped_output_has_no_progress(runner, arguments):
    result = runner.invoke(cli, arguments)
    assert "/s]" not in result.stderr and "\r" not in result.stderr
