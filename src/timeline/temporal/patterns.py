"""The table of time expressions: each row a pattern, what it stands for, and why English news
writes it so. The reader (timeline.temporal.reader) runs every pattern over a text, keeps the
longest match where matches overlap, and asks the row's normaliser for the TimeML type and
value, given the reference date and whether the clause speaks of the future.

A pattern is written with the lexicon's word lists in braces ({MONTH}, {WEEKDAY}, {NUMBER},
{UNIT}, ...), which stand for alternations of their words, longest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from timeline.temporal import lexicon
from timeline.temporal.holidays import HOLIDAYS


def _alternation(words: object) -> str:
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_SLOTS = {
    # A point only after an abbreviation: after a full name it ends the sentence.
    "MONTH": rf"(?:{_alternation(w for w in lexicon.MONTHS if len(w) > 4 or w in ('may', 'june', 'july'))}|"
             rf"(?:{_alternation(w for w in lexicon.MONTHS if len(w) <= 4 and w not in ('may', 'june', 'july'))})\.?)",
    "WEEKDAY": rf"(?:{_alternation(w for w in lexicon.WEEKDAYS if w.endswith('day'))}|"
               rf"(?:{_alternation(w for w in lexicon.WEEKDAYS if not w.endswith('day'))})\.?)",
    # A number: digits (grouped in thousands by commas, as news writes 10,000; whole, not the
    # end of a longer figure), a tens word with its units (twenty-four), a word times hundred or
    # thousand, or one number word. ("a five-year plan": the article is no part of the number.)
    "NUMBER": rf"(?:(?<![\d.,])(?:\d{{1,3}}(?:,\d{{3}})+(?![,\d])|\d+(?:\.\d+)?)|(?:{_alternation(lexicon.TENS)})[-\s](?:{_alternation(lexicon.UNITS_WORDS)})|"
              rf"(?:{_alternation(lexicon.NUMBERS)})\s+(?:hundred|thousand)|{_alternation(lexicon.NUMBERS)})",
    "VAGUE": rf"(?:{_alternation(lexicon.VAGUE_NUMBERS)})",
    "UNIT": rf"(?:(?:trading|business|working)\s+days?|{_alternation(lexicon.UNITS)}|centuries|millennia)s?",
    "SEASON": rf"(?:{_alternation(lexicon.SEASONS)})",
    "PART": rf"(?:{_alternation(lexicon.PARTS_OF_DAY)})",
    "ORDINAL": rf"(?:{_alternation(lexicon.ORDINALS)})",
    "MOD": rf"(?:{_alternation(lexicon.MODIFIERS)})",
    "YEAR": r"(?<![$£€])(?:1[5-9]\d\d|20\d\d)(?![.,]\d|\s*%)",  # not an amount, a figure with decimals or a percentage
    "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?",
    # A day in words only after a capitalised month or before "of": "you may second it" is no date.
    "SPOKENDAY": rf"(?:{_alternation(lexicon.DAY_WORDS)})",
    "REFERENCE": rf"(?:{_alternation(lexicon.REFERENCES)})",
    "HOLIDAY": "(?:" + _alternation(HOLIDAYS).replace("'", "['’]") + ")",
}


def expand(pattern: str) -> str:
    """A pattern with its {SLOTS} written out."""
    return re.sub(r"\{([A-Z]+)\}", lambda slot: _SLOTS[slot.group(1)], pattern)


@dataclass(frozen=True)
class Row:
    name: str
    pattern: re.Pattern[str]
    reason: str
    kind: str  # what the normaliser does with the match: see timeline.temporal.normalisers.NORMALISERS


def row(name: str, pattern: str, kind: str, reason: str) -> Row:
    return Row(name, re.compile(rf"(?<![\w'/-])(?:{expand(pattern)})(?![\w]|-\w)", re.IGNORECASE), reason, kind)


# Each row: its name, its pattern (named groups are what the normaliser reads), the normaliser,
# and the reason English writes it so.
TABLE: list[Row] = [
    # Calendar dates, written out.
    row("day-range", r"(?P<month>{MONTH})\s+(?P<day>{DAY})\s*(?:-|–|to|through|until)\s*(?P<day2>{DAY})(?:,?\s+(?P<year>{YEAR}))?",
        "range", "a span of days in one month: Jan. 4-6, from Jan. 4 to 6 (two expressions, its first day and its last)"),
    row("day-range-day-first", r"(?P<day>{DAY})\s*(?:-|–|to|until)\s*(?P<day2>{DAY})\s+(?:of\s+)?(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?",
        "range", "a span of days in the British and international order: 10 to 12 March, 4-6 June 2024"),
    row("year-range", r"(?P<year>{YEAR})\s*[-–]\s*(?P<year2>\d{2}|{YEAR})(?!\d)", "range",
        "a span of years: 1910-45, 2019-2024 (two expressions; '45 is read in the first year's century)"),
    row("month-day-year", r"(?:(?P<mod>{MOD})\s+)?(?P<month>{MONTH})\s+(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR}))?", "calendar",
        "US order, the AP's and most wires': Jan. 4, May 10, 2022"),
    row("month-day-words", r"(?P<month>{MONTH})\s+(?:the\s+)?(?P<spoken_day>{SPOKENDAY})(?:,?\s+(?P<year>{YEAR}))?", "calendar",
        "a day as it is spoken, as broadcast transcripts write it: March eighth, May the first"),
    row("day-words-of-month", r"(?:the\s+)?(?P<spoken_day>{SPOKENDAY})\s+of\s+(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?", "calendar",
        "a day as it is spoken before its month: the eighth of March"),
    row("day-month-year", r"(?P<day>{DAY})\s+(?:of\s+)?(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?", "calendar",
        "British and international order: 4 January 2024, the 4th of January"),
    row("weekday-date", r"(?P<weekday>{WEEKDAY}),?\s+(?P<month>{MONTH})\s+(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR}))?", "calendar",
        "a date with its weekday, as datelines and schedules write it: Thursday, May 16"),
    row("weekday-day-month", r"(?P<weekday>{WEEKDAY}),?\s+(?:the\s+)?(?P<day>{DAY})\s+(?:of\s+)?(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?", "calendar",
        "a date with its weekday in the British and international order: Monday 1 April, Tuesday, 4 June 2024"),
    row("week-of", r"the\s+week\s+of\s+(?P<month>{MONTH})\s+(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR}))?", "week-of",
        "a week named by one of its days, as schedules give it: the week of March 6"),
    row("month-year", r"(?:(?P<mod>{MOD})[-\s]+)?(?P<month>{MONTH}),?\s+(?:of\s+)?(?P<year>{YEAR})", "calendar",
        "a month of a year: May 2024, early March 2023"),
    row("month", r"(?:(?P<mod>{MOD})[-\s]+)?(?:(?P<relation>last|this|next|this\s+past|this\s+coming)\s+)?(?P<month>{MONTH})"
        r"(?:\s+(?P<year_relation>this|last|next)\s+year|\s+of\s+(?P<narrative_year>the\s+same|that)\s+year)?", "calendar",
        "a month alone belongs to the year the text speaks of: in October, September's vote, last April, June last year, "
        "July of the same year (the year the text last named)"),
    row("iso-date", r"(?P<year>{YEAR})-(?P<month_number>0[1-9]|1[0-2])(?:-(?P<day_number>0[1-9]|[12]\d|3[01]))?", "calendar",
        "ISO 8601, as tables and machine-written reports give dates"),
    row("numeric-date", r"(?P<month_number>0?[1-9]|1[0-2])/(?P<day_number>0?[1-9]|[12]\d|3[01])/(?P<year>{YEAR}|\d\d)", "calendar",
        "US numeric dates: 02/13/1998"),
    row("year", r"(?:(?P<mod>{MOD})[-\s]+)?(?:(?P<fiscal>fiscal)\s+(?:year\s+)?)?(?P<year>{YEAR})", "calendar",
        "a year alone, with a modifier or as a fiscal year: 2016, mid-2023, fiscal 1989, 2016's"),
    row("decade", r"(?:the\s+)?(?:(?P<mod>{MOD})[-\s]+)?(?:(?P<decade>1[5-9]\d|20\d)0|'(?P<short_decade>\d)0)s", "decade",
        "decades by their first year: the 1990s, the '80s"),
    row("holiday", r"(?:(?P<year>{YEAR})\s+)?(?P<holiday>{HOLIDAY})(?:,?\s+(?P<year2>{YEAR}))?", "holiday",
        "holidays date what happens on them: Christmas Eve, Thanksgiving, Election Day, Easter (timeline.temporal.holidays)"),
    # Seasons and quarters.
    row("season-year", r"(?:the\s+)?(?P<season>{SEASON})\s+(?:of\s+)?(?P<year>{YEAR})", "season",
        "a season of a year: the summer of 2024"),
    row("relative-season", r"(?P<relation>this|last|next|the\s+coming|the\s+past|this\s+past)\s+(?P<season>{SEASON})", "season",
        "a season near the reference date: this summer, last winter"),
    row("the-season", r"(?:the\s+(?:(?P<mod>early|late|mid)[-\s]+)?(?P<season>summer|winter|autumn|spring)(?!\s+of\b)|(?P<bare>summer|winter|autumn))",
        "season", "a season named alone is the one the report speaks of: the summer, the early summer ('fall' and a "
        "bare 'spring' are verbs and nouns far more often, and are read only with this, last or next)"),
    row("latest-period", r"the\s+(?P<relation>latest|most\s+recent|same)\s+period", "quarter",
        "business news: 'the latest period' is the quarter being reported"),
    row("quarter", r"(?:the\s+(?![\w]+-quarter))?(?:(?P<relation>year-earlier|year-ago|current|latest|last|past|previous|same|fiscal)\s+)?"
        r"(?:(?P<fiscal>fiscal)[-\s]+)?(?:(?P<ordinal>{ORDINAL})[-\s]+)?quarter(?:\s+of\s+(?:fiscal\s+)?(?P<year>{YEAR}))?", "quarter",
        "quarters of a year, as business news reports them: the third quarter, third-quarter, the latest quarter"),
    row("period-code", r"(?-i:(?P<code>Q[1-4]|H[12]|FY))\s?(?P<year>{YEAR}|(?<=FY)\d\d|(?<=FY\s)\d\d)(?![\d/])", "period-code",
        "the codes of financial reports: Q3 2024, H1 2024, FY2023, FY 24 (a fiscal year by the year it ends in)"),
    row("year-quarter", r"(?:the\s+)?(?:(?P<year>{YEAR})|(?P<year_relation>this|last|next)\s+year's)\s+(?:fiscal\s+)?"
        r"(?:(?P<ordinal>{ORDINAL})[-\s]+)?(?:quarter|period)", "quarter",
        "a quarter of a named year: the 1988 third quarter, this year's third quarter; 'the 1988 period' is the period "
        "being reported, in that year"),
    row("half-year", r"(?:the\s+)?(?P<half>first|second|last|latter|final)\s+(?:half|two\s+quarters)(?:\s+of\s+(?:fiscal\s+)?"
        r"(?:(?P<year>{YEAR})|(?P<year_relation>this|last|next)\s+year|the\s+year))?(?!\s+of\s+the\b)", "half",
        "halves of a year, as business news reports results: the first half of 1990, the second half"),
    # The time of speaking, and days and weeks around it.
    row("deictic-day", r"(?<!(?<!\bas\s)\bof\s)(?:(?P<mod>early|late|earlier|later)\s+)?(?P<word>today|yesterday|tomorrow|tonight)(?:\s+(?P<part>{PART}))?", "deictic",
        "days named from the day of writing (after 'of' an era: 'the people of tomorrow'; 'as of today' is the day)"),
    row("part-of-day", r"(?P<relation>this|last|yesterday|tomorrow|mid|mid-|late|early|later\s+this|earlier\s+this)\s*(?P<part>{PART})"
        r"(?:\s+(?P<day_word>yesterday|today|tomorrow))?", "deictic",
        "parts of a day near the reference: this morning, last night, mid afternoon, mid-afternoon yesterday"),
    row("weekday", r"(?:(?P<mod>early|late|earlier|later)\s+)?(?:(?P<relation>last|next|this|this\s+past|this\s+coming|the\s+previous|the\s+following)\s+)?"
        r"(?P<weekday>{WEEKDAY})(?:\s+(?P<part>{PART}))?(?P<plural>s)?", "weekday",
        "a weekday is the nearest such day: before the reference in past tense, after it in future tense"),
    row("narrative-day", r"(?P<relation>the\s+next|the\s+following|the\s+previous|the\s+same|that\s+same)\s+(?P<unit>day)", "relative-unit",
        "a narrative's day after, before or the same as the last day it told of: left the next day, that same day"),
    row("relative-unit", r"(?:(?P<mod>{MOD})\s+)?(?P<relation>this|last|the\s+last|the\s+past|next|the\s+next|the\s+coming|the\s+current|this\s+past|"
        r"the\s+previous|the\s+following|earlier\s+this|later\s+this|the\s+same)\s+(?P<unit>week|weekend|month|year|decade|century)",
        "relative-unit", "a calendar unit counted from the reference: this year, last week, earlier this month"),
    row("year-ended", r"the\s+(?:(?:fiscal|financial|latest|past)\s+)?year(?=\s+(?:ended|ending|that\s+ended|through|to)\s+(?:{MONTH}|{YEAR}|tomorrow|today|yesterday))",
        "period-length", "'the year ended March 31' names twelve months by their last day, no calendar year: TimeML writes "
        "its length (P1Y), and the day is an expression of its own"),
    row("the-unit", r"(?:(?P<mod>the\s+(?:end|beginning|start|middle)\s+of)\s+)?the\s+(?:(?:full|current)\s+)?(?:(?:fiscal|calendar|current)\s+)?(?P<unit>week|weekend|month|year|day)(?!\s+(?:of|before|after|earlier|ago))", "relative-unit",
        "'the year', 'the weekend', the end of the month: the one the report is about, the reference's own"),
    row("that-unit", r"that\s+(?P<unit>year|month|day)(?!\s+(?:of|before|after|earlier|ago))", "relative-unit",
        "'that year' is the year of the last date the text named (the reader counts it from there)"),
    row("reference", r"(?!soon\s+(?:as|after|before)\b)(?!the\s+future\s+of\b){REFERENCE}", "reference",
        "words for the present, the past and the future in general ('as soon as' is a conjunction; 'soon after "
        "his capture' is measured from an event, not from now; 'the future of the company' is its prospects)"),
    row("this-moment", r"this\s+(?:(?-i:[a-z]+)\s+)?moment(?!s)", "this-moment",
        "'at this moment', 'at this crucial moment': the present, as 'now' is"),
    row("someday", r"(?:" + "|".join(rf"(?<=\b{modal}\s)" for modal in ("will", "would", "could", "may", "might", "can", "shall", "should"))
        + r")one\s+day(?!\s+(?:of|after|before|later|earlier)\b)",
        "someday", "'will one day be': one day after a modal is some day to come, no length"),
    row("year-end", r"(?:(?P<mod>around|about)\s+)?(?:the\s+)?(?:(?P<year>{YEAR})\s+)?year(?:-|\s+|'s\s+)end(?!\w)", "year-end",
        "the end of a year, as business news writes it: year-end, by year end, the year's end (the year with mod END)"),
    row("later-in-the-day", r"(?P<mod>later|earlier)\s+in\s+the\s+day", "deictic",
        "'later in the day' in a report is the day it reports, the reference's own"),
    # Offsets from the reference: two years ago, a year earlier.
    row("offset", r"(?:(?P<mod>{MOD})\s+)?(?P<number>{NUMBER}|{VAGUE})\s+(?P<unit>{UNIT})(?:\s+or\s+so)?\s+(?P<direction>ago|earlier|later|hence|from\s+now)",
        "offset", "a distance back or forward from the time of writing: 34 years ago, a year earlier, a week or so ago ('before X' and "
        "'after X' measure from an event instead, and only their length is a time expression)"),
    row("in-offset", r"(?<=\bin\s)(?P<number>{NUMBER})\s+(?P<unit>{UNIT})(?P<ahead>(?=\s+(?:time|from\s+now)\b))?", "offset-in",
        "'will vote in seven days', 'in seven days' time': a distance forward from the time of writing ('in' is no part "
        "of it); outside the future tense, 'in seven days' is how long a thing took"),
    row("year-ago", r"(?:the\s+(?=year-))?(?P<relation>year-earlier|year-ago|a\s+year\s+earlier|a\s+year\s+ago)(?:\s+(?P<unit>period|quarter|month|year))?",
        "year-ago", "business news compares with the same period a year before"),
    row("period-a-year-before", r"the\s+(?:(?:same|corresponding|comparable)\s+)?(?P<unit>period|quarter)\s+"
        r"(?:a\s+year\s+(?:ago|earlier)|(?:of\s+)?last\s+year|the\s+year\s+before)", "year-ago",
        "the same period named from the other side: the quarter a year ago, the corresponding period last year"),
    # Durations.
    row("duration", r"(?:(?P<mod>{MOD})\s+(?!the\b))?(?:the\s+(?:(?P<span>past|last|next|first|coming|previous|final)\s+)?(?!\w+-\w))?"
        r"(?P<number>{NUMBER}|{VAGUE})(?:\s+(?P<fraction>1/2|and\s+a\s+half))?(?:\s+(?:more|additional|further|extra))?[-\s]+(?P<unit>{UNIT})(?:\s+(?P<half_after>and\s+a\s+half))?(?:[-\s]+long)?"
        r"(?!\s+old\b)(?!(?<=[Aa]\ssecond)(?:\s+(?!(?:later|earlier|ago|or|and|to|of|before|after|for|in)\b)[a-z]|\s*,))"
        r"(?!(?<=[Aa]\squarter)\s+of\s+(?:the|its|their|his|her|our|all|a|an)\b)", "duration",
        "a length of time: three years, the past two months, a 10-year plan (not an age, '52 years old', which measures "
        "a person; not the ordinal of 'a second group', 'a second, smaller quake'; not the fraction of 'a quarter of the market')"),
    row("length-range", r"(?:the\s+(?:next|past|last|coming|first)\s+)?(?:{NUMBER})\s*(?:to|or|-|–)\s*(?:{NUMBER})[-\s]+(?P<unit>{UNIT})(?!\s+(?:ago|earlier|later)\b)",
        "extent", "a length between two counts, two to three weeks, the next 12 to 18 months: one expression, and no "
        "one count (TimeML's X)"),
    row("unit-long", r"(?P<unit>hour|day|week|month|year|decade|century)-long", "unit-long",
        "a length of one unit as an adjective: a day-long strike, a year-long inquiry"),
    row("vague-duration", r"(?:the\s+)?(?:(?P<span>past|last|next|coming|recent)\s+)?(?P<unit>years|months|weeks|days|decades|hours)"
        r"(?=\s+(?:ago|ahead|of|to\s+come))?", "vague-duration", "an unnumbered stretch: months, the coming weeks"),
    row("extent-plural", r"(?:(?<=\bfor\s)|(?<=\bwithin\s)|(?<=\bin\s)|(?<=\bover\s))(?P<unit>centuries|decades|years|months|weeks|days|hours)(?!\s+(?:of|to|and|or)\b)",
        "extent", "a bare plural unit after a preposition of extent is a stretch of uncounted length: for "
        "centuries, within weeks, the first time in years"),
    # Times of day.
    row("clock", r"(?:(?P<mod>{MOD})\s+)?(?P<hour>[01]?\d)(?::(?P<minute>[0-5]\d))?\s*(?P<meridiem>a\.?m\.?|p\.?m\.?)"
        r"(?:\s+(?P<zone>[ECMP][SD]T|GMT|UTC))?(?:\s+local\s+time)?(?:,?\s+(?:on\s+)?(?P<weekday>{WEEKDAY}))?(?:,?\s+(?P<month>{MONTH})\s+(?P<day>{DAY})(?![\d:]))?"
        r"(?=\s*\([^()]{1,30}\)\s*(?P<later_weekday>{WEEKDAY}))?", "clock",
        "clock times as news writes them, with the day they fall on: 7:15 p.m., 10 a.m. EST, 5 p.m. EST Nov. 9; "
        "wires give the time elsewhere in brackets before the day, 10:35 a.m. (0735 GMT) Friday"),
    row("noon", r"(?<!\bhigh\s)(?P<word>noon|midnight)(?:\s+(?P<weekday>{WEEKDAY}))?", "clock",
        "noon and midnight ('high noon' is a showdown, no hour)"),
    # Repetitions.
    row("set", r"(?P<quantifier>each|every|per)\s+(?P<unit>day|week|month|year|quarter|hour|{WEEKDAY}|{MONTH}|{SEASON})", "set",
        "how often: each year, every month, each Thursday, each July"),
    row("seasons", r"the\s+(?:past|last|next|coming)\s+(?:{NUMBER})\s+(?P<unit>summer|winter|autumn)s", "set",
        "the last seasons counted are that season over the years, a repetition: the past three summers ('springs' and "
        "'falls' are more often water and tumbles)"),
    row("daily-adverb", r"(?P<word>daily|weekly|monthly)(?=\s*[.,;:!?)]|\s*$)|"
        r"on\s+a\s+(?P<basis>daily|weekly|monthly)\s+basis", "set",
        "daily, weekly and monthly as adverbs, where no noun follows (rallies held almost daily.), and on a daily basis"),
    row("set-adverb", r"(?P<word>annually|yearly|hourly)", "set",
        "adverbs of frequency (daily, weekly, monthly and quarterly are left out: in news they are adjectives far more "
        "often, a daily newspaper, a quarterly dividend)"),
    row("year-two-thousand", r"(?:the\s+year\s+)?(?P<word>two\s+thousand)(?!\s+(?:\w+\s+)?(?:years|people|dollars))(?:\s+and\s+(?P<units>one|two|three|four|five|six|seven|eight|nine|ten))?",
        "spelled-year", "the year 2000 as said aloud: the year two thousand"),
    row("spelled-year", r"(?:the\s+(?P<season>{SEASON})\s+of\s+)?(?:(?P<month>{MONTH})\s+)?(?P<spelled>nineteen|twenty)[-\s]+(?P<tens>hundred|twenty|thirty|forty|fifty|"
        r"sixty|seventy|eighty|ninety)(?:[-\s]+(?P<units>one|two|three|four|five|six|seven|eight|nine))?", "spelled-year",
        "years as broadcast transcripts spell them: nineteen ninety-six"),
    row("spelled-decade", r"the\s+(?P<tens>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)", "spelled-decade",
        "decades spelled out: the nineties"),
    row("century", r"(?:the\s+)?(?P<ordinal>\d{1,2})(?:st|nd|rd|th)\s+century", "century", "centuries by their ordinal: the 20th century"),
]
