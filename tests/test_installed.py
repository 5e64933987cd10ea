"""The package works after a plain `pip install .`: the wheel carries the ontology, the
stored queries and the knowledge base, and `timeline` runs from any folder."""

import subprocess
import sys
import zipfile

from conftest import REPOSITORY


def test_the_wheel_carries_ontology_queries_and_knowledge_base(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(REPOSITORY)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("timeline_kb-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "timeline/_bundled/ontology/timeline.ttl",
        "timeline/_bundled/ontology/shapes.ttl",
        "timeline/_bundled/ontology/context.jsonld",
        "timeline/_bundled/queries/timeline.rq",
        "timeline/_bundled/queries/checks/event-without-evidence.rq",
        "timeline/_bundled/kb/sources/xi-putin-beijing-2024-05.txt",
        "timeline/_bundled/kb/events/xi-putin-beijing-2024-05.ttl",
        "timeline/py.typed",
        "timeline/extraction/word_forms.json",  # extraction's tables, made at development time
        "timeline/extraction/cities.json",
    }
    assert expected <= names
    for relative in ("kb/sources/xi-putin-beijing-2024-05.txt", "kb/events/xi-putin-beijing-2024-05.ttl"):
        assert zipfile.ZipFile(wheel).read(f"timeline/_bundled/{relative}") == (REPOSITORY / relative).read_bytes()


def test_timeline_runs_from_any_folder(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "show"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("24 events from 2 sources")
