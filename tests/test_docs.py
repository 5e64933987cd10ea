"""`timeline docs`: the ontology documented by pyLODE, and the query catalogue with examples."""

import re

from timeline.cli import cli


def test_docs_document_every_ontology_term_and_every_stored_query(runner, tmp_path):
    result = runner.invoke(cli, ["docs", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {tmp_path / 'ontology.html'}\nWrote {tmp_path / 'queries.html'}\n"
    ontology = (tmp_path / "ontology.html").read_text(encoding="utf-8")
    for label in ("state visit", "meeting series", "trade volume", "has guest", "begin precision", "shortly precedes"):
        assert label in ontology, label
    catalogue = (tmp_path / "queries.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<section id="', catalogue)) == 16
    timeline = catalogue.split('<section id="timeline">', 1)[1].split("</section>", 1)[0]
    assert "$ timeline query timeline" in timeline
    assert "<td>event:putin-xi-meetings-since-2012</td><td>2012</td><td>2024-05-16</td>" in timeline
    assert "Asks a remote endpoint: not run" in catalogue.split('<section id="people-from-wikidata">', 1)[1]
