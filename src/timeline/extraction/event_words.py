"""The words that tell an event in news, by kind: a lexicon of verbs, nouns and phrases,
matched on their lemmas (lemminflect), so that "signed", "signs" and "signing" are one word.

Each row is one kind of the ontology (`timeline docs` lists them with their CAMEO codes and
Wikidata classes), the words news reports tell it with, the roles of the actors named before
and after the word, and a line on why. A newcomer adds a word to a row, or a row.

What is deliberately not here: the reporting verbs ("said", "told", "added", "according to").
News attributes nearly every sentence to somebody; the attribution is not the event. A
statement is an event when its verb says what kind of speech act it was ("condemned",
"urged", "pledged", "announced") or the report names it ("in a statement", "a news conference").

After a change to the lexicon, write its table of word forms anew:
    python -m timeline.extraction.event_words
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from functools import lru_cache
from pathlib import Path

from timeline.extraction.text_units import Word, inflections


@dataclass(frozen=True)
class EventWords:
    kind: str
    reason: str
    verbs: tuple[str, ...] = ()  # lemmas
    nouns: tuple[str, ...] = ()  # lemmas
    phrases: tuple[str, ...] = ()  # lemmas of each word, in order ("swear in", "martial law")
    needs: tuple[str, ...] = ()  # the word counts only with one of these lemmas in its clause
    agent: str = "participant"  # the role of the actors named before the word
    other: str = "participant"  # the role of those named after it


LEXICON: tuple[EventWords, ...] = (
    EventWords("StateVisit", "a visit a report calls a state visit is one", phrases=("state visit",), agent="guest", other="host"),
    EventWords("DiplomaticTour", "a tour of a region or of several countries", nouns=("tour",),
               needs=("european", "asian", "african", "regional", "foreign", "overseas", "world", "gulf", "latin", "nation", "country",
                      "countries", "nations", "region", "continent"), agent="guest", other="host"),
    EventWords("Visit", "leaders' travel is told with visit, trip, travel and arrive",
               verbs=("visit", "travel", "arrive", "fly", "tour"), nouns=("visit", "trip", "tour", "mission"),
               phrases=("official visit", "working visit", "trade mission"), agent="guest", other="host"),
    EventWords("WelcomeCeremony", "a host welcomes or greets a guest", phrases=("welcome ceremony",),
               verbs=("welcome", "greet"), agent="host", other="guest"),
    EventWords("Summit", "a meeting of leaders is a summit", nouns=("summit",)),
    EventWords("PhoneCall", "leaders also meet by telephone or video", phrases=("phone call", "telephone call", "telephone conversation",
               "phone conversation", "video call", "speak by phone", "speak by telephone", "via videoconference")),
    EventWords("BilateralTalks", "talks and negotiations are told with these nouns", nouns=("talks", "negotiation"),
               verbs=("negotiate",), phrases=("hold talk",)),
    EventWords("Meeting", "people meeting in person", verbs=("meet", "host"), nouns=("meeting",)),
    EventWords("Forum", "conferences and forums", nouns=("forum", "conference", "congress"),
               needs=(), agent="attendee", other="attendee"),
    EventWords("TradeFair", "fairs and expos", nouns=("expo", "fair", "exhibition"), agent="attendee", other="attendee"),
    EventWords("Agreement", "agreements are signed, reached, concluded or struck",
               verbs=("sign", "ink", "ratify"), nouns=("agreement", "deal", "treaty", "accord", "memorandum", "pact", "mou"),
               needs=("sign", "reach", "conclude", "strike", "ink", "seal", "agree", "ratify", "announce", "agreement", "deal", "treaty",
                      "accord", "memorandum", "pact"), agent="party", other="party"),
    EventWords("PartnershipAgreement", "a partnership is forged, signed or declared", phrases=("partnership",),
               needs=("forge", "sign", "declare", "agree", "establish", "launch"), agent="party", other="party"),
    EventWords("Sanctions", "sanctions, embargoes and boycotts are imposed, extended or lifted",
               nouns=("sanction", "embargo", "boycott"), verbs=("sanction",), agent="aggressor", other="target"),
    EventWords("Ceasefire", "a truce or ceasefire is declared or agreed", nouns=("ceasefire", "truce", "cease-fire", "armistice")),
    EventWords("Referendum", "a question put to the voters", nouns=("referendum", "plebiscite")),
    EventWords("Election", "elections are held, won and lost", nouns=("election", "poll", "runoff", "run-off", "by-election"),
               verbs=("elect", "re-elect"), agent="subject", other="subject"),
    EventWords("Impeachment", "an office holder is impeached", verbs=("impeach",), nouns=("impeachment",), agent="participant", other="subject"),
    EventWords("Vote", "a body decides by a vote (the votes of an election are the election's)", verbs=("vote",), nouns=("vote", "ballot"),
               needs=("parliament", "assembly", "senate", "house", "council", "congress", "lawmaker", "legislator", "member", "committee",
                      "court", "board", "cabinet", "shareholder", "mp", "deputy", "senator")),
    EventWords("Inauguration", "an office holder is sworn in or takes office",
               nouns=("inauguration",), verbs=("inaugurate",), phrases=("swear in", "take office", "take the oath", "sworn in"),
               agent="subject", other="subject"),
    EventWords("Resignation", "an office holder resigns or steps down", verbs=("resign", "quit"), nouns=("resignation",),
               phrases=("step down",), agent="subject", other="subject"),
    EventWords("Appointment", "a person is appointed, named or nominated", verbs=("appoint", "nominate"),
               nouns=("appointment", "nomination"), agent="participant", other="subject"),
    EventWords("GovernmentReshuffle", "a government or cabinet reshuffled", verbs=("reshuffle",), nouns=("reshuffle",), agent="subject", other="subject"),
    EventWords("DeclarationOfEmergency", "a state of emergency, martial law or a curfew is declared or lifted",
               phrases=("martial law", "state of emergency", "emergency powers"), nouns=("curfew",), agent="participant", other="subject"),
    EventWords("Decision", "a body decides, approves, adopts, enacts, bans or vetoes",
               verbs=("approve", "adopt", "veto", "enact", "decide", "ban", "legalise", "legalize"), nouns=("decision", "approval"),
               agent="participant", other="subject"),
    EventWords("Decision", "a law, a regulation or a plan passed, introduced or announced",
               nouns=("regulation", "legislation", "law", "bill", "resolution", "policy", "guideline"),
               needs=("approve", "adopt", "pass", "veto", "enact", "introduce", "new"),
               agent="participant", other="subject"),
    EventWords("CourtRuling", "a court rules, convicts, sentences or gives an opinion",
               verbs=("rule", "convict", "sentence", "acquit", "overturn"),
               nouns=("ruling", "verdict", "judgment", "judgement", "sentence", "conviction", "acquittal"),
               phrases=("advisory opinion",), needs=("court", "judge", "tribunal", "jury", "icj", "ruling", "verdict",
                                                      "judgment", "judgement", "convict", "sentence", "acquit", "opinion"),
               agent="participant", other="subject"),
    EventWords("Arrest", "people are arrested, detained or charged", verbs=("arrest", "detain", "charge", "indict"),
               nouns=("arrest", "detention", "indictment"), agent="aggressor", other="target"),
    EventWords("MilitaryInvasion", "a state invades another", verbs=("invade",), nouns=("invasion",), agent="aggressor", other="target"),
    EventWords("Attack", "violence against people or property",
               verbs=("attack", "bomb", "shoot", "ambush", "raid", "shell", "storm", "assault", "stab"),
               phrases=("military operation", "ground operation", "air strike"),
               nouns=("attack", "airstrike", "offensive", "bombing", "shooting", "raid", "ambush", "assault", "strike", "shelling",
                      "explosion", "blast"),
               agent="aggressor", other="target"),
    EventWords("Clash", "two sides fighting", verbs=("clash", "fight"), nouns=("clash", "fighting", "battle", "skirmish", "firefight"),
               needs=()),
    EventWords("War", "a war over a period", nouns=("war",)),
    EventWords("Killing", "people are killed", verbs=("kill", "murder", "assassinate", "execute"),
               nouns=("killing", "murder", "assassination", "execution", "massacre"), agent="aggressor", other="target"),
    EventWords("Riot", "a violent protest", nouns=("riot", "unrest"), verbs=("riot",)),
    EventWords("Strike", "workers refuse to work", nouns=("walkout",), phrases=("go on strike", "general strike", "hunger strike"),
               verbs=("strike",), needs=("worker", "union", "staff", "employee", "doctor", "teacher", "nurse", "driver", "miner",
                                         "walkout", "general", "hunger")),
    EventWords("Protest", "people demonstrating, rallying or marching",
               verbs=("protest", "demonstrate", "rally", "march"), nouns=("protest", "demonstration", "rally", "march", "sit-in",
                                                                              "demonstrator", "protester", "protestor")),
    EventWords("PressConference", "a report names the news conference", phrases=("news conference", "press conference",
                                                                                   "press briefing"), agent="speaker", other="subject"),
    EventWords("Announcement", "something made known in public", verbs=("announce", "unveil", "launch", "declare", "proclaim"),
               nouns=("announcement", "declaration"), agent="speaker", other="subject"),
    EventWords("Criticism", "a speaker criticises, condemns or accuses",
               verbs=("condemn", "denounce", "criticise", "criticize", "accuse", "blame", "slam", "deplore", "decry", "reject",
                      "complain"),
               phrases=("object to",),
               nouns=("condemnation", "criticism"), agent="speaker", other="subject"),
    EventWords("Appeal", "a speaker calls on or urges others", verbs=("urge", "appeal", "demand"),
               phrases=("call for", "call on", "call upon"), agent="speaker", other="subject"),
    EventWords("Threat", "a speaker threatens another (a warning of a danger is a statement, not a threat)", verbs=("threaten",),
               agent="speaker", other="subject"),
    EventWords("Threat", "a threat or warning somebody issues (not a danger: \"the threat of a nuclear Iran\")",
               nouns=("threat", "warning", "ultimatum"), needs=("issue", "make", "deliver", "repeat", "send", "give", "renew"),
               agent="speaker", other="subject"),
    EventWords("Pledge", "a speaker commits to act", verbs=("pledge", "promise", "vow"), nouns=("pledge", "promise"),
               agent="speaker", other="subject"),
    EventWords("Interview", "a speaker interviewed for publication", nouns=("interview",), agent="interviewee", other="interviewer"),
    EventWords("Statement", "a statement, speech or remarks the report names, or praise (CAMEO 051)",
               nouns=("statement", "speech", "remarks", "communique", "communiqué"),
               needs=("issue", "deliver", "give", "make", "publish", "release", "joint", "opening", "closing", "televised",
                      "written", "statement", "speech", "remarks"),
               agent="speaker", other="subject"),
    EventWords("Statement", "condolences and sympathy sent, offered or expressed (CAMEO 018)", nouns=("condolence", "condolences", "sympathy"),
               needs=("send", "offer", "express", "convey", "extend"), agent="speaker", other="subject"),
    EventWords("Statement", "praise (CAMEO 051): the speech act is the event",
               verbs=("laud", "praise", "hail", "congratulate", "thank", "commend"), agent="speaker", other="subject"),
    EventWords("Publication", "a report, study or figures published", verbs=("publish",),
               nouns=("report", "study", "survey", "publication"), needs=("publish", "release", "new", "latest", "issue", "annual"),
               agent="participant", other="subject"),
    EventWords("Publication", "results, figures or data released", verbs=("release", "publish"),
               needs=("result", "figure", "data", "statistic", "finding", "report", "study", "survey", "estimate"),
               agent="participant", other="subject"),
    EventWords("TradeVolume", "trade, exports and imports rise, fall and reach a figure",
               nouns=("trade", "export", "exports", "import", "imports"),
               needs=("rise", "fall", "grow", "drop", "decline", "increase", "jump", "surge", "hit", "reach", "climb", "slump",
                      "shrink", "record", "total", "double", "decrease", "plunge", "soar"),
               agent="party", other="party"),
    EventWords("StatisticalObservation", "an economic or social figure rises, falls or reaches a level",
               nouns=("gdp", "economy", "inflation", "unemployment", "output", "growth", "deficit", "surplus", "price", "production",
                      "investment", "revenue", "sales", "membership", "number", "population"),
               needs=("rise", "fall", "grow", "drop", "decline", "increase", "jump", "surge", "hit", "reach", "climb", "slump",
                      "shrink", "contract", "expand", "double", "decrease", "plunge", "soar"),
               agent="subject", other="subject"),
    EventWords("NaturalDisaster", "earthquakes, storms, floods and fires strike",
               nouns=("earthquake", "quake", "flood", "flooding", "hurricane", "typhoon", "cyclone", "tornado", "storm", "wildfire",
                      "bushfire", "tsunami", "eruption", "landslide", "mudslide", "avalanche", "drought", "heatwave", "aftershock"),
               verbs=("erupt",), agent="subject", other="subject"),
    EventWords("Accident", "crashes, collapses and derailments", nouns=("crash", "collision", "derailment", "collapse", "sinking"),
               verbs=("crash", "derail", "capsize", "collapse"), agent="subject", other="subject"),
    EventWords("Death", "a person dies", verbs=("die",), nouns=("death", "funeral"), agent="subject", other="subject"),
)

_VERBAL = {"call", "speak", "hold", "take", "step", "swear", "go", "object"}  # phrases that start with a verb
NEAR = 6  # words either side of an event word where the words it needs are looked for
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my", "your", "whose"}

# Phrases whose words name no event although one of them is an event word: "riot police" are
# police, "the battle against inflation" a campaign, a "trade mission" (of businesses) aside.
NOT_EVENTS: tuple[str, ...] = ("riot police", "riot gear", "riot squad", "state radio", "state media", "election campaign",
                               "war crime", "war crimes", "peace process", "visiting professor", "press secretary",
                               "press office", "attack helicopter", "attack helicopters", "in charge", "thanks to", "thanks in part to",
                               "warns that", "warned that", "warn that", "warning that", "death toll", "election results",
                               "election committee", "election commission", "election campaign", "election officials",
                               "election law")
# Named gatherings keep their capitals ("the Russia-China Expo", "the G20 summit"); a capitalised
# event word of another kind inside a sentence is part of a name ("the Battle of Armageddon",
# "the Christian Identity Movement"), not an event.
NAMED_KINDS = {"Forum", "TradeFair", "Summit", "Election", "Referendum", "NaturalDisaster"}  # and storms: "Hurricane Irma"


@dataclass(frozen=True)
class EventWord:
    """One event word found in a text: its kind, its first and last word."""

    entry: EventWords
    first: int  # index of its first word in the clause's words
    last: int  # index of its last word

    @property
    def kind(self) -> str:
        return self.entry.kind


def _compile() -> tuple[dict[str, list[EventWords]], list[tuple[tuple[str, ...], EventWords]]]:
    single: dict[str, list[EventWords]] = {}
    phrases: list[tuple[tuple[str, ...], EventWords]] = []
    for row in LEXICON:
        for lemma in (*row.verbs, *row.nouns):
            if " " in lemma:
                phrases.append((tuple(lemma.split()), row))
            else:
                single.setdefault(lemma, []).append(row)
        for phrase in row.phrases:
            phrases.append((tuple(phrase.split()), row))
    phrases.sort(key=lambda item: -len(item[0]))
    return single, phrases


_SINGLE, _PHRASES = _compile()


WORD_FORMS = Path(__file__).with_name("word_forms.json")


def word_forms_table() -> dict[str, list[str]]:
    """Each form of each word of the lexicon -> the lemmas it can be a form of, each marked as
    a noun's or a verb's ("struck" -> "strike/VERB", "talks" -> "talk/NOUN", "talk/VERB"), as
    lemminflect inflects them. Kept in word_forms.json beside this module (a test holds the two
    equal), as inflecting some 400 words takes a second at every start."""
    table: dict[str, set[str]] = {}
    for row in LEXICON:
        for upos, words in (("VERB", (*row.verbs, *row.needs)), ("NOUN", (*row.nouns, *row.needs)), ("ANY", row.phrases)):
            for word in words:
                for lemma in word.split():
                    for part_of_speech in (("VERB", "NOUN") if upos == "ANY" else (upos,)):
                        for form in inflections(lemma, part_of_speech):
                            table.setdefault(form, set()).add(f"{lemma}/{part_of_speech}")
    return {form: sorted(found) for form, found in sorted(table.items())}


@lru_cache(maxsize=1)
def _forms() -> dict[str, frozenset[str]]:
    import json

    return {form: frozenset(found) for form, found in json.loads(WORD_FORMS.read_text(encoding="utf-8")).items()}


def _tagged(word: str) -> frozenset[str]:
    lower = word.lower().replace("’", "'")
    return _forms().get(lower, frozenset())


def verb_lemmas(word: str) -> set[str]:
    """The lexicon's verbs a word can be a form of: "struck" -> strike."""
    return {tag[:-5] for tag in _tagged(word) if tag.endswith("/VERB")}


def noun_lemmas(word: str) -> set[str]:
    """The lexicon's nouns a word can be a form of: "talks" -> talk (and talks, as written)."""
    return {tag[:-5] for tag in _tagged(word) if tag.endswith("/NOUN")} | {word.lower()}


def lemmas(word: str) -> frozenset[str]:
    """The lexicon's lemmas a word of a text can be a form of, as a noun or a verb, and the word itself."""
    lower = word.lower().replace("’", "'")
    return frozenset(tag.rsplit("/", 1)[0] for tag in _tagged(lower)) | {lower}


def find_event_words(clause: Sequence[Word], skip: set[int] | None = None) -> list[EventWord]:
    """The event words of a clause, longest phrase first, one kind per word: a phrase claims
    its words, and a word that could be two kinds is the first row's (the more specific)."""
    skip = skip or set()
    clause_lemmas = [lemmas(word.text) for word in clause]

    def near(first: int, last: int) -> set[str]:
        """The lemmas of the words around an event word: a word it needs governs it or
        modifies it, and so stands within a few words of it."""
        return set().union(*clause_lemmas[max(0, first - NEAR) : last + NEAR + 1])

    taken: set[int] = set(skip)
    lowered = [word.lower for word in clause]
    for phrase in NOT_EVENTS:
        parts = phrase.split()
        for index in range(len(clause) - len(parts) + 1):
            if lowered[index : index + len(parts)] == parts:
                taken.update(range(index, index + len(parts)))
    title_case = sum(word.text[:1].isupper() for word in clause) > len(clause) / 2
    found: list[EventWord] = []
    for words, row in _PHRASES:
        size = len(words)
        for index in range(len(clause) - size + 1):
            if any(i in taken for i in range(index, index + size)):
                continue
            if words[0] in _VERBAL and index > 0 and (lowered[index - 1] in _DETERMINERS or lowered[index - 1].endswith("ing")):
                continue  # "protesting calls for X": a noun, not the verb of an appeal
            if all(words[k] in clause_lemmas[index + k] for k in range(size)) and _needed(row, near(index, index + size - 1), set(words)):
                found.append(EventWord(row, index, index + size - 1))
                taken.update(range(index, index + size))
    for index, forms in enumerate(clause_lemmas):
        if index in taken:
            continue
        as_verb, as_noun_form = verb_lemmas(clause[index].text), noun_lemmas(clause[index].text)
        named = index > 0 and clause[index].text[:1].isupper() and not title_case
        # A verb of the lexicon after a determiner or a possessive is a noun ("the extraordinary welcome").
        as_noun = bool({word.lower for word in clause[max(0, index - 2) : index]} & _DETERMINERS) or (
            index > 0 and clause[index - 1].lower.endswith(("'s", "’s", "s'", "s’")))
        around = near(index, index)
        for lemma in sorted(forms):
            # A row's verbs match the forms of a verb, its nouns those of a noun: "struck" is
            # no strike of an attack, "striking" no strike at all.
            rows = [row for row in _SINGLE.get(lemma, []) if (lemma in row.verbs and lemma in as_verb)
                    or (lemma in row.nouns and lemma in as_noun_form)]
            chosen = next((row for row in rows if _needed(row, around, {lemma}) and (not named or row.kind in NAMED_KINDS)
                           and not (as_noun and lemma in row.verbs and lemma not in row.nouns)), None)
            if chosen is not None:
                found.append(EventWord(chosen, index, index))
                taken.add(index)
                break
    return sorted(found, key=lambda word: word.first)


def _needed(row: EventWords, present: set[str], own: set[str]) -> bool:
    """Whether a row that needs a companion word has one near it besides the word itself."""
    return not row.needs or bool((present - own) & set(row.needs))


if __name__ == "__main__":
    import json

    WORD_FORMS.write_text(json.dumps(word_forms_table(), indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Wrote {WORD_FORMS}")
