"""The terminals of SPARQL 1.1 (W3C SPARQL 1.1 Query Language, section 19.8, productions
[139]-[173]), each read as the specification defines it and nothing looser.

This is the lexer of timeline's SPARQL gate (timeline.rdf.sparql_parser). The gate does not
hand the engine the text it was given: it hands it the tokens read here, one to a line, so
an engine that reads a comment, a string or a prefixed name differently from this lexer never
gets the chance to (see sparql_parser for why that is enough).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from timeline.errors import QueryError

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_VARNAME = f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_ECHAR = r"\\[tbnrf\\\"']"
_EXPONENT = r"[eE][+-]?[0-9]+"

# Order matters where two terminals can start alike: the specification reads the longest
# match, so each alternative that could be cut short by a later one comes first.
_TERMINALS = re.compile(
    f"""
    (?P<space>[ \\t\\r\\n]+)
  | (?P<comment>\\#[^\\r\\n]*)
  | (?P<IRIREF><[^<>"{{}}|^`\\\\\\x00-\\x20]*>)
  | (?P<STRING_LITERAL_LONG1>'''(?:(?:'|'')?(?:[^'\\\\]|{_ECHAR}))*''')
  | (?P<STRING_LITERAL_LONG2>\"\"\"(?:(?:"|"")?(?:[^"\\\\]|{_ECHAR}))*\"\"\")
  | (?P<STRING_LITERAL1>'(?:[^'\\\\\\n\\r]|{_ECHAR})*')
  | (?P<STRING_LITERAL2>"(?:[^"\\\\\\n\\r]|{_ECHAR})*")
  | (?P<VAR>[?$]{_VARNAME})
  | (?P<BLANK_NODE_LABEL>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<PNAME_LN>(?:{_PN_PREFIX})?:{_PN_LOCAL})
  | (?P<PNAME_NS>(?:{_PN_PREFIX})?:)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<LANGTAG>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<number>[+-]?(?:[0-9]+\\.[0-9]*{_EXPONENT}|\\.[0-9]+{_EXPONENT}|[0-9]+{_EXPONENT}|[0-9]*\\.[0-9]+|[0-9]+))
  | (?P<NIL>\\([ \\t\\r\\n]*\\))
  | (?P<ANON>\\[[ \\t\\r\\n]*\\])
  | (?P<punctuation>\\^\\^|\\|\\||&&|!=|<=|>=|[{{}}()\\[\\];,.*+\\-/|^!?=<>])
    """,
    re.VERBOSE,
)
OPENING = frozenset("{([")
CLOSING = frozenset("})]")


@dataclass(frozen=True)
class Token:
    kind: str  # a terminal's name, a keyword as the grammar spells it, or the punctuation itself
    text: str  # as it is sent on: a keyword in the grammar's spelling, NIL and ANON without space
    start: int  # where it starts in the text as given


def tokens(text: str, keywords: Mapping[str, str]) -> Iterator[Token]:
    """The text's tokens, comments and white space left out. `keywords` maps each keyword,
    upper-cased, to its spelling in the grammar. A QueryError names the first character that
    starts no terminal."""
    position = 0
    length = len(text)
    while position < length:
        match = _TERMINALS.match(text, position)
        if match is None:
            line, column = line_and_column(text, position)
            raise QueryError(
                f"The query has {text[position]!r} at line {line}, column {column}, where SPARQL allows none. "
                "Check the quotes and brackets before it."
            )
        kind = match.lastgroup or ""
        word = match.group()
        position = match.end()
        if kind in ("space", "comment"):
            continue
        if kind == "VAR":
            kind = "VAR1" if word[0] == "?" else "VAR2"
        elif kind == "word":
            if word == "a":
                kind = "a"
            else:
                kind = keywords.get(word.upper(), "unknown word")
                if kind != "unknown word":
                    word = kind
        elif kind == "number":
            kind = _number_kind(word)
        elif kind == "NIL":
            word = "()"
        elif kind == "ANON":
            word = "[]"
        elif kind == "punctuation":
            kind = word
        yield Token(kind, word, match.start())


def _number_kind(text: str) -> str:
    base = "DOUBLE" if "e" in text or "E" in text else "DECIMAL" if "." in text else "INTEGER"
    if text[0] == "+":
        return base + "_POSITIVE"
    if text[0] == "-":
        return base + "_NEGATIVE"
    return base


def line_and_column(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1
