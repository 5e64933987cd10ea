"""The units a report is read in: paragraphs, sentences (syntok, a maintained rule-based
segmenter that knows abbreviations and quotes), clauses and words, each with its offsets into
the text as given."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(frozen=True)
class Sentence(Span):
    paragraph: int = 0  # the number of the paragraph it is in, counted from 0


_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*\d|\d")
# Where one clause of a sentence ends and the next begins: a semicolon, a colon or a dash; a
# comma before a conjunction or a relative pronoun ("as well as" joins, it does not divide); a
# comma before an auxiliary, which ends an apposition ("Putin, who has met Xi ..., will attend");
# and "after", "before", "when", "while", "whereas", "although" and "because" themselves, which
# open a clause with its own event and its own time.
_CLAUSE_BREAK = re.compile(
    r"\s*[;:]\s+|\s+[—–]\s+|\s+--\s+"
    r"|,\s+(?=(?:and|but|while|who|which|where|when|after|before|although|though|whereas|as(?! well as)|then)\b)"
    r"|,\s+(?=(?:will|would|has|have|had|is|are|was|were|can|could|must|shall)\b)"
    r"|\s+(?=(?:after|before|when|while|whereas|although|because)\s)",
)


def sentences(text: str) -> list[Sentence]:
    """The sentences of a text, split by syntok, and the paragraph each is in (a paragraph
    ends at a blank line, or at a line break, as wire copy and saved pages break them)."""
    from syntok import segmenter

    found: list[Sentence] = []
    for number, block in enumerate(_paragraphs(text)):
        start, end = block
        part = text[start:end]
        for paragraph in segmenter.analyze(part):
            for sentence in paragraph:
                tokens = [token for token in sentence if token.value]
                if not tokens:
                    continue
                first = start + tokens[0].offset
                last = start + tokens[-1].offset + len(tokens[-1].value)
                found.extend(Sentence(piece_start, piece_end, number) for piece_start, piece_end in _pieces(text, first, last))
    return found


# News sentences run to some 20 to 40 words; a "sentence" of over 1,000 characters (some 170
# words) is a list, a table or a text with no full stops, and reading one whole costs the square
# of its length (each word is matched against every date and name in it).
LONGEST_SENTENCE = 1_000
_PIECE_BREAK = re.compile(r"[;:,]\s|\s")


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] as pieces of at most LONGEST_SENTENCE characters, each cut after the last
    semicolon, colon or comma in its second half (else at its last space): clauses stay whole."""
    pieces = []
    while end - start > LONGEST_SENTENCE:
        limit = start + LONGEST_SENTENCE
        breaks = list(_PIECE_BREAK.finditer(text, start + LONGEST_SENTENCE // 2, limit))
        punctuated = [found for found in breaks if not found.group(0)[0].isspace()]
        cut = (punctuated or breaks)[-1] if breaks else None
        piece_end, next_start = (cut.start() + (0 if cut.group(0)[0].isspace() else 1), cut.end()) if cut else (limit, limit)
        pieces.append((start, piece_end))
        start = next_start
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line_break in re.finditer(r"\n\s*", text):
        if text[start : line_break.start()].strip():
            spans.append((start, line_break.start()))
        start = line_break.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def clauses(text: str, sentence: Span) -> list[Span]:
    """The clauses of a sentence, as offsets into the text."""
    spans, start = [], sentence.start
    for found in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        if found.start() > start:
            spans.append(Span(start, found.start()))
        start = found.end()
    if start < sentence.end:
        spans.append(Span(start, sentence.end))
    return spans


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    end = len(text) if end is None else end
    return [Word(found.group(0).rstrip("."), found.start(), found.start() + len(found.group(0).rstrip(".")))
            for found in _WORD.finditer(text, start, end)]


def inflections(lemma: str, upos: str) -> set[str]:
    """Every form of a word as a noun or as a verb (`upos` NOUN or VERB; lemminflect, a
    maintained English inflection lexicon): "sign" as a verb -> sign, signs, signed, signing."""
    import lemminflect

    forms = {lemma}
    for found in lemminflect.getAllInflections(lemma, upos=upos).values():
        forms.update(found)
    if len(forms) == 1:
        for found in lemminflect.getAllInflectionsOOV(lemma, upos=upos).values():
            forms.update(found)
    return {form.lower() for form in forms}
