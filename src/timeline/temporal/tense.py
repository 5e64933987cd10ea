"""Whether the clause around a time expression speaks of the future or the past: it decides
which Friday "Friday" is, and which year "in March" is in.

The nearest cue decides: reading back from the expression, the first word of the future ("will",
"is scheduled to", "plans to", ...) or of the past (an auxiliary "was", "had", "did"; a past verb,
"met", "announced"). Where nothing before the expression in its sentence tells ("In March, the
company bought ..."), the words after it are read for an auxiliary or a past verb; failing those,
a cue of the future further back in its sentence ("will", "is expected to") gives the future.
A reporting verb ("said") dates the
saying where the expression follows it ("said on Friday"); further on, what is reported has its
own tense, which the reporting verb does not give ("said the plant closes on Friday").
"""

from __future__ import annotations

import re
from typing import Literal

from timeline.temporal import lexicon

Tense = Literal["future", "past", ""]

SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]*[A-Z])")
_WORD = re.compile(r"[A-Za-z']+")
_SPACE = re.compile(r"\s+")
_REPORTING = frozenset({"said", "told", "reported", "announced", "added", "noted", "stated", "wrote", "says", "tells"})
_PAST_AUXILIARIES = frozenset({"was", "were", "had", "did", "ago"})
# Words after which a word in -ed is an adjective or a participle before a noun ("a planned
# visit", "the proposed merger"), not the clause's verb.
_DETERMINERS = frozenset({"a", "an", "the", "its", "their", "his", "her", "our", "your", "this", "that", "these", "those",
                          "some", "any", "no", "each", "every", "newly", "recently", "previously", "once",
                          "in", "of", "for", "with", "on", "at", "from", "by", "as", "into"})
# Before a participle these make it no past tense: a passive ("will be paid", "is expected"), an
# infinitive ("to be published") or the present perfect ("has extended"), which takes no definite
# past time.
_NOT_PAST_BEFORE = frozenset({"be", "been", "being", "is", "are", "am", "to", "will", "would", "could", "should", "must", "may",
                              "has", "have"})


def _by_last_word(phrases: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """The phrases (as word tuples, longest first) by their last word: a backward scan looks up
    only those that could end where it stands."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted((tuple(cue.split()) for cue in phrases), key=len, reverse=True):
        table.setdefault(phrase[-1], []).append(phrase)
    return table


_FUTURE_PHRASES = _by_last_word(lexicon.FUTURE_CUES)
_FUTURE_IN_THE_PAST = frozenset({"had", "been", "was", "were"})
_PRESENT_BE = frozenset({"is", "are", "am"})
_FUTURE_AUXILIARIES = frozenset({"will", "shall", "ll"})
_LOOK = 10  # words read on either side: a clause, not the next one
_LONGEST_SENTENCE = 400  # characters: a clause's cues lie within it, and every expression reads no more than this back or on


def clause_tense(text: str, start: int, end: int) -> Tense:
    """The tense of the clause around text[start:end]: "future", "past", or "" where nothing tells."""
    return _tense_of(_sentence_words_before(text, start), text, start, end)


def _sentence_words_before(text: str, start: int) -> list[str]:
    """The words of the sentence holding text[start] that come before it, in lower case."""
    return [word.lower() for word in _WORD.findall(text[sentence_start(text, start) : start])]


def _tense_of(sentence_before: list[str], text: str, start: int, end: int) -> Tense:
    """clause_tense, given the words of the sentence before the expression."""
    if sentence_before and sentence_before[-1] == "effective":
        return ""  # "named him chairman, effective Feb. 1": when a change takes hold, not when it was announced
    weekday = any(word.lower().rstrip(".") in lexicon.WEEKDAYS for word in _WORD.findall(text[start:end]))
    found = _nearest_cue_before(sentence_before[-_LOOK - 1 :], first=1 if len(sentence_before) > _LOOK else 0, weekday=weekday)
    if found:
        return found
    after_end = SENTENCE_END.search(text, end, end + _LONGEST_SENTENCE)
    following = re.split(r"[\"“”‘’]|''|``", text[end : after_end.start() if after_end else end + 200])[0]  # not into a quotation
    found = _first_cue_after([word.lower() for word in _WORD.findall(following)][:_LOOK])
    if found:
        return found
    if _names_the_future(sentence_before, len(sentence_before) - _LOOK):
        return "future"  # "will be named commander of the ... for a mission in March": the will governs the clause
    return ""


def _names_the_future(words: list[str], end: int) -> bool:
    """Whether a cue of the future ends among words[:end] ("will", "is expected to", ...), one
    that no past auxiliary turns into a future seen from the past ("had been due to")."""
    for index in range(max(0, end)):
        phrase = _future_phrase_ending(words, index)
        if phrase and not _seen_from_the_past(words, index, phrase):
            return True
    return False


def _seen_from_the_past(words: list[str], index: int, phrase: tuple[str, ...]) -> bool:
    """Whether the cue of the future ending at words[index] follows a past auxiliary ("had been
    due to expire Friday"): a future seen from the past, so the day gone."""
    return index - len(phrase) >= 0 and words[index - len(phrase)] in _FUTURE_IN_THE_PAST


def _future_phrase_ending(words: list[str], index: int) -> tuple[str, ...] | None:
    """The cue of the future (as words) that ends at words[index], if one does."""
    phrase = next((phrase for phrase in _FUTURE_PHRASES.get(words[index], ())
                   if tuple(words[max(0, index - len(phrase) + 1) : index + 1]) == phrase), None)
    if phrase == ("next",) and index + 1 < len(words) and words[index + 1] == "to":
        return None  # "next to the embassy": beside it, no time to come
    return phrase


def sentence_start(text: str, start: int) -> int:
    """Where the sentence holding text[start] begins, at most 400 characters back: where no
    boundary comes in them (a run-on list, a text with no full stop), the first whole word in
    them, so that no expression reads the whole text before it. A boundary is read up to a few
    characters past start, as its pattern looks at the capital after it: an expression that
    opens a sentence ("... Feb. 10.''  Earlier Friday, lawyers filed") has its boundary right
    before it."""
    window = max(0, start - _LONGEST_SENTENCE)
    begins = -1
    for boundary in SENTENCE_END.finditer(text, window, min(len(text), start + 8)):
        if boundary.end() <= start:
            begins = boundary.end()
    if begins >= 0:
        return begins
    if window == 0:
        return 0
    space = _SPACE.search(text, window, start)
    return space.end() if space else start


def told_as_over(text: str, start: int, end: int) -> bool:
    """Whether the clause around text[start:end] tells of something over: its tense is the past,
    or a reporting verb comes before it in its sentence ("reported a decline in fourth-quarter
    earnings": what is reported has happened)."""
    sentence_before = _sentence_words_before(text, start)  # found once, for the tense and the reporting verb
    if _tense_of(sentence_before, text, start, end) == "past":
        return True
    return any(word in _REPORTING for word in sentence_before[-_LOOK:])


def _nearest_cue_before(words: list[str], first: int = 0, weekday: bool = False) -> Tense:
    """The cue nearest the end of words, from words[first] on (the word before that is read only as
    the one before a participle: "has extended"). The present progressive, and its reported form,
    is a plan only for a weekday ("is returning home Wednesday", "said he would be leaving on
    Monday"); with a month it tells what goes on ("is continuing under a June agreement")."""
    if words and words[-1] in ("until", "till", "to") and lexicon.DELAY_VERBS & set(words[-5:-1]):
        if words[-1] != "to" or not {"gave", "given", "give", "gives"} & set(words[-5:-1]):
            return "future"  # "postponed until Tuesday", "gave them until mid-November": a later day
    for index in range(len(words) - 1, first - 1, -1):
        phrase = _future_phrase_ending(words, index)
        if phrase:
            return "past" if _seen_from_the_past(words, index, phrase) else "future"
        word = words[index]
        if weekday and word.endswith("ing") and index and (words[index - 1] in _PRESENT_BE
                                                           or words[index - 1] == "be" and index > 1 and words[index - 2] == "would"):
            return "future"  # "is returning home Wednesday", "would be leaving on Monday": a plan for a day at hand
        if weekday and (word in lexicon.SCHEDULE_VERBS or word in lexicon.SCHEDULE_VERBS_PLURAL and index
                        and words[index - 1] not in lexicon.NOT_A_PLURAL_PRESENT):
            return "future"  # "voting begins at 7 a.m. on Sunday", "the two meet Monday": a timetable in the simple present
        if word == "since":
            return "past"  # "since March", "since shortly after the Oct. 23 slaying": what a span runs from is over
        if word in _REPORTING:
            return "past" if index == len(words) - 1 or words[index + 1] in ("on", "in", "at") else ""
        if word in _PAST_AUXILIARIES or _is_past_verb(word, words[index - 1] if index else ""):
            return "past"
    return ""


def _first_cue_after(words: list[str]) -> Tense:
    for index, word in enumerate(words):
        if word in _FUTURE_AUXILIARIES:
            return "future"
        if word in _PAST_AUXILIARIES or word in _REPORTING or _is_past_verb(word, words[index - 1] if index else ""):
            return "past"
    return ""


def _is_past_verb(word: str, previous: str) -> bool:
    if previous in _NOT_PAST_BEFORE:
        return False
    if word in lexicon.IRREGULAR_PAST:
        return True
    if word.startswith("un"):
        return False  # "an undisclosed sum", "an unspecified date": un- participles are adjectives
    return len(word) > 4 and word.endswith("ed") and word not in lexicon.NOT_PAST_IN_ED and previous not in _DETERMINERS
