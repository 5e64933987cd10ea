"""A small Wikidata-shaped graph for the linking tests: the same IRIs and predicates as
Wikidata (rdfs:label, skos:altLabel, schema:description, wdt:P31, wdt:P279, wdt:P17,
wikibase:sitelinks, Wikipedia sitelinks), with near-miss decoys.

The items the knowledge base links to keep their real ids (from the checked table). Every
other item here (candidates, decoys, intermediate classes) has a made-up id from Q90000000
up, and its descriptions and values are test data, not facts about the world.
"""

PREFIXES = """@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix wikibase: <http://wikiba.se/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix geo: <http://www.opengis.net/ont/geosparql#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

CLASSES = """
wd:Q5 rdfs:label "human"@en .
wd:Q6256 rdfs:label "country"@en .
wd:Q3624078 rdfs:label "sovereign state"@en ; wdt:P279 wd:Q6256 .
wd:Q515 rdfs:label "city"@en .
wd:Q43229 rdfs:label "organization"@en .
wd:Q10864048 rdfs:label "first-level administrative country subdivision"@en .
wd:Q90000020 rdfs:label "political union (test class)"@en ; wdt:P279 wd:Q43229 .
wd:Q90000021 rdfs:label "news agency (test class)"@en ; wdt:P279 wd:Q43229 .
wd:Q90000022 rdfs:label "big city (test class)"@en ; wdt:P279 wd:Q515 .
wd:Q90000023 rdfs:label "prefecture-level city (test class)"@en ; wdt:P279 wd:Q90000022 .
wd:Q90000024 rdfs:label "province of China (test class)"@en ; wdt:P279 wd:Q10864048 .
wd:Q90000026 rdfs:label "invasion (test class)"@en .
wd:Q90000027 rdfs:label "city of the United States (test class)"@en ; wdt:P279 wd:Q515 .
wd:Q90000028 rdfs:label "historical country (test class)"@en .
wd:Q90000029 rdfs:label "family name (test class)"@en .
"""


def _item(qid: str, label: str, cls: str, aliases: tuple[str, ...] = (), sitelinks: int = 100, extra: str = "") -> str:
    alias_part = "".join(f' ; skos:altLabel "{alias}"@en' for alias in aliases)
    return (
        f'wd:{qid} rdfs:label "{label}"@en{alias_part} ; schema:description "{label} (test item)"@en ; '
        f"wdt:P31 wd:{cls} ; wikibase:sitelinks {sitelinks}{extra} .\n"
    )


LINKED = "".join(
    [
        _item("Q15031", "Xi Jinping", "Q5", ("Xi",), 180, ' ; wdt:P569 "1953-06-15T00:00:00Z"^^xsd:dateTime'),
        _item("Q7747", "Vladimir Putin", "Q5", ("Putin", "Vladimir Vladimirovich Putin"), 250),
        _item("Q3052772", "Emmanuel Macron", "Q5", ("Macron",), 170),
        _item("Q60772", "Ursula von der Leyen", "Q5", ("von der Leyen",), 120),
        _item("Q148", "People's Republic of China", "Q3624078", ("China", "PRC"), 300),
        _item("Q159", "Russia", "Q3624078", ("Russian Federation",), 300),
        _item("Q212", "Ukraine", "Q3624078", (), 290),
        _item("Q142", "France", "Q3624078", (), 300),
        _item("Q458", "European Union", "Q90000020", ("EU",), 280),
        _item("Q204839", "Xinhua News Agency", "Q90000021", ("Xinhua",), 60),
        _item("Q956", "Beijing", "Q90000022", ("Peking",), 280, ' ; wdt:P17 wd:Q148 ; wdt:P625 "Point(116.39 39.91)"^^geo:wktLiteral'),
        _item("Q42956", "Harbin", "Q90000023", (), 150, ' ; wdt:P17 wd:Q148 ; wdt:P131 wd:Q19206 ; wdt:P625 "Point(126.63 45.75)"^^geo:wktLiteral'),
        _item("Q19206", "Heilongjiang", "Q90000024", (), 140, " ; wdt:P17 wd:Q148"),
        _item("Q90", "Paris", "Q90000022", ("City of Light",), 290, " ; wdt:P17 wd:Q142"),
        _item("Q110999040", "Russian invasion of Ukraine", "Q90000026", ("2022 Russian invasion of Ukraine",), 160),
    ]
)

CANDIDATES_AND_DECOYS = "".join(
    [
        # Moscow: the capital of Russia, and a smaller city of the same name elsewhere.
        _item("Q90000001", "Moscow", "Q90000022", ("Moskva",), 260, " ; wdt:P17 wd:Q159"),
        _item("Q90000002", "Moscow", "Q90000027", (), 40, " ; wdt:P17 wd:Q90000030"),
        # Serbia: the state, and a historical country whose alias is the same name.
        _item("Q90000003", "Serbia", "Q3624078", ("Republic of Serbia",), 280),
        _item("Q90000004", "Kingdom of Serbia", "Q90000028", ("Serbia",), 70),
        # A second person with Putin's family name, and the family name itself.
        _item("Q90000005", "Igor Putin", "Q5", ("Putin",), 5),
        _item("Q90000006", "Putin", "Q90000029", (), 20),
    ]
)

SITELINKS = """
<https://en.wikipedia.org/wiki/Harbin> schema:about wd:Q42956 ; schema:isPartOf <https://en.wikipedia.org/> ; schema:name "Harbin"@en .
<https://en.wikipedia.org/wiki/Xi_Jinping> schema:about wd:Q15031 ; schema:isPartOf <https://en.wikipedia.org/> ; schema:name "Xi Jinping"@en .
<https://fr.wikipedia.org/wiki/Xi_Jinping> schema:about wd:Q15031 ; schema:isPartOf <https://fr.wikipedia.org/> ; schema:name "Xi Jinping"@fr .
"""


def wikidata_fixture() -> str:
    return PREFIXES + CLASSES + LINKED + CANDIDATES_AND_DECOYS + SITELINKS
