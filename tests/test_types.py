"""The library type-checks: public functions carry type hints, and mypy agrees with them."""

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
