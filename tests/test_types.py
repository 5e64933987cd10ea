"""The code type-checks (mypy) and lints clean (ruff: pyflakes, bugbear, pyupgrade)."""

import subprocess
import sys

from conftest import REPOSITORY


def test_mypy_finds_no_type_errors():
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(REPOSITORY / "pyproject.toml"), str(REPOSITORY / "src" / "timeline")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--config", str(REPOSITORY / "pyproject.toml"), str(REPOSITORY / "src"), str(REPOSITORY / "tests")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
