"""The reader of time expressions (timeline.temporal), sentence by sentence: every form news
writes, the tense that decides a weekday, and the reference date's edge cases. The sentences
are TEST DATA written for these tests; the figures of the reader on real news come from
`benchmarks/timex.py` on TimeBank."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.cli import cli
from timeline.temporal import read_times
from timeline.temporal.tense import sentence_start
from timeline.temporal.timeml import Scores, read_timeml, timex3_markup

FRIDAY = date(2024, 5, 17)


def _read(sentence: str, reference: date = FRIDAY) -> list[tuple[str, str, str]]:
    return [(found.text, found.type, found.value) for found in read_times(sentence, reference)]


@pytest.mark.parametrize(("sentence", "expected"), [
    # Calendar dates in the forms news writes them.
    ("The talks began on Jan. 4.", [("Jan. 4", "DATE", "2024-01-04")]),
    ("The talks began on Jan 4.", [("Jan 4", "DATE", "2024-01-04")]),
    ("The deal was signed May 10, 2022, in Moscow.", [("May 10, 2022", "DATE", "2022-05-10")]),
    ("She arrives in Cairo on Monday 1 April.", [("Monday 1 April", "DATE", "2024-04-01")]),
    # The codes of financial reports, and spans of days in the British order.
    ("Revenue in Q3 2024 rose; H1 2024 profit and the FY2023 and FY 24 results beat forecasts.",
     [("Q3 2024", "DATE", "2024-Q3"), ("H1 2024", "DATE", "2024-H1"), ("FY2023", "DATE", "2023"), ("FY 24", "DATE", "2024")]),
    ("The summit runs from 10 to 12 March 2025.", [("10", "DATE", "2025-03-10"), ("12 March 2025", "DATE", "2025-03-12")]),
    # Days in words, as broadcast transcripts write what was spoken.
    ("The festival is this coming Sunday, March eighth.", [("this coming Sunday", "DATE", "2024-05-19"), ("March eighth", "DATE", "2024-03-08")]),
    ("The vote is on the twenty-first of May, 2024.", [("the twenty-first of May, 2024", "DATE", "2024-05-21")]),
    ("Polls close on May the thirty-first.", [("May the thirty-first", "DATE", "2024-05-31")]),
    ("The vote is set for Dec. 3, 2024.", [("Dec. 3, 2024", "DATE", "2024-12-03")]),
    ("It was signed on 4 January 2024 in London.", [("4 January 2024", "DATE", "2024-01-04")]),
    ("It opened in March 2023.", [("March 2023", "DATE", "2023-03")]),
    ("The 2016 decision still stands.", [("2016", "DATE", "2016")]),
    ("Growth slowed in mid-2023.", [("mid-2023", "DATE", "2023")]),
    ("Trade grew through the 1990s.", [("the 1990s", "DATE", "199")]),
    ("The report of 2024-05-16 says so.", [("2024-05-16", "DATE", "2024-05-16")]),
    # Relative to the reference date.
    ("Putin arrived on Thursday.", [("Thursday", "DATE", "2024-05-16")]),
    ("The leaders met last week.", [("last week", "DATE", "2024-W19")]),
    ("Prices rose this month.", [("this month", "DATE", "2024-05")]),
    ("He was elected 34 years ago.", [("34 years ago", "DATE", "1990")]),
    ("He left a week or so ago.", [("a week or so ago", "DATE", "2024-W19")]),
    ("It was filed the day before last Tuesday.", [("the day before last Tuesday", "DATE", "2024-05-13")]),
    # No expression starts inside a fraction: "1/2 years later" holds no "2 years later".
    ("Peace came 2 1/2 years later.", [("2 1/2 years", "DURATION", "P2Y6M")]),
    # A sentence's end parts an amount from a length after it: no rate ("700 seats a week").
    ("The count reached three thousand.  But a minute and a half later, the line went quiet.", [("a minute and a half", "DURATION", "PT1M30S")]),
    ("They left the day before yesterday and return the day after May 20.",
     [("the day before yesterday", "DATE", "2024-05-15"), ("the day after May 20", "DATE", "2024-05-21")]),
    ("Floods have closed the road for the past three summers.", [("the past three summers", "SET", "XXXX-SU")]),
    ("Troops will be there by the end of the month.", [("the end of the month", "DATE", "2024-05")]),
    ("He would not travel at this crucial moment.", [("this crucial moment", "DATE", "PRESENT_REF")]),
    # "One day" after a modal is some day to come; "soon after X" and "the future of X" are no times of their own.
    ("The town will one day be the largest port in the region.", [("one day", "DATE", "FUTURE_REF")]),
    ("The trip took one day; he was freed soon after his capture; the future of the talks is unclear.",
     [("one day", "DURATION", "P1D")]),
    # Hours and minutes move the day only by the whole days they make (not by months or days each).
    ("The blast came thirty minutes ago.", [("thirty minutes ago", "DATE", "2024-05-17")]),
    ("The blast came two hours ago.", [("two hours ago", "DATE", "2024-05-17")]),
    ("The blast came 36 hours ago.", [("36 hours ago", "DATE", "2024-05-16")]),
    ("The deadline is 48 hours from now.", [("48 hours from now", "DATE", "2024-05-19")]),
    # "In seven days" ahead in the future tense; told otherwise, how long a thing took.
    ("Parliament will vote in seven days.", [("seven days", "DATE", "2024-05-24")]),
    ("He finished the course in seven days, the fastest in five years.", [("seven days", "DURATION", "P7D"), ("five years", "DURATION", "P5Y")]),
    ("Sales rose last year.", [("last year", "DATE", "2023")]),
    ("The forum opens tomorrow.", [("tomorrow", "DATE", "2024-05-18")]),
    ("He spoke this morning.", [("this morning", "TIME", "2024-05-17TMO")]),
    ("The statement came at 10 a.m.", [("10 a.m.", "TIME", "2024-05-17T10:00")]),
    ("Prices are rising now.", [("now", "DATE", "PRESENT_REF")]),
    ("It happened two weeks later.", [("two weeks later", "DATE", "2024-W22")]),
    ("The troops left later in the day.", [("later in the day", "DATE", "2024-05-17")]),
    ("The envoy arrived later Monday.", [("later Monday", "DATE", "2024-05-13")]),
    ("Profit fell in the first quarter.", [("the first quarter", "DATE", "2024-Q1")]),
    ("The heat came in the summer of 2023.", [("the summer of 2023", "DATE", "2023-SU")]),
    # The tense of the clause decides which weekday.
    ("Xi will host Putin on Tuesday.", [("Tuesday", "DATE", "2024-05-21")]),
    ("The envoy is scheduled to arrive on Tuesday.", [("Tuesday", "DATE", "2024-05-21")]),
    ("The minister plans to visit Harbin on Monday.", [("Monday", "DATE", "2024-05-20")]),
    ("The minister visited Harbin on Monday.", [("Monday", "DATE", "2024-05-13")]),
    ("The talks will close at the end of October.", [("the end of October", "DATE", "2024-10")]),
    # Durations and repetitions.
    ("The visit lasted three days.", [("three days", "DURATION", "P3D")]),
    ("A two-day state visit.", [("two-day", "DURATION", "P2D")]),
    ("The flight took five hours.", [("five hours", "DURATION", "PT5H")]),
    ("Trade has doubled over the past two years.", [("the past two years", "DURATION", "P2Y")]),
    ("Prices have risen for several years.", [("several years", "DURATION", "PXY")]),
    ("The forum meets each year.", [("each year", "SET", "P1Y")]),
])
def test_each_form_is_found_and_read(sentence, expected):
    assert _read(sentence) == expected


def test_a_modifier_stays_in_the_expression_and_is_named():
    [found] = read_times("Growth slowed in early November.", FRIDAY)
    assert (found.text, found.value, found.mod) == ("early November", "2023-11", "START")


def test_words_that_only_look_like_times_are_left_alone():
    assert _read("You may march on, and the Sun sat quarterly, a daily paper.") == []
    assert _read("You may second the motion; they march first.") == []
    assert _read("A second, smaller tremor was felt.") == []
    # After "of", today and tomorrow name an era, not a day; "as of today" is the day.
    assert _read("She writes for the readers of tomorrow.") == []
    assert _read("As of today, the offer stands.") == [("today", "DATE", "2024-05-17")]
    # "Soon" told in the past is shortly after what was told; "high noon" is a showdown.
    assert _read("The driver was soon released. For the team, high noon has come.") == []
    # Words of time in title case name a programme, not a time; a holiday's "Day" is its name.
    assert _read('The minister said on the channel\'s "This Week With Anne Lee" that talks failed. This is Radio Today.') == []
    assert _read("Nine Bills Sent to the Governor Today\n\nA bill on water rates.") == [("Today", "DATE", "2024-05-17")]
    assert _read("Today, hundreds gathered. He came home on Thanksgiving Day.") == [
        ("Today", "DATE", "2024-05-17"), ("Thanksgiving Day", "DATE", "2023-11-23")]
    assert _read("The index fell 2082.1 points; $1990 was paid; 1999% more.") == []


@pytest.mark.parametrize(("reference", "sentence", "expected"), [
    # The 31st, a leap day, the turn of a year, a Sunday.
    (date(2024, 3, 31), "Prices fell last month.", ("last month", "DATE", "2024-02")),
    (date(2024, 3, 31), "The vote was held on Friday.", ("Friday", "DATE", "2024-03-29")),
    (date(2024, 3, 31), "The vote was held on Sunday.", ("Sunday", "DATE", "2024-03-31")),
    (date(2024, 2, 29), "The law passed yesterday.", ("yesterday", "DATE", "2024-02-28")),
    (date(2024, 2, 29), "The law takes effect tomorrow.", ("tomorrow", "DATE", "2024-03-01")),
    (date(2024, 2, 29), "It was signed Feb. 29.", ("Feb. 29", "DATE", "2024-02-29")),
    (date(2024, 1, 2), "The strike began last week.", ("last week", "DATE", "2023-W52")),
    (date(2024, 1, 2), "Sales rose last month.", ("last month", "DATE", "2023-12")),
    (date(2024, 12, 31), "The summit is next week.", ("next week", "DATE", "2025-W02")),
    (date(2024, 12, 31), "Markets open tomorrow.", ("tomorrow", "DATE", "2025-01-01")),
    (date(2024, 10, 10), "September's vote was close.", ("September", "DATE", "2024-09")),
])
def test_the_reference_dates_edge_cases(reference, sentence, expected):
    assert _read(sentence, reference) == [expected]


OCTOBER_MONDAY = date(1989, 10, 30)  # a month alone can then be either side of the reference


@pytest.mark.parametrize(("reference", "sentence", "expected"), [
    # The tense of the clause: the nearest cue before the expression, else the first after it.
    (OCTOBER_MONDAY, "The company bought the unit in March.", [("March", "DATE", "1989-03")]),
    (OCTOBER_MONDAY, "The company will buy the unit in March.", [("March", "DATE", "1990-03")]),
    (OCTOBER_MONDAY, "In January, the company bought the unit.", [("January", "DATE", "1989-01")]),
    (OCTOBER_MONDAY, "The unit, sold in March, made money.", [("March", "DATE", "1989-03")]),
    (OCTOBER_MONDAY, "The dividend will be paid Dec. 14 to holders of record Nov. 15.",
     [("Dec. 14", "DATE", "1989-12-14"), ("Nov. 15", "DATE", "1989-11-15")]),
    (OCTOBER_MONDAY, "The board declared a dividend, payable Dec. 7 to stock of record Nov. 22.",
     [("Dec. 7", "DATE", "1989-12-07"), ("Nov. 22", "DATE", "1989-11-22")]),
    (OCTOBER_MONDAY, "The offer had been due to expire Friday.", [("Friday", "DATE", "1989-10-27")]),
    # "effective" dates when a change takes hold, not when it was announced: the nearest such day.
    (OCTOBER_MONDAY, "The bank named him chairman, effective Feb. 1.", [("Feb. 1", "DATE", "1990-02-01")]),
    (OCTOBER_MONDAY, "The bank raised its rate, effective Oct. 2.", [("Oct. 2", "DATE", "1989-10-02")]),
    (OCTOBER_MONDAY, "It would be paid on an unspecified date in January.", [("January", "DATE", "1990-01")]),
    (OCTOBER_MONDAY, "NATO decided to admit Poland in early March.", [("early March", "DATE", "1990-03")]),
    (OCTOBER_MONDAY, "The boy could come as soon as Tuesday.", [("Tuesday", "DATE", "1989-10-31")]),
    (OCTOBER_MONDAY, "He said it will close on Friday.", [("Friday", "DATE", "1989-11-03")]),
    # The present perfect takes no definite past time: a date in its clause is not read as past.
    (OCTOBER_MONDAY, "The bank has extended the firm $50 million in credit lines through January.",
     [("January", "DATE", "1990-01")]),
    (OCTOBER_MONDAY, "The bank had extended the firm $50 million in credit lines through January.",
     [("January", "DATE", "1989-01")]),
    (OCTOBER_MONDAY, "She will be named captain of the new research vessel Aurora for a long voyage in March.",
     [("March", "DATE", "1990-03")]),
    # Quarters and halves of a named year; a year named by its last day.
    (OCTOBER_MONDAY, "Profit rose from the 1988 third quarter.", [("the 1988 third quarter", "DATE", "1988-Q3")]),
    (OCTOBER_MONDAY, "Sales fell in this year's third quarter.", [("this year's third quarter", "DATE", "1989-Q3")]),
    (OCTOBER_MONDAY, "It earned less than in the 1988 period.", [("the 1988 period", "DATE", "1988-Q3")]),
    (OCTOBER_MONDAY, "Costs will rise in the second half of 1990.", [("the second half of 1990", "DATE", "1990-H2")]),
    # "A year earlier" is the reported quarter a year before: a quarter still to come is a forecast,
    # a quarter of an earlier year is already the year-ago one, and "the latest period" is the reported one.
    (OCTOBER_MONDAY, "Third-quarter profit fell. It expects a loss in the third quarter of 1990. Sales in the year-ago period rose.",
     [("Third-quarter", "DATE", "1989-Q3"), ("the third quarter of 1990", "DATE", "1990-Q3"),
      ("the year-ago period", "DATE", "1988-Q3")]),
    (OCTOBER_MONDAY, "It earned less than in the 1988 period. The year-ago results included a charge.",
     [("the 1988 period", "DATE", "1988-Q3"), ("The year-ago", "DATE", "1988-Q3")]),
    (OCTOBER_MONDAY, "The company reported a decline in fourth-quarter earnings, compared with a year earlier. "
                     "Sales in the latest period rose.",
     [("fourth-quarter", "DATE", "1989-Q4"), ("a year earlier", "DATE", "1988-Q4"), ("the latest period", "DATE", "1989-Q4")]),
    (OCTOBER_MONDAY, "Profit fell in the third quarter. For the quarter a year ago, it earned less than "
                     "in the corresponding period last year.",
     [("the third quarter", "DATE", "1989-Q3"), ("the quarter a year ago", "DATE", "1988-Q3"),
      ("the corresponding period last year", "DATE", "1988-Q3")]),
    (OCTOBER_MONDAY, "Net rose in the third quarter. After a weak second quarter, costs booked in the year-earlier period helped.",
     [("the third quarter", "DATE", "1989-Q3"), ("second quarter", "DATE", "1989-Q2"), ("the year-earlier period", "DATE", "1988-Q3")]),
    (OCTOBER_MONDAY, "Net rose in the third quarter. The grocer lost C$4 million for the fiscal-first quarter ended Sept. 30, "
                     "against a loss a year ago.",
     [("the third quarter", "DATE", "1989-Q3"), ("the fiscal-first quarter", "DATE", "1989-Q1"), ("Sept. 30", "DATE", "1989-09-30"),
      ("a year ago", "DATE", "1988-Q1")]),
    (OCTOBER_MONDAY, "The maker earned more in the fiscal first quarter. It shipped 9,000 units in the quarter, "
                     "more than in the 1988 period.",
     [("the fiscal first quarter", "DATE", "1989-Q1"), ("the quarter", "DATE", "1989-Q1"), ("the 1988 period", "DATE", "1988-Q1")]),
    (OCTOBER_MONDAY, "In the quarter ended July 31, the retailer had 3 million shares.",
     [("the quarter", "DATE", "1989-Q2"), ("July 31", "DATE", "1989-07-31")]),
    # A forecast compares its own quarter with a year earlier; the reported one holds elsewhere.
    (FRIDAY, "It reported first-quarter profit. It expects the second quarter to be weaker than a year earlier. "
             "Sales rose from a year ago.",
     [("first-quarter", "DATE", "2024-Q1"), ("the second quarter", "DATE", "2024-Q2"), ("a year earlier", "DATE", "2023-Q2"),
      ("a year ago", "DATE", "2023-Q1")]),
    # Told in May, the third quarter reported is last year's, and a year earlier the one before it.
    (FRIDAY, "Profit fell in the third quarter, against a year earlier.",
     [("the third quarter", "DATE", "2023-Q3"), ("a year earlier", "DATE", "2022-Q3")]),
    (OCTOBER_MONDAY, "It expects a loss in the fourth quarter, against a profit a year earlier.",
     [("the fourth quarter", "DATE", "1989-Q4"), ("a year earlier", "DATE", "1988-Q4")]),
    (OCTOBER_MONDAY, "Revenue was $76 million for the year ended March 31.",
     [("the year", "DURATION", "P1Y"), ("March 31", "DATE", "1989-03-31")]),
    (OCTOBER_MONDAY, "Losses grew in the current fiscal year.", [("the current fiscal year", "DATE", "1989")]),
    (OCTOBER_MONDAY, "The sale should close by year-end.", [("year-end", "DATE", "1989")]),
    # Lengths in the unit the writer counted in; halves in the next smaller unit; rates are no lengths.
    (OCTOBER_MONDAY, "The charge is spread over the next three quarters.", [("the next three quarters", "DURATION", "P3Q")]),
    (OCTOBER_MONDAY, "Prices were the lowest in about a decade.", [("about a decade", "DURATION", "P1E")]),
    (OCTOBER_MONDAY, "The plan took 2 1/2 years.", [("2 1/2 years", "DURATION", "P2Y6M")]),
    (OCTOBER_MONDAY, "The speech lasted a minute and a half.", [("a minute and a half", "DURATION", "PT1M30S")]),
    (OCTOBER_MONDAY, "The loan runs for an additional year.", [("an additional year", "DURATION", "P1Y")]),
    (OCTOBER_MONDAY, "The index fell for eight trading days.", [("eight trading days", "DURATION", "P8D")]),
    (OCTOBER_MONDAY, "The day-long talks ended in a year-long truce.", [("day-long", "DURATION", "P1D"), ("a year-long", "DURATION", "P1Y")]),
    (OCTOBER_MONDAY, "Rooms cost $55 a night and the airline adds 700 seats a week.", []),
    (OCTOBER_MONDAY, "The inquiry will end within a year.", [("a year", "DURATION", "P1Y")]),
    # Repetitions.
    (OCTOBER_MONDAY, "The Orangemen march each July.", [("each July", "SET", "XXXX-07")]),
    (OCTOBER_MONDAY, "Rallies are held almost daily.", [("daily", "SET", "P1D")]),
    (OCTOBER_MONDAY, "Leads are checked on a daily basis.", [("on a daily basis", "SET", "P1D")]),
    (OCTOBER_MONDAY, "The daily newspaper printed it.", []),
    # A time with its day; a part of a day with its day.
    (OCTOBER_MONDAY, "The offer will expire at 5 p.m. EST Nov. 9.", [("5 p.m. EST Nov. 9", "TIME", "1989-11-09T17:00")]),
    (OCTOBER_MONDAY, "Shares fell in mid-afternoon yesterday.", [("mid-afternoon yesterday", "TIME", "1989-10-29TAF")]),
    (OCTOBER_MONDAY, "The deal is to be completed around Nov. 1.", [("around Nov. 1", "DATE", "1989-11-01")]),
    # The weekend a Monday's report speaks of is the one just gone.
    (OCTOBER_MONDAY, "Traders sold over the weekend.", [("the weekend", "DATE", "1989-W43-WE")]),
    # Seasons named alone; the near future.
    (date(2024, 5, 17), "Sales slowed in the summer.", [("the summer", "DATE", "2023-SU")]),
    (date(2024, 5, 17), "Rates may fall in the near future.", [("the near future", "DATE", "FUTURE_REF")]),
    # Holidays by their rule.
    (date(2024, 5, 17), "Protesters marched on Thanksgiving Day.", [("Thanksgiving Day", "DATE", "2023-11-23")]),
    (date(2024, 5, 17), "The shops will close on Christmas Eve.", [("Christmas Eve", "DATE", "2024-12-24")]),
    (date(2024, 5, 17), "The pilgrims came for Easter 2025.", [("Easter 2025", "DATE", "2025-04-20")]),
    (date(2024, 5, 17), "It was a merry christmas for the shops.", []),
    # Counted from the last date the text named, as a narrative moves on.
    (date(2024, 5, 17), "The war began in 1995. The following year, talks opened.",
     [("1995", "DATE", "1995"), ("The following year", "DATE", "1996")]),
    (date(2024, 5, 17), "The plant opened in 2010. Sales doubled that year.", [("2010", "DATE", "2010"), ("that year", "DATE", "2010")]),
    (date(2024, 5, 17), "Stocks closed on Friday, May 10, down from the previous Friday.",
     [("Friday, May 10", "DATE", "2024-05-10"), ("the previous Friday", "DATE", "2024-05-03")]),
    # A bare plural after a preposition of extent; a length between two counts is one length.
    (FRIDAY, "Ukraine was ruled from Moscow for centuries.", [("centuries", "DURATION", "PXC")]),
    (FRIDAY, "Troops will arrive within weeks.", [("weeks", "DURATION", "PXW")]),
    (FRIDAY, "The merger follows months of talks.", []),
    (FRIDAY, "Repairs take two to three weeks.", [("two to three weeks", "DURATION", "PXW")]),
    (FRIDAY, "Rates will rise over the next 12 to 18 months.", [("the next 12 to 18 months", "DURATION", "PXM")]),
    (FRIDAY, "Two or three days later, he left.", [("three days later", "DATE", "2024-05-20")]),
    (OCTOBER_MONDAY, "Detectives have been looking for the driver since shortly after the March 23 crash.", [("March 23", "DATE", "1989-03-23")]),
    (FRIDAY, "A fire swept through a warehouse next to the city hall in the old port Tuesday morning.",
     [("Tuesday morning", "TIME", "2024-05-14TMO")]),
    # The present progressive is a plan for a weekday; with a month it tells what goes on.
    (FRIDAY, "The minister is returning home Wednesday.", [("Wednesday", "DATE", "2024-05-22")]),
    (FRIDAY, "Today she told the radio she would be leaving on Monday.", [("Today", "DATE", "2024-05-17"), ("Monday", "DATE", "2024-05-20")]),
    # A date's weekday tells its year: 1 January 2024 was a Monday, 1 January 2023 a Sunday.
    (date(2024, 7, 1), "It was signed on Sunday, 1 January.", [("Sunday, 1 January", "DATE", "2023-01-01")]),
    # A timetable in the simple present, a time of day with its weekday, what a schedule is set for.
    (FRIDAY, "Voting begins at 7 a.m. local time on Sunday.", [("7 a.m. local time on Sunday", "TIME", "2024-05-19T07:00")]),
    # The plural present is a timetable too; after an auxiliary, "to" or "not" the base form is not.
    (FRIDAY, "He and the premier meet separately Monday with the envoy.", [("Monday", "DATE", "2024-05-20")]),
    (FRIDAY, "The two leaders did not meet Monday.", [("Monday", "DATE", "2024-05-13")]),
    (FRIDAY, "The delegations failed to meet Monday.", [("Monday", "DATE", "2024-05-13")]),
    (date(2024, 11, 5), "Talks are set for 4-6 June in Geneva.", [("4", "DATE", "2025-06-04"), ("6 June", "DATE", "2025-06-06")]),
    (OCTOBER_MONDAY, "It said it is still trying to sell the unit, under a June accord.", [("June", "DATE", "1989-06")]),
    # A cue of the future far back in a long sentence still governs a schedule told in it.
    (date(2024, 3, 28), "She is expected to arrive in Cairo on Monday 1 April, visit Warsaw and Prague on the Tuesday, "
                        "and attend the summit of the alliance on Wednesday.",
     [("Monday 1 April", "DATE", "2024-04-01"), ("Tuesday", "DATE", "2024-04-02"), ("Wednesday", "DATE", "2024-04-03")]),
    # An expression that opens a sentence reads its own sentence's tense, not the one before.
    (FRIDAY, "Officials said he will stay until June.''  Late Monday, lawyers filed a petition.",
     [("June", "DATE", "2024-06"), ("Late Monday", "DATE", "2024-05-13")]),
    # A verb right after the expression outweighs a "will" far back in its sentence.
    (FRIDAY, "The boy will stay with his aunt for at least two more weeks even after a county court "
             "Thursday refused to order a hearing.", [("at least two more weeks", "DURATION", "P2W"), ("Thursday", "DATE", "2024-05-16")]),
    # An age, an ordinal, a fraction and a rate are no lengths of the timeline.
    (FRIDAY, "Mr. Schwarz, 52 years old, will succeed him.", []),
    (FRIDAY, "A second group of directors resigned.", []),
    (FRIDAY, "Wait a second or two.", [("a second", "DURATION", "PT1S")]),
    (FRIDAY, "Banks hold more than a quarter of the market.", []),
    (FRIDAY, "Sales should rise 8.5% annually; it makes 10,000 units annually.", []),
    (FRIDAY, "The prize is awarded annually.", [("annually", "SET", "P1Y")]),
    # "Later" and "earlier" count from the last date the text named; "ago" from the time of writing.
    (FRIDAY, "The talks began on Jan. 4 and ended two weeks later.",
     [("Jan. 4", "DATE", "2024-01-04"), ("two weeks later", "DATE", "2024-W03")]),
    (FRIDAY, "The war began in 1995. Two years later, talks opened; two years ago they failed.",
     [("1995", "DATE", "1995"), ("Two years later", "DATE", "1997"), ("two years ago", "DATE", "2022")]),
    # A narrative date too coarse to count days from still dates what follows it: a day of 1995, not of 2024.
    (FRIDAY, "The war began in 1995. Two days later, talks opened.", [("1995", "DATE", "1995"), ("Two days later", "DATE", "1995")]),
    (FRIDAY, "He was released Feb. 22 and appeared in court the next day; his name was struck off that same day.",
     [("Feb. 22", "DATE", "2024-02-22"), ("the next day", "DATE", "2024-02-23"), ("that same day", "DATE", "2024-02-23")]),
    (FRIDAY, "The war began in 1995; the next day talks failed.", [("1995", "DATE", "1995"), ("the next day", "DATE", "1995")]),
    (FRIDAY, "In April 2010 the footage was published; in July of the same year the logs followed.",
     [("April 2010", "DATE", "2010-04"), ("July of the same year", "DATE", "2010-07")]),
    (FRIDAY, "The war began in 1995. The same year, talks opened.", [("1995", "DATE", "1995"), ("The same year", "DATE", "1995")]),
    # A day after "until" a delay gives is still to come; "since" looks back; a week by one of its days.
    (OCTOBER_MONDAY, "The offer was extended to Nov. 16.", [("Nov. 16", "DATE", "1989-11-16")]),
    (OCTOBER_MONDAY, "Canada gave Merieux until mid-November to reply.", [("mid-November", "DATE", "1989-11")]),
    (OCTOBER_MONDAY, "The bank has grown since November.", [("November", "DATE", "1988-11")]),
    (FRIDAY, "A hearing will be held the week of March 6.", [("the week of March 6", "DATE", "2025-W10")]),
    # The time elsewhere in brackets comes before the day the time falls on.
    (FRIDAY, "The blast came at 10:35 a.m. (0735 GMT) Wednesday.",
     [("10:35 a.m.", "TIME", "2024-05-15T10:35"), ("Wednesday", "DATE", "2024-05-15")]),
    # A count grouped in thousands is one number; one that leaves the calendar keeps only its side.
    (FRIDAY, "The temple was built 1,500 years ago.", [("1,500 years ago", "DATE", "0524")]),
    (FRIDAY, "The ice retreated 12,000 years ago and will return in 50,000 years.",
     [("12,000 years ago", "DATE", "PAST_REF"), ("50,000 years", "DATE", "FUTURE_REF")]),
    (FRIDAY, "It began 3,000,000 days ago.", [("3,000,000 days ago", "DATE", "PAST_REF")]),
    (FRIDAY, "The rock is 99999999999999999999 years old.", []),
    # At the calendar's ends what would leave it is not read (or keeps its side), rather than
    # written as no year: the day after 31 December 9999 is left as the day named.
    (date(9999, 12, 31), "It began last week, the day after Friday, and ends next year, in the next decade and next week.",
     [("last week", "DATE", "9999-W51"), ("Friday", "DATE", "9999-12-31")]),
    (date(1, 1, 1), "It began last year, last week, two days ago and in the previous decade.", [("two days ago", "DATE", "PAST_REF")]),
])
def test_tense_periods_lengths_and_anchors(reference, sentence, expected):
    assert _read(sentence, reference) == expected


WORDS = ["Friday", "last", "week", "May", "10,", "2022", "the", "third", "quarter", "two", "years", "ago", "now", "in",
         "early", "November", "a", "year", "earlier", "will", "meet", "on", "Tuesday", "three-day", "—", "“", "é", "\n", ".",
         "3,000,000", "days", "decade", "next", "following", "later", "day", "after", "century"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=4), max_size=30), st.dates())
def test_every_expression_is_the_text_at_its_offsets_and_none_overlap(words, reference):
    """On any text, against any date of the calendar (its first and last years too)."""
    text = " ".join(words)
    found = read_times(text, reference)
    for expression in found:
        assert text[expression.start : expression.end] == expression.text
        assert expression.type in ("DATE", "TIME", "DURATION", "SET") and expression.value
        assert not re.match(r"-|\d{5}|0000", expression.value), expression  # a year of the calendar, in four digits
    for earlier, later in zip(found, found[1:], strict=False):
        assert earlier.end <= later.start


# ---- TimeML: reading gold, scoring, writing TIMEX3 ---------------------------------------------

TEST_TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST-DATA</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-05-17" functionInDocument="CREATION_TIME">2024-05-17</TIMEX3></DCT>
<TEXT>TEST DATA. Putin <EVENT eid="e1">arrived</EVENT> <TIMEX3 tid="t1" type="DATE" value="2024-05-16">Thursday</TIMEX3> for <TIMEX3 tid="t2" type="DURATION" value="P2D">two days</TIMEX3> of talks.</TEXT>
</TimeML>
"""


def test_a_timeml_report_is_read_with_offsets_into_its_plain_text(tmp_path):
    path = tmp_path / "test-data.tml"
    path.write_text(TEST_TIMEML, encoding="utf-8")
    report = read_timeml(path)
    assert report.reference == FRIDAY
    assert [(t.text, report.text[t.start : t.end], t.type, t.value) for t in report.times] == [
        ("Thursday", "Thursday", "DATE", "2024-05-16"), ("two days", "two days", "DURATION", "P2D")]
    scores = Scores()
    scores.add(read_times(report.text, report.reference), report.times)
    assert scores.f1("strict") == scores.f1("value") == 1.0


def test_a_timeml_file_that_declares_entities_is_refused(tmp_path):
    from timeline.errors import DataFileError

    path = tmp_path / "entities.tml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><TimeML/>', encoding="utf-8")
    with pytest.raises(DataFileError, match="DOCTYPE"):
        read_timeml(path)


def test_timex3_markup_escapes_the_text_and_keeps_it_whole():
    text = "Tom & Jerry met <b>Friday</b>."
    marked = timex3_markup(text, read_times(text, FRIDAY))
    assert '<TIMEX3 tid="t1" type="DATE" value="2024-05-17">Friday</TIMEX3>' in marked
    assert "Tom &amp; Jerry met &lt;b&gt;" in marked


# ---- timeline dates -----------------------------------------------------------------------------


def test_dates_prints_one_json_object_per_expression_with_offsets_into_the_text(runner, tmp_path):
    report = tmp_path / "report.txt"
    text = "TEST DATA. Putin arrived on Thursday for a two-day visit.\n"
    report.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["dates", str(report), "--reference", "2024-05-17", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows == [
        {"start": 28, "end": 36, "text": "Thursday", "type": "DATE", "value": "2024-05-16", "rule": "weekday"},
        {"start": 43, "end": 50, "text": "two-day", "type": "DURATION", "value": "P2D", "rule": "duration"},
    ]
    assert all(text[row["start"] : row["end"]] == row["text"] for row in rows)


def test_dates_takes_the_reference_of_a_source_the_kb_holds(runner):
    result = runner.invoke(cli, ["--kb", "kb", "dates", "kb/sources/xi-putin-beijing-2024-05.txt", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    assert '"text": "earlier this month", "type": "DATE", "value": "2024-05"' in result.output


@pytest.mark.parametrize(("content", "arguments", "message"), [
    (b"Friday", [], "Give the date"),
    (b"", ["--reference", "2024-05-17"], "is empty"),
    (b"\x00\x01binary", ["--reference", "2024-05-17"], "holds NUL bytes"),
    ("Vendredi é".encode("latin-1"), ["--reference", "2024-05-17"], "not UTF-8"),
    (b"Friday", ["--reference", "17/05/2024"], "is not a date"),
])
def test_bad_input_to_dates_is_one_line_and_exit_2(runner, tmp_path, content, arguments, message):
    report = tmp_path / "report.txt"
    report.write_bytes(content)
    result = runner.invoke(cli, ["dates", str(report), *arguments])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output and result.output.count("\n") == 1


def test_a_folder_given_to_dates_is_named_as_one(runner, tmp_path):
    result = runner.invoke(cli, ["dates", str(tmp_path), "--reference", "2024-05-17"])
    assert result.exit_code == 2 and "is a folder" in result.output and result.output.count("\n") == 1


def test_dates_reads_against_the_last_day_of_the_calendar(runner):
    """A reference at the calendar's end: what would pass it is not read (no traceback)."""
    result = runner.invoke(cli, ["dates", "-", "--reference", "9999-12-31", "-f", "jsonl"],
                           input="TEST DATA. It ends next year; it began 3,000,000 days ago and two days ago.")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["value"] for line in result.output.splitlines()] == ["1786-04-11", "9999-12-29"]


def test_a_sentence_is_read_at_most_400_characters_back():
    """A text with no full stop (a run-on list, a feed's dump) gives each expression at most 400
    characters of its sentence, else each would read the whole text before it: time grew with
    the square of the text (5,000 weekdays in a row took 20 s, 10,000 took 84 s). A "will" 600
    characters back no longer governs a weekday."""
    text = "TEST DATA. The talks will, " + "and the envoys, " * 40 + "on Monday"
    monday = text.index("Monday")
    assert monday - 400 <= sentence_start(text, monday) < monday - 380
    assert _read(text) == [("Monday", "DATE", "2024-05-13")]
    assert _read("The talks will, and the envoys, on Monday") == [("Monday", "DATE", "2024-05-20")]


def test_a_long_text_is_read_in_pieces_and_nothing_is_lost_at_the_cuts():
    """A text of many paragraphs and one long paragraph: cut into pieces (so that the cost
    grows with the text), with every expression found once, whole, at its offsets."""
    long_paragraph = "TEST DATA. It happened on May 10, 2022. " * 2_000
    paragraphs = "\n\n".join(["TEST DATA. Talks opened last week."] * 1_000)
    text = long_paragraph + "\n\n" + paragraphs
    found = read_times(text, FRIDAY)
    assert [e.text for e in found].count("May 10, 2022") == 2_000 and [e.text for e in found].count("last week") == 1_000
    assert all(text[e.start : e.end] == e.text for e in found)


def test_expressions_come_as_the_text_is_read(monkeypatch):
    """iter_times gives the first paragraph's expressions having read only the first paragraphs
    (the next is read for what follows the last of them), and then the rest, as read_times does."""
    from timeline.temporal import iter_times, reader

    read: list[tuple[int, int]] = []
    read_chunk = reader._read_chunk

    def spied(text, start, end, reference):
        read.append((start, end))
        return read_chunk(text, start, end, reference)

    monkeypatch.setattr(reader, "_read_chunk", spied)
    text = "\n\n".join(["TEST DATA. Talks opened last week and close on May 20."] * 500)
    expressions = iter_times(text, FRIDAY)
    assert next(expressions).text == "last week" and len(read) <= 2
    assert [next(expressions).text] + [e.text for e in expressions][-1:] == ["May 20", "May 20"]
    assert read == list(reader._chunks(text)) and len(read) > 100
    assert [e.value for e in iter_times(text, FRIDAY)] == [e.value for e in read_times(text, FRIDAY)]


def test_dates_streams_its_jsonl_lines_as_it_reads(tmp_path):
    """Through the installed command: the first line of a long text's answer is out while the
    reader is still at work, before the last line."""
    import subprocess
    import sys
    import time

    long_text = tmp_path / "long.txt"
    long_text.write_text("\n\n".join(["TEST DATA. Talks opened last week and close on May 20."] * 10_000), encoding="utf-8")
    command = [sys.executable, "-m", "timeline", "dates", str(long_text), "--reference", "2024-05-17", "-f", "jsonl"]
    started = time.monotonic()
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        first = process.stdout.readline()
        first_at = time.monotonic()
        rest = process.stdout.readlines()
        last_at = time.monotonic()
    assert json.loads(first)["text"] == "last week" and len(rest) == 19_999 and process.returncode == 0
    # Read whole before printing, the first line came with the last ones (a pipe holds 64 KB of
    # the 2 MB answer). Streamed, it comes once Python has started: well before half the time.
    assert first_at - started < (last_at - started) / 2


def test_dates_refuses_a_text_over_the_source_limit(runner, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Friday " * (1200 * 1024))
    result = runner.invoke(cli, ["dates", str(big), "--reference", "2024-05-17"])
    assert result.exit_code == 2 and "8 MiB" in result.output


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The fair runs from Jan. 4 to 6 in Harbin.", [("Jan. 4", "DATE", "2024-01-04"), ("6", "DATE", "2024-01-06")]),
    ("Talks were held Jan. 4-6, 2023.", [("Jan. 4", "DATE", "2023-01-04"), ("6", "DATE", "2023-01-06")]),
    ("Japan ruled Korea in 1910-45.", [("1910", "DATE", "1910"), ("45", "DATE", "1945")]),
    ("The plan covers 2019-2024.", [("2019", "DATE", "2019"), ("2024", "DATE", "2024")]),
    ("Sales in 2019-12 rose.", [("2019-12", "DATE", "2019-12")]),
])
def test_a_range_is_two_expressions_its_first_and_its_last(sentence, expected):
    assert _read(sentence) == expected
