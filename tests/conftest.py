"""Fixtures shared by the tests: the seed knowledge base in both engines, a CLI runner, and
a writable copy of the knowledge base folder for tests that break it on purpose."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.kb.layout import resolve_kb_dir
from timeline.store import Store, open_store

REPOSITORY = Path(__file__).resolve().parents[1]
# The modules whose tests start servers, a browser, grlc or whole `timeline` processes: marked
# `slow`, so that `make test-fast` (pytest -m "not slow") is a quick loop. `make test` and CI
# run every test.
SLOW_MODULES = {
    "test_remote", "test_serve", "test_serve_engine", "test_grlc", "test_timeline_page", "test_linking", "test_servers",
    "test_installed", "test_examples", "test_full_disk", "test_folder_consistency",
}


def pytest_configure(config: pytest.Config) -> None:
    """A suite started in the background by a shell without job control (`make test &` in a
    script) inherits Ctrl-C ignored, and so would every `timeline` process it starts: the tests
    that send SIGINT to one need the default, which an interactive run has."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and module.__name__ in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def private_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """timeline keeps parsed query headers in the user's cache folder: the tests, and the
    commands they start, keep theirs in a folder of their own instead of the user's."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def seed_store() -> Store:
    return open_store()


@pytest.fixture(scope="session")
def rdflib_store() -> Store:
    return open_store(engine="rdflib")


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed knowledge base folder (TOML, texts and RDF)."""
    copy = tmp_path / "kb"
    shutil.copytree(resolve_kb_dir(), copy)
    return copy


@pytest.fixture()
def edit() -> Callable[[Path, str, str], None]:
    """Replace text in a file once, failing loudly if the text is not there."""

    def replace(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return replace
