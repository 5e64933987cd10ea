"""The external knowledge graphs links point at, and how each names things and says what they are."""

from __future__ import annotations

from dataclasses import dataclass

from timeline.rdf.prefixes import DBPEDIA_RESOURCE, WD_IRI
from timeline.store.sparql_client import DBPEDIA_ENDPOINT, WIKIDATA_ENDPOINT

WDT = "http://www.wikidata.org/prop/direct/"
DBPEDIA_ONTOLOGY = "http://dbpedia.org/ontology/"


@dataclass(frozen=True)
class Target:
    """How one external knowledge graph names things and says what they are."""

    name: str
    namespace: str
    default_endpoint: str
    label: str
    alias: str | None
    description: str
    instance_of: str  # the property of an item's classes
    fitting_classes_query: str  # the program query that checks classes through this graph's subclass path
    class_namespace: str
    candidates_query: str | None  # the program query that finds candidates by name, if this graph has one
    expected_classes: dict[str, tuple[str, ...]]
    class_names: dict[str, str]

    def local_name(self, iri: str) -> str:
        return iri[len(self.namespace) :] if iri.startswith(self.namespace) else iri

    def class_iri(self, short: str) -> str:
        return self.class_namespace + short

    def class_name(self, iri: str) -> str:
        short = self.local_name(iri)
        return f"{self.class_names[short]} ({short})" if short in self.class_names else short


# The classes each kind of entity must be an instance of (directly or through subclasses, as
# the endpoint reports them). Events have no expected class: their links are checked by label.
WIKIDATA = Target(
    name="wikidata",
    namespace=WD_IRI,
    default_endpoint=WIKIDATA_ENDPOINT,
    label="http://www.w3.org/2000/01/rdf-schema#label",
    alias="http://www.w3.org/2004/02/skos/core#altLabel",
    description="https://schema.org/description",
    instance_of=WDT + "P31",
    fitting_classes_query="wikidata-fitting-classes",
    class_namespace=WD_IRI,
    candidates_query="wikidata-candidates",
    expected_classes={
        "Person": ("Q5",),
        "Country": ("Q6256", "Q3624078"),
        "City": ("Q515",),
        "Province": ("Q10864048",),
        "Organisation": ("Q43229",),
    },
    class_names={
        "Q5": "human",
        "Q6256": "country",
        "Q3624078": "sovereign state",
        "Q515": "city",
        "Q10864048": "first-level administrative country subdivision",
        "Q43229": "organization",
    },
)

DBPEDIA = Target(
    name="dbpedia",
    namespace=DBPEDIA_RESOURCE,
    default_endpoint=DBPEDIA_ENDPOINT,
    label="http://www.w3.org/2000/01/rdf-schema#label",
    alias=None,
    description="http://www.w3.org/2000/01/rdf-schema#comment",
    instance_of="http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    fitting_classes_query="dbpedia-fitting-classes",
    class_namespace=DBPEDIA_ONTOLOGY,
    candidates_query=None,
    expected_classes={
        "Person": ("Person",),
        "Country": ("Country",),
        "City": ("City",),
        "Province": ("AdministrativeRegion",),
        "Organisation": ("Organisation",),
    },
    class_names={},
)
TARGETS = {"wikidata": WIKIDATA, "dbpedia": DBPEDIA}
