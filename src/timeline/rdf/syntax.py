"""How terms are spelled in N-Triples, Turtle and SPARQL, as text: escaping strings and IRIs,
telling a valid IRI or language tag. No term classes: both term models (rdflib's in
timeline.rdf.terms, Oxigraph's in timeline.rdf.model) write through these."""

from __future__ import annotations

import re

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANGUAGE_TAG = re.compile(r"^[a-zA-Z]+(-[a-zA-Z0-9]+)*$")
# As Oxigraph writes them, so that a term reads the same whichever of the two wrote it: the
# short escapes, and every other control character as \uXXXX.
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_STRING_TO_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def escape_string(text: str) -> str:
    """A string's characters as they stand between double quotes in N-Triples, Turtle and SPARQL."""
    # A regular expression rather than a loop over characters: most strings need no escape.
    return _STRING_TO_ESCAPE.sub(lambda match: _STRING_ESCAPES.get(match.group()) or f"\\u{ord(match.group()):04X}", text)


def escape_iri(iri: str) -> str:
    """An IRI as it can stand between <> in N-Triples: forbidden characters as \\u escapes."""
    return _IRI_FORBIDDEN.sub(lambda match: f"\\u{ord(match.group()):04X}", iri)


def is_valid_iri(text: str) -> bool:
    """Whether the text can be written as <text> in SPARQL: no space and none of <>"{}|^`\\."""
    return bool(text) and not _IRI_FORBIDDEN.search(text)


def is_language_tag(text: str) -> bool:
    return bool(_LANGUAGE_TAG.match(text))


_ESCAPED = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_SHORT_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def unescape_string(text: str) -> str:
    """The characters a string written between double quotes stands for: escape_string undone,
    and every other escape of N-Triples and Turtle read."""
    return _ESCAPED.sub(_unescaped, text) if "\\" in text else text


def _unescaped(match: re.Match[str]) -> str:
    short, code = match.group(3), match.group(1) or match.group(2)
    return chr(int(code, 16)) if short is None else _SHORT_ESCAPES.get(short, match.group())


def literal_parts(term: str) -> tuple[str, str, str]:
    """A literal written in N-Triples as its escaped text, its language and its datatype IRI
    (either may be empty): '"2024"^^<http://www.w3.org/2001/XMLSchema#gYear>' gives
    ("2024", "", "http://www.w3.org/2001/XMLSchema#gYear")."""
    closing = term.rindex('"')
    rest = term[closing + 1 :]
    if rest.startswith("@"):
        return term[1:closing], rest[1:], ""
    if rest.startswith("^^"):
        return term[1:closing], "", rest[3:-1]
    return term[1:closing], "", ""
