"""`timeline link verify`: check every link against the external knowledge graph: the item's
label or an alias must match the local names, and its class must fit the local kind."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


from timeline.catalog import program_query
from timeline.linking.asking import BATCH_SIZE, batches
from timeline.linking.local_items import LocalItem, local_items
from timeline.linking.targets import WIKIDATA, Target
from timeline.model.names import normal_name
from timeline.rdf.model import NamedNode, plain_value
from timeline.store.protocol import Store
from timeline.store.sparql_client import Endpoint


@dataclass
class Verdict:
    item: LocalItem
    link: NamedNode
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
    remote = _describe(endpoint, target, [link.value for _, link in linked])
    expected_pairs = [
        (link.value, target.class_iri(short))
        for item, link in linked
        for short in target.expected_classes.get(item.kind, ())
    ]
    for remote_item, expected in _fitting_classes(endpoint, target, expected_pairs):
        remote[remote_item].fitting_classes.add(expected)
    return [_judge(item, link, remote[link.value], target) for item, link in linked]


def _describe(endpoint: Endpoint, target: Target, iris: list[str]) -> dict[str, _Remote]:
    """Labels, aliases, descriptions and classes of the items: one simple query per aspect,
    each a plain join with the VALUES block, which every engine evaluates efficiently."""
    found: dict[str, _Remote] = defaultdict(_Remote)
    aspects = [("labels", target.label, True), ("descriptions", target.description, True), ("classes", target.instance_of, False)]
    if target.alias:
        aspects.insert(1, ("aliases", target.alias, True))
    for batch in batches(sorted(set(iris))):
        for attribute, predicate, english in aspects:
            query_name = "remote-item-english-values" if english else "remote-item-values"
            query = program_query(query_name).bind(item=[NamedNode(iri) for iri in batch], predicate=[NamedNode(predicate)]).text
            for row in endpoint.select(query):
                values: list[str] = getattr(found[plain_value(row["item"])], attribute)
                if plain_value(row["value"]) not in values:
                    values.append(plain_value(row["value"]))
    return found


def _fitting_classes(endpoint: Endpoint, target: Target, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (item, expected class) pairs where the item is an instance of the class or of a
    subclass of it, as the endpoint reports them."""
    fitting = []
    for start in range(0, len(pairs), BATCH_SIZE):
        batch = [(NamedNode(item), NamedNode(expected)) for item, expected in pairs[start : start + BATCH_SIZE]]
        query = program_query(target.fitting_classes_query).bind_rows(("item", "expected"), batch).text
        fitting += [(plain_value(row["item"]), plain_value(row["expected"])) for row in endpoint.select(query)]
    return fitting


def _judge(item: LocalItem, link: NamedNode, remote: _Remote, target: Target) -> Verdict:
    verdict = Verdict(item, link, "confirmed", (remote.labels or [""])[0], (remote.descriptions or [""])[0])
    if not remote.found():
        verdict.status = "missing"
        verdict.reasons.append(f"the endpoint knows nothing of {target.local_name(link.value)}")
        return verdict
    local_names = {normal_name(name) for name in item.names()}
    remote_names = {normal_name(name) for name in remote.labels + remote.aliases}
    if not local_names & remote_names:
        verdict.status = "doubtful"
        shown = ", ".join(repr(name) for name in (remote.labels + remote.aliases)[:4]) or "no English name"
        verdict.reasons.append(f"its names ({shown}) match neither {item.label!r} nor its aliases")
    expected = target.expected_classes.get(item.kind, ())
    # Only this kind's classes count: another entity linked to the same item may expect others.
    fitting = remote.fitting_classes & {target.class_iri(short) for short in expected}
    if expected:
        if not fitting:
            verdict.status = "doubtful"
            wanted = " or ".join(target.class_name(target.class_iri(short)) for short in expected)
            actual = ", ".join(target.class_name(c) for c in remote.classes[:4]) or "none"
            verdict.reasons.append(f"a {item.kind.lower()} should be a {wanted}, or a subclass; its classes are {actual}")
        else:
            verdict.reasons.append("class fits: " + ", ".join(sorted(target.class_name(c) for c in fitting)))
    else:
        verdict.reasons.append("no class is expected of this kind; checked by name only")
    if verdict.status == "confirmed":
        verdict.reasons.insert(0, f"name matches {verdict.remote_label!r}" if verdict.remote_label else "an alias matches")
    return verdict
