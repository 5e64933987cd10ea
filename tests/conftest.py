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
# Markers by what a module's tests start, so that `make test-fast` (every test marked none of
# them) is a quick loop; `make test` and CI run every test. A single test that starts a process
# in a module otherwise quick is marked where it is defined.
#   servers: SPARQL servers (Oxigraph, Virtuoso), grlc or `timeline serve`
#   browser: Chromium
#   slow:    whole `timeline` processes, an installed wheel or builds of whole knowledge bases
MODULE_MARKERS = {
    "test_remote": "servers", "test_serve": "servers", "test_serve_engine": "servers", "test_grlc": "servers",
    "test_linking": "servers", "test_servers": "servers", "test_hostile_serve": "servers",
    "test_timeline_page": "browser",
    "test_installed": "slow", "test_examples": "slow", "test_full_disk": "slow", "test_folder_consistency": "slow",
    "test_incremental_build": "slow",
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
        marker = MODULE_MARKERS.get(module.__name__) if module is not None else None
        if marker:
            item.add_marker(getattr(pytest.mark, marker))


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


@pytest.fixture()
def store_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """A store user and password in the environment, as an analyst would set them."""
    from sparql_servers import SECRET

    monkeypatch.setenv("TIMELINE_STORE_USER", "analyst")
    monkeypatch.setenv("TIMELINE_STORE_PASSWORD", SECRET)
