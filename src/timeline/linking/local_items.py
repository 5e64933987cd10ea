"""What the knowledge base has to link: its entities and events, with their names and links."""

from __future__ import annotations

from dataclasses import dataclass, field

from timeline.catalog import program_query
from timeline.linking.targets import Target
from timeline.rdf.model import NamedNode, plain_value
from timeline.rdf.prefixes import local_id
from timeline.store.protocol import Store


@dataclass
class LocalItem:
    """An entity or event of the knowledge base, with its names and its external links."""

    id: str
    iri: NamedNode
    kind: str
    label: str
    aliases: list[str] = field(default_factory=list)
    links: list[NamedNode] = field(default_factory=list)

    def names(self) -> list[str]:
        return [self.label, *self.aliases]

    def link(self, target: Target) -> NamedNode | None:
        return next((link for link in self.links if link.value.startswith(target.namespace)), None)


def local_items(store: Store) -> list[LocalItem]:
    items: dict[NamedNode, LocalItem] = {}
    for row in store.select(program_query("local-items").text).each_record():
        iri = NamedNode(plain_value(row["item"]))
        item = items.setdefault(
            iri,
            LocalItem(local_id(iri.value), iri, plain_value(row["class"]).rsplit("#", 1)[-1], plain_value(row["label"])),
        )
        if row["alias"] is not None and plain_value(row["alias"]) not in item.aliases:
            item.aliases.append(plain_value(row["alias"]))
        if isinstance(link := row["link"], NamedNode) and link not in item.links:
            item.links.append(link)
    return list(items.values())
