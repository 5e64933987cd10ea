"""The gate in front of every SPARQL engine: what a text is (a query of which form, or an
update), whether it asks another endpoint (SERVICE), whether it is too large or too deeply
nested to be safe, and the text the engine is sent.

A gate that reads a text one way while the engine reads it another is no gate: a lexer
that took `<?b)SERVICE#>` for an IRI let a SERVICE clause through to Oxigraph, which read a
less-than and a comment there. So the gate parses the text with the SPARQL 1.1 query grammar
(sparql_query.ebnf beside this file, the specification's productions) over the specification's
terminals (timeline.rdf.sparql_lexer), refuses whatever does not parse, and sends the engine
the tokens it parsed, one to a line, with no comments. That text can only be read one way:
no token of it contains white space (but strings, which every reader reads alike), an IRI
stands only where the grammar wants a term, never after an operand where `<` would compare,
and a comparison's `<` always has a line break after it, which no IRI can contain. What the engine
runs is therefore what was checked: its operation, its SERVICE clauses and its depth.

The limits protect the engines: a query of 5,000 nested braces overflows Oxigraph's stack and
kills the process that runs it (timeline itself, `timeline serve`'s server, or a remote
store), so such a query is refused here, with a message, before it reaches any. The parse
itself keeps its own stack, so no depth of nesting reaches Python's recursion limit.
"""

from __future__ import annotations


import re
from collections.abc import Sequence
from functools import lru_cache

from timeline.errors import QueryError
from timeline.rdf.sparql_text import QUERY_FORMS, UPDATE_KEYWORDS, SparqlText
from timeline.rdf.sparql_grammar import Grammar, Node, sparql_grammar
from timeline.rdf.sparql_lexer import CLOSING, OPENING, Token, line_and_column, tokens

MAX_QUERY_CHARACTERS = 1_000_000
MAX_NESTING = 200
# Some engines (Oxigraph among them) decode \u escapes anywhere in a query before they parse
# it, and others do not: a text that still holds one would be read two ways.
_CODEPOINT_ESCAPE = re.compile(r"\\[uU]")


# The same texts are parsed again and again (the build's shape queries for every source added
# in one run, a stored query for every visitor of `serve`): the parses of the latest short texts
# are kept. A parse is immutable, so a kept one is as good as a new one.
_KEPT_UP_TO_CHARACTERS = 16 * 1024


def read_sparql(text: str) -> SparqlText:
    """Parse the text; a QueryError if it is too large, too deeply nested, or not a SPARQL 1.1
    query (an update is returned as such, unparsed, for the caller to refuse)."""
    if len(text) <= _KEPT_UP_TO_CHARACTERS:
        return _read_kept(text)
    return _read(text)


@lru_cache(maxsize=512)
def _read_kept(text: str) -> SparqlText:
    return _read(text)


def _read(text: str) -> SparqlText:
    if len(text) > MAX_QUERY_CHARACTERS:
        raise QueryError(
            f"The query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARACTERS:,}. "
            "Bind long lists with VALUES from a file, or split the query."
        )
    grammar = sparql_grammar()
    read = list(tokens(text, grammar.keywords))
    _check_depth(read)
    update = _update_keyword(read)
    if update:
        return SparqlText(update, False)
    return _Parse(grammar, text, read).run()


def _check_depth(read: Sequence[Token]) -> None:
    depth = 0
    for token in read:
        if token.kind in OPENING:
            depth += 1
            if depth > MAX_NESTING:
                raise QueryError(
                    f"The query nests brackets more than {MAX_NESTING} deep, which could crash the SPARQL engine; "
                    "nothing was run. Flatten the query."
                )
        elif token.kind in CLOSING:
            depth -= 1


def _update_keyword(read: Sequence[Token]) -> str:
    """The update's first keyword, if the text after its prologue starts like an update."""
    index = 0
    while index < len(read) and read[index].kind in ("BASE", "PREFIX"):
        index += 2 if read[index].kind == "BASE" else 3
    if index < len(read) and read[index].kind == "unknown word" and read[index].text.upper() in UPDATE_KEYWORDS:
        return read[index].text.upper()
    return ""


class _Parse:
    """One LL(1) parse on an explicit stack: each step looks at the next token only."""

    def __init__(self, grammar: Grammar, source: str, read: list[Token]) -> None:
        self.grammar = grammar
        self.source = source
        self.read = read

    def run(self) -> SparqlText:
        grammar, read = self.grammar, self.read
        end = len(read)
        position = 0
        stack: list[Node] = [grammar.rules["QueryUnit"]]
        expected: set[str] = set()
        operation = ""
        service = False
        used: set[str] = set()
        declared: set[str] = set()
        where_group = -1
        in_where_clause = False
        sub_selects: list[int] = []
        awaiting_sub_select_group = False
        calls: set[int] = set()  # tokens written onto the one before: a function's `(`, a path's `*`
        while stack:
            node = stack.pop()
            tag = node[0]
            kind = read[position].kind if position < end else "end of query"
            if tag == "t":
                if kind != node[1]:
                    expected.add(node[1])
                    self._fail(position, expected)
                token = read[position]
                if kind in QUERY_FORMS and not operation:
                    operation = kind
                elif kind == "SERVICE":
                    service = True
                elif kind in ("PNAME_LN", "PNAME_NS"):
                    prefix = token.text.split(":", 1)[0]
                    (declared if position > 0 and read[position - 1].kind == "PREFIX" else used).add(prefix)
                elif kind == "{" and in_where_clause and where_group < 0:
                    where_group = position
                elif kind == "{" and awaiting_sub_select_group:
                    sub_selects.append(position)
                    awaiting_sub_select_group = False
                position += 1
                expected = set()
            elif tag == "r":
                if node[1] == "WhereClause":
                    # The query's own WHERE clause comes first; any later one is a sub-select's.
                    awaiting_sub_select_group = in_where_clause
                    in_where_clause = True
                elif node[1] in ("ArgList", "PathMod"):
                    calls.add(position)
                stack.append(grammar.rules[node[1]])
            elif tag == "s":
                stack.extend(reversed(node[1]))
            elif tag == "a":
                chosen = next((part for part in node[1] if kind in grammar.first[id(part)]), None)
                if chosen is None:
                    chosen = next((part for part in node[1] if grammar.nullable[id(part)]), None)
                    expected |= grammar.first[id(node)]
                    if chosen is None:
                        self._fail(position, expected)
                        continue
                stack.append(chosen)
            elif kind in grammar.first[id(node[1])]:
                if tag == "?":
                    stack.append(node[1])
                else:  # "*" or "+": once more after this one
                    stack.append(("*", node[1]))
                    stack.append(node[1])
            elif tag == "+":
                expected |= grammar.first[id(node[1])]
                self._fail(position, expected)
            else:
                expected |= grammar.first[id(node[1])]
        if position < end:
            self._fail(position, expected)
        calls.update(index for index in range(1, end)
                     if read[index].kind in ("(", "NIL") and read[index - 1].kind in grammar.function_names)
        sent, (where_index, *sub_select_indices) = _joined(read, [where_group, *sub_selects], calls)
        if _CODEPOINT_ESCAPE.search(sent):
            raise QueryError("The query writes a character as a \\u or \\U escape, which engines read differently: "
                             "write the character itself.")
        return SparqlText(operation, service, frozenset(used), frozenset(declared), sent, where_index, tuple(sub_select_indices))

    def _fail(self, position: int, expected: set[str]) -> None:
        if position >= len(self.read):
            line, column = line_and_column(self.source, len(self.source.rstrip()))
            raise QueryError(f"The query is not valid SPARQL 1.1: it ends at line {line}, column {column}, "
                             f"where SPARQL expects {_listed(expected)}.")
        token = self.read[position]
        line, column = line_and_column(self.source, token.start)
        hint = ""
        if token.kind == "IRIREF" and len(token.text) > 2:
            hint = " If < or > is meant as a comparison there, put a space on each side of it."
        elif token.kind == "unknown word":
            hint = f" {token.text!r} is not a SPARQL keyword; a prefixed name needs its colon."
        raise QueryError(
            f"The query is not valid SPARQL 1.1: at line {line}, column {column} ({_shown(token.text)}) "
            f"SPARQL expects {_listed(expected)}.{hint}"
        )


def _joined(read: Sequence[Token], marked: Sequence[int], calls: set[int]) -> tuple[str, list[int]]:
    """The tokens one to a line, so that an engine that took a `#` inside an IRI or a string
    for a comment (rdflib does, in places) would lose no more than that token; and written as
    every engine expects them: a literal's language tag
    and datatype written onto it, a function's arguments onto its name (Oxigraph 0.5 reads
    `CONCAT (` as an error), a path's modifier onto its step (rdflib reads `p + ex:q` as a sum); and where each token at an index in `marked` starts in that text (-1 for none)."""
    parts: list[str] = []
    length = 0
    where = {index: position for position, index in enumerate(marked)}
    marked_at = [-1] * len(marked)
    for index, token in enumerate(read):
        glued = index > 0 and (token.kind in ("LANGTAG", "^^") or read[index - 1].kind == "^^" or index in calls)
        if index > 0 and not glued:
            # rdflib finds a SERVICE's endpoint by matching `SERVICE <`, with a space
            parts.append(" " if read[index - 1].kind in ("SERVICE", "SILENT") else "\n")
            length += 1
        if index in where:
            marked_at[where[index]] = length
        parts.append(token.text)
        length += len(token.text)
    return "".join(parts), marked_at


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _listed(kinds: set[str]) -> str:
    names = sorted(kinds)
    if not names:
        return "nothing more"
    shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
    return ("one of " + shown) if len(names) > 1 else shown
