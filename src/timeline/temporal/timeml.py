"""TimeML in and out: the gold time expressions of an annotated report (TimeBank's .tml files),
the TempEval-3 measures of a reader against them, and a text marked up with TIMEX3 elements as
HeidelTime writes it.

The text a reader sees is the content of <TEXT> with the tags removed; gold offsets count in it.
A TimeML file is parsed by the standard library's XML parser, which resolves no external
entity; a file that declares a DOCTYPE (and so could declare entities) is refused.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from timeline.errors import DataFileError
from timeline.temporal.reader import TimeExpression


@dataclass(frozen=True)
class GoldTime:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class AnnotatedReport:
    name: str
    text: str
    reference: date
    times: list[GoldTime]


def read_timeml(path: Path) -> AnnotatedReport:
    data = path.read_bytes()
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise DataFileError(str(path), "a TimeML file with a DOCTYPE is not read (it could declare entities)")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise DataFileError(str(path), f"not well-formed XML: {error}") from None
    dct = root.find("DCT/TIMEX3")
    body = root.find("TEXT")
    if dct is None or body is None:
        raise DataFileError(str(path), "a TimeML report needs a DCT and a TEXT element")
    reference = date.fromisoformat((dct.get("value") or "")[:10])
    pieces: list[str] = []
    times: list[GoldTime] = []
    length = 0

    def walk(element: ElementTree.Element) -> None:
        nonlocal length
        start = length
        if element.text:
            pieces.append(element.text)
            length += len(element.text)
        for child in element:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
                length += len(child.tail)
        if element.tag == "TIMEX3" and length > start:
            text = "".join(pieces)[start:length]
            times.append(GoldTime(start, length, text, element.get("type", ""), element.get("value", "")))

    walk(body)
    return AnnotatedReport(path.stem, "".join(pieces), reference, times)


def read_timeml_folder(folder: Path) -> list[AnnotatedReport]:
    files = sorted(folder.glob("*.tml"))
    if not files:
        raise DataFileError(str(folder), "no .tml files here; give a folder of TimeML reports")
    return [read_timeml(path) for path in files]


@dataclass
class Scores:
    """TempEval-3's measures of time expressions, summed over reports."""

    system: int = 0
    gold: int = 0
    strict: int = 0  # system expressions with a gold one of the very same extent
    relaxed_system: int = 0  # system expressions overlapping a gold one
    relaxed_gold: int = 0  # gold expressions overlapping a system one
    value_right: int = 0  # relaxed matches whose value is the gold value
    type_right: int = 0

    def add(self, found: Sequence[TimeExpression], gold: Sequence[GoldTime]) -> None:
        self.system += len(found)
        self.gold += len(gold)
        spans = {(g.start, g.end) for g in gold}
        self.strict += sum(1 for f in found if (f.start, f.end) in spans)
        matched_gold: set[int] = set()
        for expression in found:
            matches = overlapping(expression, gold)
            if not matches:
                continue
            self.relaxed_system += 1
            best = gold[matches[0]]
            self.value_right += best.value == expression.value
            self.type_right += best.type == expression.type
            matched_gold.update(matches)
        self.relaxed_gold += len(matched_gold)

    def f1(self, kind: str) -> float:
        if kind == "strict":
            precision, recall = _ratio(self.strict, self.system), _ratio(self.strict, self.gold)
        else:
            precision, recall = _ratio(self.relaxed_system, self.system), _ratio(self.relaxed_gold, self.gold)
        relaxed = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
        if kind == "value":
            return relaxed * _ratio(self.value_right, self.relaxed_system)
        if kind == "type":
            return relaxed * _ratio(self.type_right, self.relaxed_system)
        return relaxed


def overlapping(expression: TimeExpression, gold: Sequence[GoldTime]) -> list[int]:
    """Where in `gold` the expressions are that the found one overlaps, the nearest in extent
    first (the earlier of two as near): the one its value and type are scored against."""
    indices = [index for index, g in enumerate(gold) if expression.start < g.end and g.start < expression.end]
    return sorted(indices, key=lambda index: (abs(gold[index].start - expression.start) + abs(gold[index].end - expression.end), index))


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def timex3_markup(text: str, expressions: Iterable[TimeExpression]) -> str:
    """The text with each expression in a TIMEX3 element, in document order, as TimeML and
    HeidelTime write it."""
    pieces = []
    position = 0
    for number, expression in enumerate(sorted(expressions, key=lambda e: e.start), start=1):
        pieces.append(escape(text[position : expression.start]))
        mod = f" mod={quoteattr(expression.mod)}" if expression.mod else ""
        pieces.append(f'<TIMEX3 tid="t{number}" type="{expression.type}" value={quoteattr(expression.value)}{mod}>'
                      f"{escape(expression.text)}</TIMEX3>")
        position = expression.end
    pieces.append(escape(text[position:]))
    return '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n' + "".join(pieces) + "\n</TimeML>\n"
