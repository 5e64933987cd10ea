"""`timeline link suggest`: candidates for entities with no link, found by label and alias,
constrained to the classes their kind expects, ranked by a score with its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from timeline.errors import TimelineError
from timeline.catalog import program_query
from timeline.linking.asking import batches
from timeline.linking.local_items import LocalItem, local_items
from timeline.linking.targets import WIKIDATA, Target
from timeline.model.names import normal_name
from timeline.rdf.model import Literal, NamedNode, Term, plain_value
from timeline.store.protocol import Store
from timeline.store.sparql_client import Endpoint, Row


@dataclass
class Candidate:
    item: NamedNode
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
    known = {link.value for item in items for link in item.links}
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
    classes = sorted({target.class_iri(short) for item in items for short in target.expected_classes[item.kind]})
    if not names or target.candidates_query is None:
        return []
    found = []
    for batch in batches(names):
        query = program_query(target.candidates_query).bind(
            name=[Literal(name, language="en") for name in batch], expected=[NamedNode(c) for c in classes]
        ).text
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
    names = {normal_name(name) for name in item.names()}
    expected = {target.class_iri(short) for short in target.expected_classes[item.kind]}
    by_item: dict[str, _Seen] = {}
    for row in rows:
        if normal_name(plain_value(row["name"])) not in names or plain_value(row["expected"]) not in expected:
            continue
        seen = by_item.setdefault(plain_value(row["item"]), _Seen(row))
        seen.matched.add((plain_value(row["matchedBy"]), plain_value(row["name"])))
        seen.classes.add(plain_value(row["expected"]))
        if "country" in row:
            seen.countries.add(plain_value(row["country"]))
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
        label = plain_value(row["label"]) if "label" in row else name
        description = plain_value(row["description"]) if "description" in row else ""
        candidates.append(Candidate(NamedNode(iri), label, description, round(score, 3), evidence))
    return sorted(candidates, key=lambda candidate: (-candidate.score, candidate.item.value))


def _number(value: Term | None) -> float:
    try:
        return float(plain_value(value)) if value is not None else 0.0
    except ValueError:
        return 0.0


def choose_candidate(suggestion: Suggestion, item: str | None, min_score: float) -> tuple[Candidate | None, str]:
    """The candidate to accept: the one named `item` (a Wikidata id), else the best, if it
    scores at least `min_score` and no other ties with it. With None, says why (or nothing
    when there is simply no good enough candidate)."""
    candidates = suggestion.candidates
    if item is not None:
        chosen = next((c for c in candidates if WIKIDATA.local_name(c.item.value) == item), None)
        if chosen is None:
            raise TimelineError(f"{item} is not among the candidates for {suggestion.local.id}; nothing was written.")
        return chosen, ""
    if not candidates or candidates[0].score < min_score:
        return None, ""
    if len(candidates) > 1 and candidates[1].score == candidates[0].score:
        return None, "the two best candidates tie; choose one with --item."
    return candidates[0], ""
