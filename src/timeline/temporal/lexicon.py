"""The words English news writes times with: a table a newcomer extends in one line. Each
table says why its words are there; the patterns that use them are in
timeline.temporal.patterns."""

from __future__ import annotations

# Month names and the abbreviations of the AP and Chicago styles ("Sept.", "Jan."); the point
# is optional because wires drop it in headlines and tables.
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# Months that are also common words ("may", "march"): read as months only when capitalised,
# or when a day or a year stands beside them.
AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "dec", "sep"}

# Weekdays with the abbreviations news uses ("Tues.", "Thurs.").
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2, "thursday": 3, "thurs": 3,
    "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}

# Number words up to what news spells out (AP style spells one to nine; wires spell more).
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a dozen": 12, "dozen": 12, "half a": 0.5, "thousand": 1000, "a couple of": 2, "couple of": 2, "another": 1,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
UNITS_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}

# Quantities without a number: TimeML writes X for the unknown count ("several years": PXY).
VAGUE_NUMBERS = {"several", "a few", "few", "many", "some", "the next few", "the past few", "the last few", "recent", "the coming"}

_FIRST_NINE = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
ORDINALS = {
    **{word: number for number, word in enumerate((*_FIRST_NINE, "tenth"), 1)},
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "last": -1, "final": -1,
}

# The days of a month in words, as broadcast transcripts write what was spoken ("March eighth",
# "the twenty-first of May").
DAY_WORDS = {
    **{word: number for number, word in enumerate(_FIRST_NINE, 1)},
    **{word: number for number, word in enumerate(("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
                                                   "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"), 10)},
    **{f"twenty{joint}{word}": 20 + number for number, word in enumerate(_FIRST_NINE, 1) for joint in ("-", " ")},
    "thirtieth": 30, "thirty-first": 31, "thirty first": 31,
}

# Units of time and their letters in TimeML's duration values: ISO 8601's, and the ones TimeML
# adds for the units news counts in, Q (quarter), E (decade), C (century), L (millennium).
UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True),
    "day": ("D", False), "night": ("D", False), "week": ("W", False), "weekend": ("WE", False),
    "month": ("M", False), "quarter": ("Q", False), "year": ("Y", False),
    "decade": ("E", False), "century": ("C", False), "millennium": ("L", False),
}
# True above marks units of the time of day, written after a T in a duration (PT3H).

# Seasons, as TimeML names them (2024-SU).
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}

# Parts of the day, as TimeML names them (2024-05-16TMO).
PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI", "midday": "MI",
}

# Words that refer to the time of speaking or writing, or to past and future in general
# (TimeML's PRESENT_REF, PAST_REF, FUTURE_REF). "once", "previously", "formerly" and "shortly" are left out:
# they place an event against another, not in time ("once a colony", "shortly before the war").
REFERENCES = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF", "at present": "PRESENT_REF",
    "these days": "PRESENT_REF", "nowadays": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "recently": "PAST_REF", "recent": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF", "recent years": "PAST_REF",
    "the future": "FUTURE_REF", "soon": "FUTURE_REF", "the near future": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the long term": "FUTURE_REF", "a later date": "FUTURE_REF",
}

# Modifiers TimeML keeps in the expression and names in its `mod` attribute.
MODIFIERS = {
    "early": "START", "late": "END", "mid": "MID", "the end of": "END", "the beginning of": "START",
    "the start of": "START", "the middle of": "MID", "about": "APPROX", "around": "APPROX", "nearly": "LESS_THAN",
    "almost": "LESS_THAN", "more than": "MORE_THAN", "over": "MORE_THAN", "less than": "LESS_THAN",
    "at least": "EQUAL_OR_MORE", "some": "APPROX", "roughly": "APPROX", "up to": "EQUAL_OR_LESS",
}

# What tells a clause speaks of the future: auxiliaries and the verbs of plans and schedules,
# which make "Friday" the next Friday rather than the last one.
FUTURE_CUES = (
    "will", "'ll", "shall", "is to", "are to", "is due to", "are due to", "is scheduled to", "are scheduled to",
    "is expected to", "are expected to", "plans to", "plan to", "planned to", "intends to", "is set to", "are set to",
    "is going to", "are going to", "to be held", "scheduled for", "due on", "expected on", "next", "set to",
    "scheduled to", "due to", "expected to", "about to", "will be", "would be held", "to be", "supposed to",
    # Dividend notices name the days to come on which a dividend is paid and who holds it then.
    "payable", "of record",
    # Plans, and what a decision or a promise commits to, are yet to come even when told in the past.
    "planned for", "planning", "slated", "scheduled", "decided to", "agreed to", "promised to",
    "pledged to", "vowed to", "threatened to", "hopes to", "hoped to", "wants to", "wanted to",
    # The earliest a thing may happen is still to come.
    "as soon as", "as early as",
    # What a schedule is set for.
    "set for",
)

# Verbs of a timetable in the simple present, which English uses for what is scheduled: "voting
# begins at 7 a.m. on Sunday", "the summit opens Monday".
SCHEDULE_VERBS = frozenset({"begins", "opens", "starts", "ends", "closes", "resumes", "convenes", "concludes", "expires",
                            "arrives", "departs", "meets", "kicks"})
# The same verbs in the plural ("he and Arafat meet separately Monday", "talks resume on
# Tuesday"). The base form also follows an auxiliary ("did not meet Monday", "would meet"),
# "to" ("agreed to meet") or an article ("the meet"), which tell the tense themselves, so it is
# a timetable only where the word before it is none of NOT_A_PLURAL_PRESENT.
SCHEDULE_VERBS_PLURAL = frozenset({"begin", "open", "start", "end", "close", "resume", "convene", "conclude", "expire",
                                   "arrive", "depart", "meet"})
NOT_A_PLURAL_PRESENT = frozenset({"to", "not", "never", "did", "didn't", "do", "don't", "does", "doesn't", "would", "could",
                                  "should", "might", "may", "must", "can", "cannot", "will", "shall", "the", "a", "an",
                                  "this", "that", "its", "their", "his", "her", "of", "at", "by", "week's", "year's", "day's",
                                  "month's", "and", "or"})

# Verbs that move a thing to a later day or give time until one: the day after "until" (or "to")
# is still to come, even told in the past ("was postponed until Tuesday", "gave them until
# mid-November", "was extended to Nov. 16").
DELAY_VERBS = frozenset({"postponed", "postpone", "postpones", "delayed", "delay", "delays", "extended", "extend", "extends",
                         "adjourned", "deferred", "rescheduled", "pushed", "moved", "gave", "given", "give", "gives"})

# The irregular past tenses news reports with most ("said", "met", "rose"): a past verb in the
# clause puts a month or a weekday given without its year or week in the past. Regular verbs in
# -ed are known by their ending (timeline.temporal.tense); forms that are also presents or
# participles of other verbs ("set", "cut", "put", "read", "hit", "let") are left out.
IRREGULAR_PAST = frozenset("""
    said told met began became came went took made gave rose fell sold bought paid held left won lost sent spent
    saw found brought thought struck led ran wrote spoke grew knew fled kept chose drew drove flew fought froze hung
    hid laid meant overtook rode rang sank shook shot stood stole swore swept taught threw understood woke wore
    withdrew broke built caught dealt dug fed felt forgot forgave got heard lay lent lit mistook sat slept slid
    sought sprang stuck stung strove sunk swam swung tore undertook upheld withheld wound arose awoke bore beat
    bent bid bled blew bound bred burnt crept fit flung foresaw forecast froze ground lit overcame overran
    oversaw overthrew rebuilt reran retook rewrote shone shrank spun spat split spread stank stuck strode
    forbade befell beheld bit
""".split())

# Words in -ed that are no past verbs: presents in -eed and words that only end so.
NOT_PAST_IN_ED = frozenset({
    "need", "speed", "seed", "feed", "bleed", "breed", "proceed", "exceed", "succeed", "indeed", "greed", "weed", "deed",
    "creed", "steed", "tweed", "embed", "hundred", "red", "bed", "shed", "wed", "shred", "sled", "naked", "wicked",
    "sacred", "kindred", "rugged", "ragged", "jagged", "beloved", "aged", "united", "limited", "based", "related",
    "detailed", "talented", "skilled", "advanced", "ted", "fred", "ed", "med",
})
