"""Running `timeline` to its end in a new Python process, to see what it imported: start-up
cost is modules, and only a process of its own shows which a command needs."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping

_SCRIPT = """
import runpy, sys
exec(sys.argv.pop(1))
sys.argv = ['timeline', *sys.argv[1:]]
try:
    runpy.run_module('timeline', run_name='__main__')
except SystemExit as stop:
    assert not stop.code, stop.code
print('\\nimported:', ' '.join(sorted(sys.modules)))
"""


def run_timeline(arguments: list[str], environment: Mapping[str, str] | None = None, before: str = "") -> tuple[str, set[str]]:
    """What `timeline ARGUMENTS` printed, and the names of every module it imported. `before`
    is Python the process runs first (to set a module's constant, say)."""
    finished = subprocess.run(
        [sys.executable, "-c", _SCRIPT, before, *arguments], capture_output=True, text=True, check=True, env=environment
    )
    printed, _, modules = finished.stdout.rpartition("\nimported: ")
    return printed, set(modules.split())


def packages(modules: set[str]) -> set[str]:
    """The top-level packages of the modules: {'rdflib', 'yaml', ...}."""
    return {name.split(".")[0] for name in modules}


def run_with_file_size_limit(limit: int, arguments: list[str], before: str = "") -> subprocess.CompletedProcess[str]:
    """`timeline ARGUMENTS` in a process whose files may grow to `limit` bytes at most: a real
    refusal from the kernel (EFBIG), which stands in for a full disk. `before` is Python run
    first."""
    script = (
        "import resource, runpy, signal, sys\n"
        f"{before}\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"sys.argv = ['timeline', *{arguments!r}]\n"
        "runpy.run_module('timeline', run_name='__main__')\n"
    )
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
