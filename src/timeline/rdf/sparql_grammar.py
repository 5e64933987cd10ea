"""The SPARQL 1.1 query grammar as timeline's gate reads it (timeline.rdf.sparql_parser): the
specification's productions from sparql_query.ebnf beside this file, with what each part of a
rule can start with, so that one token decides every choice (`ll1_conflicts` says where not)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["Grammar", "Node", "ll1_conflicts", "sparql_grammar", "walk"]

# A node is a tuple: ("t", kind) a token of that kind, ("r", name) a rule, ("s", nodes) a
# sequence, ("a", nodes) a choice, ("?" | "*" | "+", node).
Node = tuple


@dataclass
class Grammar:
    rules: dict[str, Node]
    keywords: dict[str, str]  # upper-cased keyword -> its spelling in the grammar
    function_names: frozenset[str] = frozenset()  # the keywords that name a function: their `(` is written onto them
    first: dict[int, frozenset[str]] = field(default_factory=dict)  # id(node) -> kinds it can start with
    nullable: dict[int, bool] = field(default_factory=dict)


@lru_cache(maxsize=1)
def sparql_grammar() -> Grammar:
    # Beside this file, not through importlib.resources, whose import costs 20 ms (see timeline.resources).
    source = (Path(__file__).parent / "sparql_query.ebnf").read_text(encoding="utf-8")
    rules = _read_productions(source)
    # 'a' is the one keyword whose case counts: the lexer reads it itself.
    keywords = {word.upper(): word for word in _literals(source) if word != "a"}
    functions = ("BuiltInCall", "Aggregate", "RegexExpression", "SubstringExpression", "StrReplaceExpression")
    names = frozenset(node[1] for rule in functions for node in walk([rules[rule]]) if node[0] == "t" and node[1] in keywords.values())
    grammar = Grammar(rules, keywords, names)
    _compute_first(grammar)
    return grammar


def _literals(source: str) -> frozenset[str]:
    """The grammar's quoted words: its keywords."""
    return frozenset(re.findall(r"'([A-Za-z_0-9]+)'", source))


_EBNF_TOKEN = re.compile(r"\s*(?:'([^']+)'|([A-Za-z_][A-Za-z0-9_]*)|([()|?*+]))")


def _read_productions(source: str) -> dict[str, Node]:
    productions: dict[str, str] = {}
    name = ""
    for line in source.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            name, _, body = line.partition("::=")
            name = name.strip()
            productions[name] = body
        else:
            productions[name] += " " + line
    return {rule: _EbnfReader(body).expression() for rule, body in productions.items()}


class _EbnfReader:
    def __init__(self, body: str) -> None:
        self.items: list[tuple[str, str]] = []
        for match in _EBNF_TOKEN.finditer(body.strip()):
            literal, name, operator = match.groups()
            if literal is not None:
                self.items.append(("literal", literal))
            elif name is not None:
                self.items.append(("name", name))
            else:
                self.items.append(("operator", operator))
        self.position = 0

    def _peek(self) -> tuple[str, str] | None:
        return self.items[self.position] if self.position < len(self.items) else None

    def expression(self) -> Node:
        choices = [self._sequence()]
        while self._peek() == ("operator", "|"):
            self.position += 1
            choices.append(self._sequence())
        return choices[0] if len(choices) == 1 else ("a", tuple(choices))

    def _sequence(self) -> Node:
        parts: list[Node] = []
        while (item := self._peek()) is not None and item not in (("operator", "|"), ("operator", ")")):
            parts.append(self._postfix())
        return parts[0] if len(parts) == 1 else ("s", tuple(parts))

    def _postfix(self) -> Node:
        kind, value = self.items[self.position]
        self.position += 1
        if (kind, value) == ("operator", "("):
            node = self.expression()
            self.position += 1  # the closing bracket
        elif kind == "literal":
            node = ("t", value)
        elif value.isupper():
            node = ("t", value)  # a terminal
        else:
            node = ("r", value)
        while (item := self._peek()) is not None and item[0] == "operator" and item[1] in "?*+":
            node = (item[1], node)
            self.position += 1
        return node


def walk(nodes: Iterable[Node]) -> Iterable[Node]:
    for node in nodes:
        yield node
        if node[0] in ("s", "a"):
            yield from walk(node[1])
        elif node[0] in ("?", "*", "+"):
            yield from walk([node[1]])


def _compute_first(grammar: Grammar) -> None:
    """FIRST sets and nullability of every node. The grammar has no left recursion (it is
    LL(1)), so each is computed once, from its parts, without iterating to a fixed point."""
    first: dict[int, frozenset[str]] = {}
    nullable: dict[int, bool] = {}

    def visit(node: Node) -> tuple[frozenset[str], bool]:
        key = id(node)
        if key in first:
            return first[key], nullable[key]
        tag = node[0]
        if tag == "t":
            found: tuple[frozenset[str], bool] = (frozenset([node[1]]), False)
        elif tag == "r":
            found = visit(grammar.rules[node[1]])
        elif tag == "s":
            kinds: set[str] = set()
            empty = True
            for part in node[1]:  # only as far as the parts can start it: no left recursion, no loop
                part_kinds, empty = visit(part)
                kinds |= part_kinds
                if not empty:
                    break
            found = (frozenset(kinds), empty)
        elif tag == "a":
            parts = [visit(part) for part in node[1]]
            found = (frozenset().union(*(kinds for kinds, _ in parts)), any(empty for _, empty in parts))
        else:
            inner_kinds, inner_empty = visit(node[1])
            found = (inner_kinds, tag in ("?", "*") or inner_empty)
        first[key], nullable[key] = found
        return found

    for node in walk(grammar.rules.values()):
        visit(node)
    grammar.first, grammar.nullable = first, nullable


def ll1_conflicts() -> list[str]:
    """Choices and repetitions whose next token does not decide the way: empty for a grammar
    that this parser reads exactly (a test keeps it so)."""
    grammar = sparql_grammar()
    found = []
    for name, body in grammar.rules.items():
        for node in walk([body]):
            if node[0] == "a":
                seen: set[str] = set()
                for part in node[1]:
                    overlap = seen & grammar.first[id(part)]
                    if overlap:
                        found.append(f"{name}: {sorted(overlap)}")
                    seen |= grammar.first[id(part)]
    return found
