"""Reading SPARQL text before any engine sees it: what operation it is (a query of which form,
or an update), whether it asks another endpoint (SERVICE), and whether it is too large or too
deeply nested to be safe.

It is a lexer, not a guess from the first word: comments end at a line feed or a carriage
return (both end a line in SPARQL), and strings (short and long), IRIs and comments are read
as wholes, so that a keyword hidden in one of them is never taken for the operation, and an
update hidden after a comment closed by a carriage return is seen for what it is.

The limits protect the engines: a query of 5,000 nested braces overflows Oxigraph's stack and
kills the process that runs it (timeline itself, `timeline serve`'s server, or a remote
store), so such a query is refused here, with a message, before it reaches any.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from timeline.errors import QueryError

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
MAX_QUERY_CHARACTERS = 1_000_000
MAX_NESTING = 200

_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<long_string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<string>'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<variable>[?$][A-Za-z0-9_]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_-]*(?::[^\s{}()\[\];,.]*)?)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class SparqlText:
    """What the lexer found: the operation's keyword, and the other facts callers check."""

    operation: str  # SELECT, ASK, CONSTRUCT, DESCRIBE, or the update's first keyword
    asks_other_endpoints: bool  # a SERVICE clause
    prefixes_used: frozenset[str] = frozenset()
    prefixes_declared: frozenset[str] = frozenset()

    def undeclared(self, known: Iterable[str] = ()) -> list[str]:
        """The prefixes the text uses that neither it nor `known` declares."""
        return sorted(self.prefixes_used - self.prefixes_declared - set(known))

    @property
    def is_update(self) -> bool:
        return self.operation in UPDATE_KEYWORDS


def read_sparql(text: str) -> SparqlText:
    """Lex the text; a QueryError if it is too large, too deeply nested, or neither a query nor
    an update."""
    if len(text) > MAX_QUERY_CHARACTERS:
        raise QueryError(
            f"The query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARACTERS:,}. "
            "Bind long lists with VALUES from a file, or split the query."
        )
    operation = ""
    service = False
    used: set[str] = set()
    declared: set[str] = set()
    depth = 0
    expecting_prologue_value = False
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("space", "comment"):
            continue
        if kind == "open":
            depth += 1
            if depth > MAX_NESTING:
                raise QueryError(
                    f"The query nests brackets more than {MAX_NESTING} deep, which could crash the SPARQL engine; "
                    "nothing was run. Flatten the query."
                )
            continue
        if kind == "close":
            depth = max(0, depth - 1)
            continue
        if kind != "word":
            expecting_prologue_value = False
            continue
        word = match.group().upper()
        if not operation:
            if word in ("PREFIX", "BASE"):
                expecting_prologue_value = True
                continue
            if expecting_prologue_value and ":" in match.group():
                declared.add(match.group().split(":", 1)[0])
                continue  # the prefix name of a PREFIX declaration
            if word in QUERY_FORMS or word in UPDATE_KEYWORDS:
                operation = word
                continue
            raise QueryError("A query must be a SELECT, ASK, CONSTRUCT or DESCRIBE query.")
        if word == "SERVICE":
            service = True
        elif ":" in match.group():
            if not match.group().startswith("_:"):  # a blank node label, not a prefixed name
                used.add(match.group().split(":", 1)[0])
    if not operation:
        raise QueryError("A query must be a SELECT, ASK, CONSTRUCT or DESCRIBE query.")
    return SparqlText(operation, service, frozenset(used), frozenset(declared))
