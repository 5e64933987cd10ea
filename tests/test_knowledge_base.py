"""The seed data itself: the source kept byte for byte, every offset right, every Wikidata
link from the checked table, and the article's facts encoded as the article and the
reference table state them."""

import hashlib
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS, XSD

from timeline.kb.layout import kb_files, resolve_kb_dir
from timeline.rdf.namespaces import KB, NIF, OA, SEM, TL, TIME

from conftest import REPOSITORY

ARTICLE = KB["source/xi-putin-beijing-2024-05"]


@pytest.fixture(scope="module")
def graph() -> Graph:
    union = Graph()
    for kb_file in kb_files(resolve_kb_dir()):
        union.parse(kb_file.path, format="turtle")
    return union


def test_the_article_is_kept_byte_for_byte():
    data = (resolve_kb_dir() / "sources" / "xi-putin-beijing-2024-05.txt").read_bytes()
    # The digest of ../shared/sources/xi-putin-beijing-2024-05.txt as handed over.
    assert hashlib.sha256(data).hexdigest() == "36955782fd0d352939c810fb0d8ef964044064e596cb5d8299525378320e0276"
    assert len(data.decode("utf-8")) == 2629 and not data.endswith(b"\n")


def test_the_source_node_carries_the_whole_text_and_its_inferred_reference_date(graph):
    text = (resolve_kb_dir() / "sources" / "xi-putin-beijing-2024-05.txt").read_text(encoding="utf-8")
    assert graph.value(ARTICLE, NIF.isString) == Literal(text)
    assert graph.value(ARTICLE, TL.referenceDate) == Literal("2024-05-16", datatype=XSD.date)
    assert str(graph.value(ARTICLE, TL.referenceDateBasis)).startswith("Inferred: the article states no date.")


def test_every_annotation_slices_its_source_text_to_its_exact_words(graph):
    checked = 0
    for target in graph.subjects(OA.hasSource, None):
        text = str(graph.value(graph.value(target, OA.hasSource), NIF.isString))
        selectors = list(graph.objects(target, OA.hasSelector))
        quote = next(s for s in selectors if graph.value(s, OA.exact) is not None)
        position = next(s for s in selectors if graph.value(s, OA.start) is not None)
        start, end = int(graph.value(position, OA.start)), int(graph.value(position, OA.end))
        assert text[start:end] == str(graph.value(quote, OA.exact))
        assert text[:start].endswith(str(graph.value(quote, OA.prefix)))
        assert text[end:].startswith(str(graph.value(quote, OA.suffix)))
        checked += 1
    assert checked == len(set(graph.subjects(OA.hasTarget, None))) > 0


def _reference_table() -> dict[str, str]:
    """The Wikidata items of the checked table in shared/reference/seed-facts.md (kept in kb/sources)."""
    text = (REPOSITORY / "kb" / "sources" / "reference-facts.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| ([^|]+?) \| (Q\d+) \|$", text, flags=re.MULTILINE))


def test_every_wikidata_link_comes_from_the_checked_table_with_the_same_label(graph):
    table = _reference_table()
    links = {
        str(graph.value(entity, RDFS.label)): str(item).rsplit("/", 1)[-1]
        for entity, item in graph.subject_objects(OWL.sameAs)
        if (entity, RDFS.label, None) in graph
    }
    assert len(links) == 15
    for label, item in links.items():
        assert table.get(label) == item, f"{label} -> {item} is not in the checked table"


def test_items_the_table_could_not_find_stay_unlinked(graph):
    for event in ("russia-china-expo-harbin-2024", "russia-china-interregional-forum-2024", "putin-fifth-inauguration-2024"):
        assert graph.value(KB[f"event/{event}"], OWL.sameAs) is None
    assert graph.value(KB["event/russian-invasion-of-ukraine"], OWL.sameAs) == URIRef("http://www.wikidata.org/entity/Q110999040")


def _dating(graph: Graph, event: str, source: str) -> tuple[str, str]:
    interval = URIRef(f"{KB}event/{event}/time/{source}")
    description = graph.value(graph.value(interval, TIME.hasBeginning), TIME.inDateTime)
    return str(graph.value(description, TIME.unitType)).rsplit("#", 1)[-1], str(graph.value(graph.value(interval, TIME.hasBeginning), TIME.inXSDDate) or graph.value(description, TIME.year))


def test_the_article_and_the_reference_table_each_keep_their_own_dating(graph):
    # "in 2022" (the article) beside 4 February 2022 (the reference table)
    assert _dating(graph, "no-limits-partnership-2022", "xi-putin-beijing-2024-05") == ("unitYear", "2022")
    assert _dating(graph, "no-limits-partnership-2022", "reference-facts") == ("unitDay", "2022-02-04")
    # "earlier this month" (May 2024) beside 7 May 2024
    assert _dating(graph, "putin-fifth-inauguration-2024", "xi-putin-beijing-2024-05") == ("unitMonth", "2024")
    assert _dating(graph, "putin-fifth-inauguration-2024", "reference-facts") == ("unitDay", "2024-05-07")
    event = KB["event/putin-fifth-inauguration-2024"]
    assert graph.value(event, SEM.hasBeginTimeStamp) == Literal("2024-05-07", datatype=XSD.date)
    article_dating = URIRef(f"{event}/time/xi-putin-beijing-2024-05")
    assert str(graph.value(article_dating, TL.dateExpression)) == "earlier this month"
    assert "16 May 2024" in str(graph.value(article_dating, TL.dateResolution))


def test_the_harbin_events_were_planned_on_the_articles_date(graph):
    for event in ("russia-china-expo-harbin-2024", "russia-china-interregional-forum-2024"):
        assert graph.value(KB[f"event/{event}"], TL.status) == TL.planned
        assert graph.value(KB[f"event/{event}"], SEM.subEventOf) == KB["event/putin-state-visit-china-2024"]
        assert graph.value(KB[f"event/{event}"], SEM.hasPlace) == KB["entity/harbin"]


def test_the_temporal_relations_the_text_asserts_are_kept_with_their_evidence(graph):
    assert (KB["event/no-limits-partnership-2022"], TL.shortlyPrecedes, KB["event/russian-invasion-of-ukraine"]) in graph
    assert (KB["event/putin-state-visit-china-2024"], TL.closelyFollows, KB["event/xi-european-tour-2024"]) in graph
    claim = KB["claim/partnership-shortly-before-invasion"]
    annotation = graph.value(None, OA.hasBody, claim)
    quote = next(s for s in graph.objects(graph.value(annotation, OA.hasTarget), OA.hasSelector) if graph.value(s, OA.exact))
    assert str(graph.value(quote, OA.exact)) == "shortly before the Russian invasion of Ukraine"


def test_harbin_is_the_capital_of_heilongjiang_as_the_article_says(graph):
    assert (KB["entity/harbin"], TL.capitalOf, KB["entity/heilongjiang"]) in graph
    assert (KB["entity/heilongjiang"], TL.locatedIn, KB["entity/china"]) in graph


def test_conflicting_trade_figures_stand_side_by_side_with_their_sources(graph):
    from rdflib.namespace import PROV

    from timeline.rdf.namespaces import SCHEMA

    figures = {
        str(graph.value(figure, SCHEMA.value)): str(graph.value(figure, PROV.wasDerivedFrom)).rsplit("/", 1)[-1]
        for figure in graph.objects(KB["event/china-russia-trade-2023"], TL.reportedFigure)
    }
    assert figures == {"240000000000": "xi-putin-beijing-2024-05", "240100000000": "reference-facts", "227800000000": "reference-facts"}
