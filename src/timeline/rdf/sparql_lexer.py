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

# The specification's classes of name characters beyond ASCII (PN_CHARS_BASE, and what
# PN_CHARS and VARNAME add to it).
_BASE_BEYOND_ASCII = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_EXTRA_BEYOND_ASCII = "\u00b7\u0300-\u036f\u203f-\u2040"


def _chars(ascii_also: str, extra: bool, exact: bool) -> str:
    """A class of name characters: A-Z, a-z, the ASCII characters in `ascii_also`, and beyond
    ASCII the specification's base characters (and, with `extra`, PN_CHARS' additions).

    The exact classes, with their ranges beyond the Basic Multilingual Plane, take Python's
    `re` some 3 ms each to compile, 60 ms for the lexer on every command; the loose ones let any
    non-ASCII character through and compile at once. The lexer scans with the loose ones and
    checks the rare name with non-ASCII characters against the exact ones."""
    if exact:
        return "[A-Za-z" + re.escape(ascii_also) + _BASE_BEYOND_ASCII + (_EXTRA_BEYOND_ASCII if extra else "") + "]"
    allowed = {*range(0x41, 0x5B), *range(0x61, 0x7B), *(ord(character) for character in ascii_also)}
    refused = [code for code in range(0x80) if code not in allowed]
    ranges: list[list[int]] = []  # runs of refused codes, as few ranges as the class needs
    for code in refused:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[^" + "".join(f"\\x{low:02x}" + (f"-\\x{high:02x}" if high > low else "") for low, high in ranges) + "]"


_DIGITS = "0123456789"


def _name_patterns(exact: bool) -> dict[str, str]:
    """The patterns of the four name terminals, exact or loose (see _chars)."""
    base = _chars("", False, exact)
    name_start = _chars("_" + _DIGITS, False, exact)  # PN_CHARS_U or a digit
    pn_chars = _chars("_-" + _DIGITS, True, exact)
    pn_chars_dot = _chars("_-." + _DIGITS, True, exact)
    plx = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
    prefix = f"{base}(?:{pn_chars_dot}*{pn_chars})?"
    local_start = _chars("_:" + _DIGITS, False, exact)
    local_middle = _chars("_-.:" + _DIGITS, True, exact)
    local_end = _chars("_-:" + _DIGITS, True, exact)
    local = f"(?:{local_start}|{plx})(?:(?:{local_middle}|{plx})*(?:{local_end}|{plx}))?"
    return {
        "VAR": f"[?$]{name_start}{_chars('_' + _DIGITS, True, exact)}*",
        "BLANK_NODE_LABEL": f"_:{name_start}(?:{pn_chars_dot}*{pn_chars})?",
        "PNAME_LN": f"(?:{prefix})?:{local}",
        "PNAME_NS": f"(?:{prefix})?:",
    }


_LOOSE = _name_patterns(exact=False)
_ECHAR = r"\\[tbnrf\\\"']"
_EXPONENT = r"[eE][+-]?[0-9]+"
_SPACE = r"[ \t\r\n]"

# Order matters where two terminals can start alike: the specification reads the longest
# match, so each alternative that could be cut short by a later one comes first.
_TERMINAL_PATTERNS = [
    ("space", _SPACE + "+"),
    ("comment", r"#[^\r\n]*"),
    ("IRIREF", r'<[^<>"{}|^`\\\x00-\x20]*>'),
    ("STRING_LITERAL_LONG1", "'''(?:(?:'|'')?(?:[^'\\\\]|" + _ECHAR + "))*'''"),
    ("STRING_LITERAL_LONG2", '"""(?:(?:"|"")?(?:[^"\\\\]|' + _ECHAR + '))*"""'),
    ("STRING_LITERAL1", "'(?:[^'\\\\\\n\\r]|" + _ECHAR + ")*'"),
    ("STRING_LITERAL2", '"(?:[^"\\\\\\n\\r]|' + _ECHAR + ')*"'),
    ("VAR", _LOOSE["VAR"]),
    ("BLANK_NODE_LABEL", _LOOSE["BLANK_NODE_LABEL"]),
    ("PNAME_LN", _LOOSE["PNAME_LN"]),
    ("PNAME_NS", _LOOSE["PNAME_NS"]),
    ("word", r"[A-Za-z_][A-Za-z0-9_]*"),
    ("LANGTAG", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"),
    ("number", r"[+-]?(?:[0-9]+\.[0-9]*" + _EXPONENT + r"|\.[0-9]+" + _EXPONENT + "|[0-9]+" + _EXPONENT + r"|[0-9]*\.[0-9]+|[0-9]+)"),
    ("NIL", r"\(" + _SPACE + r"*\)"),
    ("ANON", r"\[" + _SPACE + r"*\]"),
    ("punctuation", r"\^\^|\|\||&&|!=|<=|>=|[{}()\[\];,.*+\-/|^!?=<>]"),
]
_TERMINALS = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _TERMINAL_PATTERNS))
_exact: dict[str, re.Pattern[str]] = {}
OPENING = frozenset("{([")
CLOSING = frozenset("})]")


def _is_exact_name(kind: str, text: str) -> bool:
    """Whether a name with non-ASCII characters is one by the specification's own classes."""
    if not _exact:
        _exact.update({name: re.compile(pattern) for name, pattern in _name_patterns(exact=True).items()})
    return _exact[kind].fullmatch(text) is not None


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
        if kind in _LOOSE and not word.isascii() and not _is_exact_name(kind, word):
            line, column = line_and_column(text, match.start())
            raise QueryError(f"The query has {word!r} at line {line}, column {column}: a character in it is allowed in no SPARQL name.")
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
