"""Links to external knowledge graphs: verify them, suggest new ones, accept them into
kb/links.toml, map Wikidata links to DBpedia, and enrich linked items with a few facts.

Every value reaches the endpoint as an escaped RDF term in a VALUES block (timeline.bindings),
in batches, one query at a time (timeline.endpoint).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD
from rdflib.term import Node

from timeline.bindings import is_valid_iri, sparql_term
from timeline.build import DBPEDIA_RESOURCE
from timeline.endpoint import DBPEDIA_ENDPOINT, WIKIDATA_ENDPOINT, Endpoint, Row
from timeline.errors import TimelineError
from timeline.namespaces import KB, TL, WD, graph_iri
from timeline.rdf_files import turtle, write_atomically
from timeline.store import Store

BATCH_SIZE = 50
WDT = "http://www.wikidata.org/prop/direct/"


@dataclass(frozen=True)
class Target:
    """How one external knowledge graph names things and says what they are."""

    name: str
    namespace: str
    default_endpoint: str
    label: str
    alias: str | None
    description: str
    instance_of: str  # a SPARQL property path, in full IRIs
    subclass_of: str
    expected_classes: dict[str, tuple[str, ...]]
    class_names: dict[str, str]

    def local_name(self, iri: str) -> str:
        return iri[len(self.namespace) :] if iri.startswith(self.namespace) else iri

    def class_name(self, iri: str) -> str:
        short = self.local_name(iri)
        return f"{self.class_names[short]} ({short})" if short in self.class_names else short


# The classes each kind of entity must be an instance of (directly or through subclasses, as
# the endpoint reports them). Events have no expected class: their links are checked by label.
WIKIDATA = Target(
    name="wikidata",
    namespace=str(WD),
    default_endpoint=WIKIDATA_ENDPOINT,
    label="http://www.w3.org/2000/01/rdf-schema#label",
    alias="http://www.w3.org/2004/02/skos/core#altLabel",
    description="https://schema.org/description",
    instance_of=f"<{WDT}P31>",
    subclass_of=f"<{WDT}P279>",
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
    instance_of="<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
    subclass_of="<http://www.w3.org/2000/01/rdf-schema#subClassOf>",
    expected_classes={
        "Person": ("Person",),
        "Country": ("Country",),
        "City": ("City",),
        "Province": ("AdministrativeRegion",),
        "Organisation": ("Organisation",),
    },
    class_names={},
)
DBPEDIA_ONTOLOGY = "http://dbpedia.org/ontology/"
TARGETS = {"wikidata": WIKIDATA, "dbpedia": DBPEDIA}


def _class_iri(target: Target, short: str) -> str:
    return (DBPEDIA_ONTOLOGY if target is DBPEDIA else target.namespace) + short


# --------------------------------------------------------------------------------------------
# What the knowledge base has
# --------------------------------------------------------------------------------------------


@dataclass
class LocalItem:
    """An entity or event of the knowledge base, with its names and its external links."""

    id: str
    iri: URIRef
    kind: str
    label: str
    aliases: list[str] = field(default_factory=list)
    links: list[URIRef] = field(default_factory=list)

    def names(self) -> list[str]:
        return [self.label, *self.aliases]

    def link(self, target: Target) -> URIRef | None:
        return next((link for link in self.links if str(link).startswith(target.namespace)), None)


_LOCAL_ITEMS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX tl: <https://timeline.example/ontology#>
SELECT ?item ?class ?label ?alias ?link WHERE {
  { ?item a sem:Actor } UNION { ?item a sem:Place } UNION { ?item a sem:Event }
  ?item a ?class ; rdfs:label ?label .
  FILTER(STRSTARTS(STR(?class), STR(tl:)))
  OPTIONAL { ?item skos:altLabel ?alias }
  OPTIONAL { ?item owl:sameAs ?link }
}
ORDER BY ?item
"""


def local_items(store: Store) -> list[LocalItem]:
    items: dict[URIRef, LocalItem] = {}
    for row in store.query(_LOCAL_ITEMS).rows:
        iri = URIRef(str(row["item"]))
        item = items.setdefault(
            iri,
            LocalItem(str(iri).rsplit("/", 1)[-1], iri, str(row["class"]).rsplit("#", 1)[-1], str(row["label"])),
        )
        if row["alias"] is not None and str(row["alias"]) not in item.aliases:
            item.aliases.append(str(row["alias"]))
        if row["link"] is not None and URIRef(str(row["link"])) not in item.links:
            item.links.append(URIRef(str(row["link"])))
    return list(items.values())


def _normal(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().replace("’", "'").split())


def _batches(items: Sequence[str], size: int = BATCH_SIZE) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _values(variable: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{variable} {{ " + " ".join(sparql_term(URIRef(iri)) for iri in iris) + " }"


# --------------------------------------------------------------------------------------------
# verify
# --------------------------------------------------------------------------------------------


@dataclass
class Verdict:
    item: LocalItem
    link: URIRef
    status: str  # confirmed, doubtful, missing
    remote_label: str = ""
    description: str = ""
    reasons: list[str] = field(default_factory=list)


@dataclass
class _Remote:
    labels: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    fitting_classes: set[str] = field(default_factory=set)

    def found(self) -> bool:
        return bool(self.labels or self.aliases or self.descriptions or self.classes)


def verify(store: Store, endpoint: Endpoint, target: Target = WIKIDATA) -> list[Verdict]:
    """Check every link to `target`: its label or an alias must match the local names, and
    its class must fit the local kind."""
    linked = [(item, link) for item in local_items(store) if (link := item.link(target)) is not None]
    remote = _describe(endpoint, target, [str(link) for _, link in linked])
    expected_pairs = [
        (str(link), _class_iri(target, short))
        for item, link in linked
        for short in target.expected_classes.get(item.kind, ())
    ]
    for remote_item, expected in _fitting_classes(endpoint, target, expected_pairs):
        remote[remote_item].fitting_classes.add(expected)
    return [_judge(item, link, remote[str(link)], target) for item, link in linked]


def _describe(endpoint: Endpoint, target: Target, iris: list[str]) -> dict[str, _Remote]:
    """Labels, aliases, descriptions and classes of the items: one simple query per aspect,
    each a plain join with the VALUES block, which every engine evaluates efficiently."""
    found: dict[str, _Remote] = defaultdict(_Remote)
    aspects = [("labels", target.label, True), ("descriptions", target.description, True), ("classes", target.instance_of, False)]
    if target.alias:
        aspects.insert(1, ("aliases", target.alias, True))
    for batch in _batches(sorted(set(iris))):
        for attribute, path, english in aspects:
            predicate = path if path.startswith("<") else f"<{path}>"
            language = 'FILTER(LANGMATCHES(LANG(?value), "en"))' if english else ""
            query = f"SELECT ?item ?value WHERE {{\n  {_values('item', batch)}\n  ?item {predicate} ?value .\n  {language}\n}}"
            for row in endpoint.select(query):
                values: list[str] = getattr(found[str(row["item"])], attribute)
                if str(row["value"]) not in values:
                    values.append(str(row["value"]))
    return found


def _fitting_classes(endpoint: Endpoint, target: Target, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (item, expected class) pairs where the item is an instance of the class or of a
    subclass of it, as the endpoint reports them."""
    fitting = []
    for start in range(0, len(pairs), BATCH_SIZE):
        batch = pairs[start : start + BATCH_SIZE]
        rows = " ".join(f"({sparql_term(URIRef(item))} {sparql_term(URIRef(expected))})" for item, expected in batch)
        query = f"""SELECT ?item ?expected WHERE {{
  VALUES (?item ?expected) {{ {rows} }}
  ?item {target.instance_of}/{target.subclass_of}* ?expected .
}}"""
        fitting += [(str(row["item"]), str(row["expected"])) for row in endpoint.select(query)]
    return fitting


def _judge(item: LocalItem, link: URIRef, remote: _Remote, target: Target) -> Verdict:
    verdict = Verdict(item, link, "confirmed", (remote.labels or [""])[0], (remote.descriptions or [""])[0])
    if not remote.found():
        verdict.status = "missing"
        verdict.reasons.append(f"the endpoint knows nothing of {target.local_name(str(link))}")
        return verdict
    local_names = {_normal(name) for name in item.names()}
    remote_names = {_normal(name) for name in remote.labels + remote.aliases}
    if not local_names & remote_names:
        verdict.status = "doubtful"
        shown = ", ".join(repr(name) for name in (remote.labels + remote.aliases)[:4]) or "no English name"
        verdict.reasons.append(f"its names ({shown}) match neither {item.label!r} nor its aliases")
    expected = target.expected_classes.get(item.kind, ())
    # Only this kind's classes count: another entity linked to the same item may expect others.
    fitting = remote.fitting_classes & {_class_iri(target, short) for short in expected}
    if expected:
        if not fitting:
            verdict.status = "doubtful"
            wanted = " or ".join(target.class_name(_class_iri(target, short)) for short in expected)
            actual = ", ".join(target.class_name(c) for c in remote.classes[:4]) or "none"
            verdict.reasons.append(f"a {item.kind.lower()} should be a {wanted}, or a subclass; its classes are {actual}")
        else:
            verdict.reasons.append("class fits: " + ", ".join(sorted(target.class_name(c) for c in fitting)))
    else:
        verdict.reasons.append("no class is expected of this kind; checked by name only")
    if verdict.status == "confirmed":
        verdict.reasons.insert(0, f"name matches {verdict.remote_label!r}" if verdict.remote_label else "an alias matches")
    return verdict


# --------------------------------------------------------------------------------------------
# suggest
# --------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    item: URIRef
    label: str
    description: str
    score: float
    evidence: list[str]


@dataclass
class Suggestion:
    local: LocalItem
    candidates: list[Candidate]


def suggest(store: Store, endpoint: Endpoint, entity_id: str | None = None, target: Target = WIKIDATA) -> list[Suggestion]:
    """Candidates for the entities with no link to `target`, found by label and alias,
    constrained to the classes their kind expects, ranked by a score with its evidence."""
    items = local_items(store)
    known = {str(link) for item in items for link in item.links}
    unlinked = [item for item in items if item.link(target) is None and item.kind in target.expected_classes]
    if entity_id is not None:
        unlinked = [item for item in unlinked if item.id == entity_id]
        if not unlinked:
            linked = any(item.id == entity_id for item in items)
            raise TimelineError(
                f"{entity_id!r} is already linked to {target.name}, or is no entity of the knowledge base. "
                "Run `timeline query entities` to see the entities and their links."
                if linked
                else f"No entity {entity_id!r}. Run `timeline query entities` to see them."
            )
    rows = _candidates(endpoint, target, unlinked)
    return [Suggestion(item, _rank(item, rows, known, target)) for item in unlinked]


def _candidates(endpoint: Endpoint, target: Target, items: list[LocalItem]) -> list[Row]:
    names = sorted({name for item in items for name in item.names()})
    classes = sorted({_class_iri(target, short) for item in items for short in target.expected_classes[item.kind]})
    if not names:
        return []
    name_predicates = [target.label] + ([target.alias] if target.alias else [])
    found = []
    for batch in _batches(names):
        name_terms = " ".join(sparql_term(Literal(name, lang="en")) for name in batch)
        query = f"""SELECT ?name ?item ?matchedBy ?expected ?label ?description ?sitelinks ?country WHERE {{
  VALUES ?name {{ {name_terms} }}
  {_values("namePredicate", name_predicates)}
  {_values("expected", classes)}
  ?item ?namePredicate ?name .
  BIND(IF(?namePredicate = <{target.label}>, "label", "alias") AS ?matchedBy)
  ?item {target.instance_of}/{target.subclass_of}* ?expected .
  OPTIONAL {{ ?item <{target.label}> ?label FILTER(LANGMATCHES(LANG(?label), "en")) }}
  OPTIONAL {{ ?item <{target.description}> ?description FILTER(LANGMATCHES(LANG(?description), "en")) }}
  OPTIONAL {{ ?item <http://wikiba.se/ontology#sitelinks> ?sitelinks }}
  OPTIONAL {{ ?item <{WDT}P17> ?country }}
}}"""
        found += endpoint.select(query)
    return found


@dataclass
class _Seen:
    """What the candidate rows say of one remote item."""

    first_row: Row
    matched: set[tuple[str, str]] = field(default_factory=set)  # (label or alias, name)
    classes: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)


def _rank(item: LocalItem, rows: list[Row], known_links: set[str], target: Target) -> list[Candidate]:
    """Score: 0.5 for a label match (0.35 for an alias), up to 0.3 for sitelinks relative to
    the best-known candidate, 0.2 when the candidate's country is linked in the knowledge base.
    Candidates must already be of an expected class."""
    names = {_normal(name) for name in item.names()}
    expected = {_class_iri(target, short) for short in target.expected_classes[item.kind]}
    by_item: dict[str, _Seen] = {}
    for row in rows:
        if _normal(str(row["name"])) not in names or str(row["expected"]) not in expected:
            continue
        seen = by_item.setdefault(str(row["item"]), _Seen(row))
        seen.matched.add((str(row["matchedBy"]), str(row["name"])))
        seen.classes.add(str(row["expected"]))
        if "country" in row:
            seen.countries.add(str(row["country"]))
    most_sitelinks = max((_number(seen.first_row.get("sitelinks")) for seen in by_item.values()), default=0.0)
    candidates = []
    for iri, seen in by_item.items():
        by_label = any(how == "label" for how, _ in seen.matched)
        name = sorted(name for _, name in seen.matched)[0]
        score = 0.5 if by_label else 0.35
        evidence = [
            f"{'label' if by_label else 'alias'} {name!r} matches",
            "instance of " + ", ".join(sorted(target.class_name(c) for c in seen.classes)),
        ]
        sitelinks = _number(seen.first_row.get("sitelinks"))
        if most_sitelinks:
            score += 0.3 * sitelinks / most_sitelinks
            evidence.append(f"{sitelinks:g} sitelinks (most among the candidates: {most_sitelinks:g})")
        if seen.countries & known_links:
            score += 0.2
            evidence.append("its country is linked in the knowledge base")
        row = seen.first_row
        label = str(row["label"]) if "label" in row else name
        description = str(row["description"]) if "description" in row else ""
        candidates.append(Candidate(URIRef(iri), label, description, round(score, 3), evidence))
    return sorted(candidates, key=lambda candidate: (-candidate.score, str(candidate.item)))


def _number(value: Node | None) -> float:
    try:
        return float(str(value)) if value is not None else 0.0
    except ValueError:
        return 0.0


def choose_candidate(suggestion: Suggestion, item: str | None, min_score: float) -> tuple[Candidate | None, str]:
    """The candidate to accept: the one named `item` (a Wikidata id), else the best, if it
    scores at least `min_score` and no other ties with it. With None, says why (or nothing
    when there is simply no good enough candidate)."""
    candidates = suggestion.candidates
    if item is not None:
        chosen = next((c for c in candidates if WIKIDATA.local_name(str(c.item)) == item), None)
        if chosen is None:
            raise TimelineError(f"{item} is not among the candidates for {suggestion.local.id}; nothing was written.")
        return chosen, ""
    if not candidates or candidates[0].score < min_score:
        return None, ""
    if len(candidates) > 1 and candidates[1].score == candidates[0].score:
        return None, "the two best candidates tie; choose one with --item."
    return candidates[0], ""


# --------------------------------------------------------------------------------------------
# accept: write links into kb/links.toml, one line each
# --------------------------------------------------------------------------------------------


def accept_link(kb_dir: Path, target: Target, local_id: str, value: str, note: str, replace: bool = False) -> bool:
    """Add `local_id = "value"` to the [target] table of links.toml (sorted, one line, with
    a comment saying where it came from) and rebuild the RDF. Returns False if the link was
    there already. A different existing link is an error unless `replace`."""
    from timeline.build import build

    path = kb_dir / "links.toml"
    original = path.read_text(encoding="utf-8") if path.is_file() else ""
    current = tomllib.loads(original).get(target.name, {}) if original else {}
    if current.get(local_id) == value:
        return False
    if local_id in current and not replace:
        raise TimelineError(
            f"{local_id!r} is already linked to {current[local_id]!r} in {path}; nothing was changed. "
            "Pass --replace to change a curated link."
        )
    line = f'{local_id} = "{value}"  # {note}'
    path.write_text(_with_line(original, target.name, local_id, line), encoding="utf-8")
    try:
        build(kb_dir)
    except Exception:
        path.write_text(original, encoding="utf-8")
        raise
    return True


def _with_line(text: str, table: str, key: str, line: str) -> str:
    lines = text.splitlines()
    header = f"[{table}]"
    if header not in lines:
        lines += ["", header]
    start = lines.index(header) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("[")), len(lines))
    key_pattern = re.compile(r"^([A-Za-z0-9_-]+)\s*=")
    for index in range(start, end):
        match = key_pattern.match(lines[index])
        if match and match.group(1) == key:
            lines[index] = line
            return "\n".join(lines) + "\n"
    position = end
    for index in range(start, end):
        match = key_pattern.match(lines[index])
        if match and match.group(1) > key:
            position = index
            break
    else:
        while position > start and not lines[position - 1].strip():
            position -= 1
    lines.insert(position, line)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# DBpedia, from the English Wikipedia article of each Wikidata item
# --------------------------------------------------------------------------------------------


def dbpedia_names(store: Store, endpoint: Endpoint) -> list[tuple[LocalItem, URIRef, str]]:
    """(entity, its Wikidata item, DBpedia resource name) for linked entities with no DBpedia
    link, from the items' English Wikipedia sitelinks."""
    pending = [
        (item, link)
        for item in local_items(store)
        if (link := item.link(WIKIDATA)) is not None and item.link(DBPEDIA) is None
    ]
    titles: dict[str, str] = {}
    for batch in _batches(sorted({str(link) for _, link in pending})):
        query = f"""SELECT ?item ?title WHERE {{
  {_values("item", batch)}
  ?article <https://schema.org/about> ?item ;
           <https://schema.org/isPartOf> <https://en.wikipedia.org/> ;
           <https://schema.org/name> ?title .
}}"""
        for row in endpoint.select(query):
            titles[str(row["item"])] = str(row["title"])
    result = []
    for item, link in pending:
        title = titles.get(str(link))
        if title is None:
            continue
        name = title.replace(" ", "_")
        if is_valid_iri(DBPEDIA_RESOURCE + name):
            result.append((item, link, name))
    return result


# --------------------------------------------------------------------------------------------
# enrich: a few facts about linked items, cached on disk with their provenance
# --------------------------------------------------------------------------------------------

DEFAULT_PROPERTIES = ("P625", "P17", "P131", "P569", "P39")  # coordinates, country, located in, born, positions held


@dataclass
class EnrichReport:
    path: Path
    fetched: list[str]
    cached: list[str]
    facts: int


def enrichment_file(kb_dir: Path, target: Target = WIKIDATA) -> Path:
    return kb_dir / "enrichment" / f"{target.name}.ttl"


def enrich(
    store: Store,
    endpoint: Endpoint,
    kb_dir: Path,
    properties: Sequence[str] = DEFAULT_PROPERTIES,
    refresh: bool = False,
    now: datetime | None = None,
) -> EnrichReport:
    """Fetch `properties` of every Wikidata-linked item into kb/enrichment/wikidata.ttl (its
    own named graph), with a PROV-O activity naming the endpoint, the query and the time.
    Items already fetched with these properties are taken from the file, so a second run
    needs no endpoint."""
    for prop in properties:
        if not re.fullmatch(r"P[1-9][0-9]*", prop):
            raise TimelineError(f"{prop!r} is not a Wikidata property id such as P625.")
    path = enrichment_file(kb_dir)
    cache = Graph(bind_namespaces="none")
    if path.is_file():
        cache.parse(path, format="turtle")
    wanted = {URIRef(WDT + prop) for prop in properties}
    items = sorted({str(link) for item in local_items(store) if (link := item.link(WIKIDATA)) is not None})
    cached = [iri for iri in items if not refresh and _is_cached(cache, URIRef(iri), wanted)]
    to_fetch = [iri for iri in items if iri not in cached]
    if to_fetch:
        started = now or datetime.now(UTC)
        facts = Graph(bind_namespaces="none")
        queries = []
        for batch in _batches(to_fetch):
            query = f"""SELECT ?item ?property ?value ?valueLabel WHERE {{
  {_values("item", batch)}
  {_values("property", sorted(str(p) for p in wanted))}
  ?item ?property ?value .
  OPTIONAL {{ ?value <http://www.w3.org/2000/01/rdf-schema#label> ?valueLabel FILTER(LANGMATCHES(LANG(?valueLabel), "en")) }}
}}"""
            queries.append(query)
            for row in endpoint.select(query):
                facts.add((row["item"], row["property"], row["value"]))
                if "valueLabel" in row:
                    facts.add((row["value"], RDFS.label, row["valueLabel"]))
        if refresh:
            for iri in to_fetch:
                for prop in wanted:
                    cache.remove((URIRef(iri), prop, None))
        cache += facts
        _record_activity(cache, endpoint.url, queries, to_fetch, wanted, started)
        write_atomically(path, turtle(cache))
    facts_count = sum(1 for s, p, _ in cache if str(p).startswith(WDT))
    return EnrichReport(path, to_fetch, cached, facts_count)


def _is_cached(cache: Graph, item: URIRef, wanted: set[URIRef]) -> bool:
    for activity in cache.subjects(PROV.used, item):
        if wanted <= set(cache.objects(activity, TL.fetchedProperty)):
            return True
    return False


def _record_activity(
    cache: Graph, endpoint_url: str, queries: list[str], items: list[str], properties: set[URIRef], started: datetime
) -> None:
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    activity = KB[f"enrichment/wikidata/{stamp}"]
    graph = graph_iri("enrichment/wikidata")
    cache.add((graph, RDF.type, PROV.Entity))
    cache.add((graph, PROV.wasGeneratedBy, activity))
    cache.add((activity, RDF.type, PROV.Activity))
    cache.add((activity, RDFS.label, Literal(f"Facts fetched from {endpoint_url}", lang="en")))
    cache.add((activity, PROV.startedAtTime, Literal(started.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
    cache.add((activity, PROV.used, URIRef(endpoint_url)))
    for query in queries:
        cache.add((activity, TL.sparqlQuery, Literal(query)))
    for item in items:
        cache.add((activity, PROV.used, URIRef(item)))
    for prop in properties:
        cache.add((activity, TL.fetchedProperty, prop))
