"""What the gate (timeline.rdf.sparql_parser) found in a SPARQL text: its operation, whether it
asks other endpoints, its prefixes, and the text an engine is sent. A module of its own, which
imports no part of the parser: a stored query's parse, checked once and kept in the user's
cache with its header (timeline.catalog.header_cache), is read without the grammar, the lexer
or the parse that made it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["QUERY_FORMS", "UPDATE_KEYWORDS", "SparqlText"]

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


@dataclass(frozen=True)
class SparqlText:
    """What the parse found: the operation's keyword, the other facts callers check, and the
    text to send (empty for an update, which is never sent)."""

    operation: str  # SELECT, ASK, CONSTRUCT, DESCRIBE, or the update's first keyword
    asks_other_endpoints: bool  # a SERVICE clause
    prefixes_used: frozenset[str] = frozenset()
    prefixes_declared: frozenset[str] = frozenset()
    text: str = ""  # the parsed tokens, one to a line: what an engine is sent
    where_group: int = -1  # in `text`, the index of the `{` that opens the WHERE group; -1 if none
    sub_select_groups: tuple[int, ...] = ()  # in `text`, the index of the `{` that opens each sub-select's WHERE group

    def undeclared(self, known: Iterable[str] = ()) -> list[str]:
        """The prefixes the text uses that neither it nor `known` declares."""
        return sorted(self.prefixes_used - self.prefixes_declared - set(known))

    @property
    def is_update(self) -> bool:
        return self.operation in UPDATE_KEYWORDS

    def as_fields(self) -> dict[str, object]:
        """The parse as JSON values, to keep in a cache (`from_fields` reads them back)."""
        return {
            "operation": self.operation, "asks_other_endpoints": self.asks_other_endpoints,
            "prefixes_used": sorted(self.prefixes_used), "prefixes_declared": sorted(self.prefixes_declared),
            "text": self.text, "where_group": self.where_group, "sub_select_groups": list(self.sub_select_groups),
        }

    @classmethod
    def from_fields(cls, fields: object) -> SparqlText | None:
        """The parse `as_fields` wrote, or None for anything else: a field missing or of another
        type, an operation that is none of SPARQL's, or a group that is not a `{` of the text
        (values are bound there)."""
        if not isinstance(fields, dict):
            return None
        operation, text, where, groups = fields.get("operation"), fields.get("text"), fields.get("where_group"), fields.get("sub_select_groups")
        used, declared, service = fields.get("prefixes_used"), fields.get("prefixes_declared"), fields.get("asks_other_endpoints")
        if not (isinstance(operation, str) and operation in QUERY_FORMS + UPDATE_KEYWORDS and isinstance(text, str) and isinstance(service, bool)):
            return None
        if not (isinstance(used, list) and isinstance(declared, list) and all(isinstance(name, str) for name in used + declared)):
            return None
        if not (isinstance(groups, list) and isinstance(where, int) and all(isinstance(group, int) for group in groups)):
            return None
        opened = [where, *groups] if where >= 0 else groups
        if any(isinstance(group, bool) or not 0 <= group < len(text) or text[group] != "{" for group in opened):
            return None
        return cls(operation, service, frozenset(used), frozenset(declared), text, where, tuple(groups))
