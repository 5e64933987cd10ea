"""The ontology: documented, versioned, and built on the standard vocabularies."""

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from timeline.rdf.namespaces import SEM, TL
from timeline.resources import ontology_dir


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    graph.parse(ontology_dir() / "timeline.ttl", format="turtle")
    return graph


def _terms(ontology: Graph) -> set:
    return {s for s in ontology.subjects() if str(s).startswith(str(TL))}


def test_every_term_has_an_english_label_and_comment(ontology):
    for term in _terms(ontology):
        labels = [label for label in ontology.objects(term, RDFS.label) if label.language == "en"]
        comments = [comment for comment in ontology.objects(term, RDFS.comment) if comment.language == "en"]
        assert labels and comments, term


def test_the_ontology_has_a_versioned_header(ontology):
    header = next(ontology.subjects(RDF.type, OWL.Ontology))
    assert str(ontology.value(header, OWL.versionInfo)) == "0.1.0"
    assert ontology.value(header, OWL.versionIRI) is not None


@pytest.mark.parametrize(
    "kind",
    ["StateVisit", "BilateralTalks", "Inauguration", "PartnershipAgreement", "MilitaryInvasion", "GovernmentReshuffle",
     "Interview", "Statement", "DiplomaticTour", "Meeting", "Pledge", "TradeFair", "Forum", "TradeVolume", "MeetingSeries"],
)
def test_every_event_kind_the_article_needs_is_a_sem_event(kind, ontology):
    assert SEM.Event in set(ontology.transitive_objects(TL[kind], RDFS.subClassOf))


def test_every_role_is_a_sub_property_of_sem_has_actor(ontology):
    roles = [p for p in _terms(ontology) if str(p).startswith(str(TL) + "has")]
    assert len(roles) == 11
    for role in roles:
        assert (role, RDFS.subPropertyOf, SEM.hasActor) in ontology


def test_every_kind_the_extractor_proposes_is_an_event_class_with_its_mappings(ontology):
    """The lexicon of event words names only kinds of the ontology; every kind says which CAMEO
    codes it corresponds to, if any, in CAMEO's own form (two to four digits)."""
    import re

    from rdflib import URIRef
    from rdflib.namespace import OWL, RDF, RDFS, SKOS

    from timeline.extraction.event_words import LEXICON
    from timeline.rdf.namespaces import SEM, TL

    for row in LEXICON:
        kind = TL[row.kind]
        assert (kind, RDF.type, OWL.Class) in ontology, row.kind
        assert SEM.Event in set(ontology.transitive_objects(kind, RDFS.subClassOf)), row.kind
    codes = [str(code) for code in ontology.objects(None, TL.cameoCode)]
    assert codes and all(re.fullmatch(r"\d{2,4}", code) for code in codes)
    for match in (SKOS.closeMatch, SKOS.narrowMatch):
        for item in ontology.objects(None, match):
            assert isinstance(item, URIRef) and re.fullmatch(r"http://www\.wikidata\.org/entity/Q\d+", str(item))
