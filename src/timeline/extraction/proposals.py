"""`timeline extract`: events proposed from a report's raw text, for a person to review
(timeline.extraction.comparison says how they compare with the events curated by hand).

A report is read sentence by sentence (syntok) and clause by clause. Each event word of a
clause (the lexicon of timeline.extraction.event_words, matched on lemmas) is one proposal:
- its kind, the row of the lexicon;
- its actors and their roles: those named before the word are its doers (the guest of a
  visit, the speaker of a statement), those after it the others; known entities and new ones
  (timeline.extraction.names);
- its places: the places named after a preposition of place;
- its date (timeline.extraction.event_dates): the time expression of its own clause, else a
  free one of its sentence; never the date of the reporting ("said on Wednesday"); a sentence
  without one continues the time of the sentence before it in the same paragraph, as news
  tells events in order;
- its status: planned where the verb is governed by "will", "is to", "plans to", "is expected
  to", "is scheduled to" and the like or the date is after the report's, ongoing for "is
  visiting" or "is on a visit", else completed;
- its words: the clause, and a short label that says who did what.
A negated, merely possible or habitual event ("did not meet", "could meet", "usually
declines") is no event. A definite noun that refers back ("the visit", "the talks") adds its
words to the event it refers to, and timeline.extraction.coreference joins the other mentions
of one happening. Nothing here is a fact until a person keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from timeline.extraction.coreference import headline_end, one_per_event
from timeline.extraction.event_dates import (
    CalendarTime, Dated, apply_date, calendar_times, date_for, lasting, nearest, reporting_date, scheduled,
)
from timeline.extraction.event_words import EventWord, find_event_words, lemmas
from timeline.extraction.names import Entity, Mention, NameFinder
from timeline.extraction.records import Evidence, Proposal, Reading, short_label
from timeline.extraction.text_units import Span, Word, clauses, sentences, words
from timeline.model.dates import ImpreciseDate

# "days before the summit": an order between two events, not a date (see date_expressions.order).
ORDER_WORDS = re.compile(r"\b(?:(?:a few|a couple of|several|two|three|four|five|six|\d+) )?days (?:before|after) [^,.;]+", re.IGNORECASE)
# Words before an event word that put it in the future: the auxiliaries and verbs of plans.
_FUTURE = re.compile(
    r"\b(?:will|'ll|’ll|shall|would|is to|are to|was to|were to|is due to|are due to|scheduled to|expected to|set to|plans? to|planning to|"
    r"going to|intends? to|aims? to|hopes? to|wants? to|agreed to|prepares? to|preparing to|upcoming|forthcoming|planned|proposed|"
    r"scheduled|expected|next|ahead of|looking forward to|looks? forward to|to (?:hold|attend|visit|meet|sign|launch|begin|start|host|stage|conduct|make|open))\b[^.;]*$",
    re.IGNORECASE)
_ONGOING = re.compile(r"\b(?:is|are)\s+(?:\w+\s+)?(?:on|visiting|holding|touring|attending)\b(?![^.;]*\b(?:since|after|before|being|when|following)\b)"
                      r"[^.;]*$|\b(?:continues?|continuing)\b[^.;]*$", re.IGNORECASE)
# Words that deny or only suppose an event: a timeline records what happened or is planned.
# What happens as a rule is no event: "membership usually declines".
_HABITUAL_WORDS = r"usually|often|generally|typically|normally|tends? to"
_HABITUAL = re.compile(rf"\b(?:{_HABITUAL_WORDS})\b", re.IGNORECASE)  # told after the word it is about
_NOT_ASSERTED = re.compile(r"\b(?:not|n't|n’t|never|no|without|if|unless|could|might|may|whether|yet to|failed to|refused to|"
                           r"denied|rumou?red|possible|possibility|would be|about to|should|have to|has to|need to|must|"
                           rf"{_HABITUAL_WORDS})\b(?![-‑])", re.IGNORECASE)
_BACK_REFERENCE = re.compile(r"(?:\b(?:the|this|that|these|those|his|her|their|its|my|our|your|such)|\w['’]s)\s+(?:[\w-]+\s+){0,2}$",
                             re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(r"^\W*(?:He|She|They|It|The (?:two )?(?:leaders?|president|prime minister|minister|presidents|men|women|"
                              r"group|government|company))\b")
# "the first Foreign Secretary to visit Peru in 50 years": a description of a person, no event.
_FIRST_TO = re.compile(r"\b(?:first|last|only)\s+(?:[\w-]+\s+){1,4}to\s+$", re.IGNORECASE)
_PREPOSITIONS = {"of", "for", "in", "about", "by", "from", "without", "on", "at"}
_BEGUN = re.compile(r"\b(?:began|begun|begins|started|starts|opened|opens|kicked off|embarked on|embarks on)\b", re.IGNORECASE)
_NO_SUBJECT = re.compile(r"\s*(?:will|would|has|have|had|is|are|was|were|can|could|must|shall)\b", re.IGNORECASE)
_PLACE_WORDS = {"in", "to", "at", "from", "near", "into", "across", "outside", "inside", "throughout", "toward", "towards"}


def propose(
    text: str, reference: date | None, known: Iterable[Entity],
    related: Callable[[str, str], bool] = lambda one, other: one == other, taken_ids: Iterable[str] = (),
) -> Reading:
    """Proposals for a text. `known` are the entities of the knowledge base; `related` says
    whether two kinds can be one event (one a subclass of the other)."""
    finder = NameFinder(list(known), text, taken_ids)
    finder.read_people(text)
    times = calendar_times(text, reference)
    proposals: list[Proposal] = []
    previous: tuple[int, Dated] | None = None  # the last date told, and its paragraph
    subject: list[str] = []  # the actors the last sentence was about, for "he", "they"
    for number, sentence in enumerate(sentences(text)):
        if previous is not None and previous[0] != sentence.paragraph:
            previous = None
        sentence_times = [t for t in times if sentence.start <= t.start < sentence.end]
        sentence_mentions = finder.mentions(text, sentence.start, sentence.end, opening=number == 0)
        read_clauses = []
        for clause in clauses(text, sentence):
            clause_words = words(text, clause.start, clause.end)
            inside_times = {i for i, word in enumerate(clause_words) if any(t.start <= word.start < t.end for t in sentence_times)}
            mentions = [m for m in sentence_mentions if clause.start <= m.start < clause.end]
            named = {i for i, word in enumerate(clause_words) if any(m.start <= word.start < m.end for m in mentions)}
            read_clauses.append((clause, clause_words, mentions, _governed(find_event_words(clause_words, inside_times | named), clause_words)))
        # A date in a clause with an event of its own is that clause's; only the others' serve the sentence.
        free_times = [t for t in sentence_times if not any(c.start <= t.start < c.end and events for c, _, _, events in read_clauses)]
        for clause, clause_words, mentions, clause_events in read_clauses:
            seen: dict[str, int] = {}  # kind -> where its last word of this clause ends
            usable_times = [t for t in sentence_times if clause.start <= t.start < clause.end] + free_times
            for event_word in clause_events:
                first, last = clause_words[event_word.first], clause_words[event_word.last]
                if event_word.kind in seen and not any(seen[event_word.kind] <= m.start < first.start for m in mentions):
                    continue  # "trade hit ..., imports ... exports": more words for the one event
                seen[event_word.kind] = last.end
                before = text[clause.start : first.start]
                if (_NOT_ASSERTED.search(_last_words(before, 5)) or _FIRST_TO.search(before)
                        or _HABITUAL.search(" ".join(text[last.end : clause.end].split()[:4]))):
                    continue
                if first.text.lower().endswith("ing") and _last_words(before, 1).lower() in _PREPOSITIONS:
                    continue  # "in charge of deciding": an activity named, not an event
                future = bool(_FUTURE.search(before))
                dated = date_for(text, first, clause, usable_times, reference if future else None)
                # A date of the clause is this word's own when no other event word of the clause is nearer to it.
                own_date = any(clause.start <= time.start < clause.end and nearest(time, first, clause_events, clause_words)
                               for time in sentence_times)
                owner = _possessor(mentions, first, text)
                if not own_date and _refers_back(before) and _merge_into_earlier(
                        proposals, event_word.kind, related, text, clause, future, owner.entity.id if owner else None):
                    continue
                proposal = Proposal(event_word.kind, "", clause.start, clause.end, word=text[first.start : last.end])
                _quote(proposal, text, clause)
                _roles_and_places(proposal, event_word, first, mentions, sentence_mentions, subject, text, clause)
                if (dated is None and previous is not None and not future
                        and (reference is None or ImpreciseDate.parse(previous[1].begin).earliest <= reference)):
                    dated = previous[1]
                    proposal.reasons.append("no date in its sentence: the date of the sentence before it in the paragraph")
                if dated is not None:
                    verb = event_word.first == event_word.last and bool(lemmas(first.text) & set(event_word.entry.verbs))
                    apply_date(proposal, scheduled(dated, first, reference) if verb and not future else dated)
                    lasting(proposal, text[clause.start : first.start])
                _status(proposal, before, future, reference)
                ordered = ORDER_WORDS.search(text, sentence.start, sentence.end)
                if ordered:
                    proposal.order_words = ordered.group(0)
                    proposal.reasons.append(f"{ordered.group(0)!r} orders it relative to another event")
                proposal.label = _label(proposal, text, clause, first, mentions, sentence_times, finder)
                proposal.reasons.insert(0, f"event word {proposal.word!r} ({event_word.entry.reason})")
                proposal.confidence = _confidence(proposal)
                proposals.append(proposal)
        if not any(p.start >= sentence.start and related(p.kind, "Statement") for p in proposals):
            quoted = (_quoted_statement(text, sentence, sentence_mentions, subject, finder)
                      or _reported_commitment(text, sentence, sentence_mentions))
            if quoted is not None:
                _date_quoted(quoted, text, sentence, sentence_times, previous)
                proposals.append(quoted)
        own = [t for t in sentence_times if not reporting_date(text, t.start, t.end)]
        if own:
            previous = (sentence.paragraph, own[-1].dated)
        actors = [m.entity.id for m in sentence_mentions if m.entity.is_actor]
        if actors:
            subject = actors[:1] if not _PRONOUN_SUBJECT.match(text[sentence.start : sentence.end]) else subject
    proposals = one_per_event(proposals, related, headline_end(text), reference)
    used = {actor for proposal in proposals for actor in (*proposal.actors, *proposal.places)}
    return Reading(proposals, [entity for entity in finder.new_entities() if entity.id in used])


_QUOTATION = re.compile(r"[“\"]([^”\"]+)[”\"]")
_SPEECH_VERB = re.compile(r"\b(?:said|says|told|added|stressed|insisted|declared|wrote|asserted|emphasi[sz]ed|explained|remarked)\b")


def _quoted_statement(text: str, sentence: Span, mentions: Sequence[Mention], subject: list[str], finder: NameFinder) -> Proposal | None:
    """A leader's own words quoted and attributed ("“...,” Xi said") are a statement: the
    report gives them verbatim because the words themselves are the news. A paraphrase ("Xi said
    China would ...") is the report's attribution of what follows, not an event of its own."""
    body = text[sentence.start : sentence.end]
    quotation = max(_QUOTATION.finditer(body), key=lambda found: len(found.group(1)), default=None)
    if quotation is None or len(quotation.group(1).split()) < 4:
        return None
    outside = body[: quotation.start()] + " " * len(quotation.group(0)) + body[quotation.end() :]
    verb = _SPEECH_VERB.search(outside)
    if verb is None:
        return None
    speakers = [m for m in mentions if m.entity.kind == "person" and not quotation.start() <= m.start - sentence.start < quotation.end()]
    speaker = min(speakers, key=lambda m: abs(m.start - sentence.start - verb.start())).entity if speakers else None
    if speaker is None and subject and re.search(r"\b(?:he|she)\s*$|^\s*(?:he|she)\b", outside[max(0, verb.start() - 6) : verb.start()]
                                                 + outside[verb.end() : verb.end() + 5], re.IGNORECASE):
        speaker = finder.entity(subject[0])  # "..., he said": the person the report is about
    if speaker is None:
        return None
    proposal = Proposal("Statement", "", 0, 0, word=verb.group(0), roles={"speaker": [speaker.id]})
    _quote(proposal, text, sentence)
    proposal.reasons.append(f"event word {verb.group(0)!r} (a quotation attributed to its speaker: the words are the news)")
    proposal.label = short_label(f"{speaker.label}: “{quotation.group(1).strip(' ,.')}”")
    return proposal


# The subject of the commitment is the speaker, a pronoun or a name (a country, a government):
# "the new policy would not be fairer" is an opinion, not a commitment.
_COMMITMENT = re.compile(r"\b(?:said|says|told \w+|added|stressed)\s+(?:that\s+)?(?:he|she|they|we|it|[A-Z][\w’'-]+)\s+(?:also\s+)?"
                         r"(?:would|will)\s+(?:not\s+)?(?!be\b|necessarily\b)(?:\w+)")


def _reported_commitment(text: str, sentence: Span, mentions: Sequence[Mention]) -> Proposal | None:
    """"Xi said China would do more to control ...": a speaker saying what they or theirs
    will do is a commitment (a commissive speech act), the news even when reported indirectly."""
    body = text[sentence.start : sentence.end]
    found = _COMMITMENT.search(body)
    if found is None:
        return None
    speakers = [m for m in mentions if m.entity.kind == "person" and m.start - sentence.start < found.start()]
    if not speakers:
        return None
    proposal = Proposal("Pledge", "", 0, 0, word=found.group(0).split()[0], roles={"speaker": [speakers[-1].entity.id]})
    _quote(proposal, text, Span(speakers[-1].start, sentence.end))
    proposal.reasons.append(f"event word {proposal.word!r} (a speaker saying what they will do: a commitment)")
    proposal.label = short_label(f"{speakers[-1].entity.label}: {body[found.end() - len(found.group(0).split()[-1]) :]}".rstrip(". "))
    return proposal


def _date_quoted(proposal: Proposal, text: str, sentence: Span, times: Sequence[CalendarTime], previous: tuple[int, Dated] | None) -> None:
    """A quotation is dated by the time its attribution gives ("said on Wednesday"), else by
    the time of the sentence before it."""
    reporting = [time for time in times if reporting_date(text, time.start, time.end)]
    dated = reporting[0].dated if reporting else previous[1] if previous is not None else None
    if dated is not None:
        apply_date(proposal, dated)
    proposal.confidence = "medium" if dated is not None else "low"


# Performative verbs, whose saying brings about the event they govern ("declared a state of
# emergency", "imposed a curfew"), and light verbs, whose object carries the event ("launched an
# offensive", "held talks", "staged a protest"). The event is what they govern.
_GOVERNING = {"declare", "proclaim", "impose", "order", "launch", "hold", "stage", "conduct", "begin", "start", "resume"}


def _governed(found: list[EventWord], clause_words: Sequence[Word]) -> list[EventWord]:
    """The event words of a clause, less a performative verb whose object is another event word
    within four words of it: declaring a state of emergency is the declaration."""
    kept = []
    for index, event_word in enumerate(found):
        following = found[index + 1] if index + 1 < len(found) else None
        word = clause_words[event_word.first].text
        if (following is not None and following.first - event_word.last <= 4 and event_word.first == event_word.last
                and lemmas(word) & _GOVERNING):
            continue
        kept.append(event_word)
    return kept


# -- status ----------------------------------------------------------------------------------


def _status(proposal: Proposal, before: str, future: bool, reference: date | None) -> None:
    """Planned, ongoing or completed, from the clause up to the event word (`future`: it holds
    a cue of the future, which governs what follows it in its clause) and from the date."""
    if future:
        proposal.status = "planned"
        proposal.reasons.append("planned: " + repr(_FUTURE.search(before).group(0).split()[0]))  # type: ignore[union-attr]
    elif (_ONGOING.search(before) or re.match(r"\w+ing\b", proposal.word) and re.search(r"\b(?:is|are)\s*$", before)
          or _BEGUN.search(_last_words(before, 4))):
        proposal.status = "ongoing"  # "is visiting", "is on a visit", "began a visit" (and has not ended)
    if reference is not None and proposal.begin:
        begins = ImpreciseDate.parse(proposal.begin)
        if begins.earliest > reference:
            proposal.status = "planned"
        elif proposal.status == "planned" and begins.latest == reference:
            proposal.status = "ongoing"  # planned for the report's own day: under way as of it
        elif proposal.status == "planned" and begins.latest < reference:
            proposal.status = "completed"  # "plans to" with a date before the report: it was the plan then


def _last_words(text: str, count: int) -> str:
    return " ".join(text.split()[-count:])


# -- actors, places, words -------------------------------------------------------------------


def _roles_and_places(
    proposal: Proposal, event_word: EventWord, first: Word, mentions: Sequence[Mention], sentence_mentions: Sequence[Mention],
    subject: list[str], text: str, clause: Span,
) -> None:
    entry = event_word.entry
    # "Putin's state visit": the possessor of an event noun is its doer, whoever else the
    # clause names before it.
    owner = _possessor(mentions, first, text)
    for mention in mentions:
        entity = mention.entity
        preposition = [word for word in text[max(clause.start, mention.start - 16) : mention.start].split() if word.lower() != "the"][-1:]
        if preposition and preposition[0].lower() == "of" and entity.kind == "country":
            continue  # "the president of Russia": the country names an office or a thing, it does not act
        if entity.is_place and preposition and preposition[0].lower() in _PLACE_WORDS:
            if entity.id not in proposal.places:
                proposal.places.append(entity.id)
            continue
        if not entity.is_actor:
            continue
        if owner is not None and mention.start < first.start and mention is not owner:
            continue
        role = entry.agent if mention.start < first.start else entry.other
        if entity.id not in proposal.roles.get(role, []):
            proposal.roles.setdefault(role, []).append(entity.id)
    if _NO_SUBJECT.match(text[clause.start : first.start]):
        # "Putin, who has met Xi ..., will attend": a clause that opens with its verb has the
        # sentence's subject, named before it.
        before = [m for m in sentence_mentions if m.start < clause.start and m.entity.is_actor]
        if before:
            proposal.roles = {entry.agent: [before[0].entity.id]}
    if not proposal.roles:
        # No actor in the clause: the one the sentence is about, else the subject carried on
        # from the sentence before ("He", "They").
        others = [m.entity.id for m in sentence_mentions if m.entity.is_actor and m.entity.id not in proposal.places]
        chosen = others[:1] or subject[:1]
        if chosen:
            proposal.roles[entry.agent] = chosen
            proposal.reasons.append("its actor from " + ("the sentence" if others else "the sentence before (he, she, they)"))
    if proposal.roles and entry.agent == "speaker" and "speaker" not in proposal.roles:
        role, actors = next(iter(proposal.roles.items()))
        proposal.roles = {"speaker": actors[:1], **({role: actors[1:]} if actors[1:] else {})}


def _possessor(mentions: Sequence[Mention], word: Word, text: str) -> Mention | None:
    """The one named in the possessive just before an event word: "Putin's state visit"."""
    return next((m for m in reversed(mentions) if m.end <= word.start and re.match(r"['’]s\b", text[m.end : m.end + 2])
                 and len(text[m.end : word.start].split()) <= 3), None)


def _quote(proposal: Proposal, text: str, clause: Span) -> None:
    proposal.quote, proposal.start, proposal.end = _evidence(text, clause)


def _evidence(text: str, clause: Span) -> tuple[str, int, int]:
    """A clause as a quote: without the spaces, quotation marks and punctuation at its edges."""
    start, end = clause.start, clause.end
    while start < end and (text[start].isspace() or text[start] in "“”\"'‘’,(—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "“”\"'‘’,;:(—–-"):
        end -= 1
    return text[start:end], start, end


def _refers_back(before: str) -> bool:
    return bool(_BACK_REFERENCE.search(before))


def _merge_into_earlier(
    proposals: list[Proposal], kind: str, related: Callable[[str, str], bool], text: str, clause: Span, future: bool,
    possessor: str | None = None,
) -> bool:
    """"the visit", "Morsi's first state visit": the words join the latest event of a related
    kind told before, in the same tense, and, for a named possessor, one that is theirs."""
    for earlier in reversed(proposals):
        if possessor is not None and possessor not in earlier.actors:
            continue
        if related(earlier.kind, kind) and not (earlier.status == "completed" and future) and not (earlier.status == "planned" and not future):
            earlier.more_evidence.append(Evidence(*_evidence(text, clause)))
            return True
    return False


def _label(
    proposal: Proposal, text: str, clause: Span, first: Word, mentions: Sequence[Mention], times: Sequence[CalendarTime],
    finder: NameFinder,
) -> str:
    """A short label that says who did what: the clause from its doer's name on, without its
    date words, with the doer's name put first where the clause does not give it."""
    doers = [m for m in mentions if m.start < first.start and m.entity.is_actor]
    if doers and len(text[doers[0].end : first.start].split()) > 6:
        doers = []  # the doer is far from this event word: start at the word, the doer's name put first
    start = doers[0].start if doers else first.start
    end = clause.end
    parts, cursor = [], start
    for time in times:
        if start <= time.start < end:
            parts.append(text[cursor : time.start])
            cursor = time.end
    parts.append(text[cursor:end])
    words_only = re.sub(r"\s+(?:on|in|at|since|by|from|until|last|this|next)\s*(?=[,.;]|$)", "", " ".join("".join(parts).split()))
    words_only = re.sub(r"\s+(?:on|in|at)\s+(?=,)", " ", words_only).strip(" ,;:“”\"'‘’—–-.")
    words_only = re.sub(r"^(?:And|But|Meanwhile|However|Also|Then|So)\s*,?\s*", "", words_only)
    words_only = re.sub(r"^(?:before|after|when|while|since|as|although|though|because|whereas)\s+(?:the\s+)?", "", words_only, flags=re.IGNORECASE)
    if doers:
        name = text[doers[0].start : doers[0].end]
        words_only = re.sub(rf"^({re.escape(name)}),\s+", r"\1 ", words_only)  # "Mohamed Morsi, began": the apposition's comma
    carried = any("its actor from" in reason for reason in proposal.reasons)
    if not doers and proposal.roles and not carried:
        doer_id = next(iter(proposal.roles.values()))[0]
        doer = finder.entity(doer_id)
        if doer is not None and doer.label.lower() not in words_only.lower():
            words_only = f"{doer.label}: {words_only}"
    return short_label(words_only[:1].upper() + words_only[1:])


def _confidence(proposal: Proposal) -> str:
    """High with a date and an actor from its own sentence; medium with one of them; low with
    neither, or with what was carried over from the sentence before."""
    carried = any("sentence before" in reason for reason in proposal.reasons)
    score = bool(proposal.begin) + bool(proposal.roles) - carried
    return {2: "high", 1: "medium"}.get(score, "low")
