"""The quarter a business report is about, followed through its text.

Business news reports a quarter's results and compares them with the same period a year before:
"third-quarter profit ... compared with a year earlier". A year earlier or ago, after a quarter was
named, is that quarter of the year before. What sets the quarter reported:

- a quarter of the reporting year that has ended, or that the text says ended or was reported
  (a fiscal "fourth quarter ended Sept. 30", "reported a decline in fourth-quarter earnings");
  a quarter still to come is a forecast ("sales in the third quarter of 1990");
- one named by an earlier year is already the year-ago period ("in the 1988 period ... the
  year-ago results"), and an earlier quarter of the year is background ("after a flat second
  quarter") unless the text says it ended;
- "the quarter" and "the latest period" are the quarter reported, "the 1988 period" that quarter
  of 1988; "the quarter ended July 31" is the calendar quarter holding most of its three months
  (May to July: the second), whatever a company's fiscal year calls it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from timeline.temporal.business_periods import last_quarter_ended, quarter_of
from timeline.temporal.tense import sentence_start, told_as_over

QUARTER_VALUE = re.compile(r"\d{4}-Q[1-4]")
_THE_QUARTER = re.compile(r"the\s+quarter", re.IGNORECASE)
_YEAR_PERIOD = re.compile(r"(?:the\s+)?\d{4}\s+(?:quarter|period)", re.IGNORECASE)
_ENDED = re.compile(r"\s+ended\s+")  # "the quarter ended Sept. 30": a period that is over
_A_YEAR_BEFORE = ("offset", "year-ago", "period-a-year-before")  # the rows that name a year before


class ReportedQuarter:
    """The quarter the report is about so far (`current`, as "1989-Q3", or None)."""

    def __init__(self, reference: date) -> None:
        self.reference = reference
        self.reporting_year, number = last_quarter_ended(reference)
        self.last_ended = f"{self.reporting_year}-Q{number}"
        self.current: str | None = None
        self.current_is_a_year_before = False  # named as the year-ago period itself: "the 1988 period"
        self.forecast: tuple[str, int] = ("", -1)  # the last quarter to come named, and where its sentence starts

    def quarter(self, expression: str, rule: str, value: str, start: int, end: int, text: str,
                following: tuple[int, str] | None) -> str:
        """The value of an expression read as a quarter (`value`, by the pattern row `rule`), given
        the text around it and where the next expression starts and its value ("the quarter ended
        July 31"); the quarter reported is updated."""
        ended = _ENDED.match(text, end)
        reported = value <= self.last_ended or bool(ended) or told_as_over(text, start, end)
        end_day = following[1] if ended and following and following[0] == ended.end() else ""
        the_quarter = bool(_THE_QUARTER.fullmatch(expression))
        if the_quarter and re.fullmatch(r"\d{4}-\d\d-\d\d", end_day):
            value = _quarter_ending(date.fromisoformat(end_day))
        elif self.current and (rule == "latest-period" or the_quarter):
            return self.current  # the quarter already reported, named again
        elif self.current and _YEAR_PERIOD.fullmatch(expression):
            return value[:5] + self.current[5:]
        if not reported and value > self.last_ended and rule not in _A_YEAR_BEFORE:
            self.forecast = (value, sentence_start(text, start))
        if reported and (self.current is None or value >= self.current or ended):
            self.current = value
            self.current_is_a_year_before = bool(re.search(r"\d{4}", expression)) and int(value[:4]) < self.reporting_year
        return value

    def year_before(self, rule: str, value: str, start: int, text: str) -> str:
        """The value of an expression of a year before ("a year earlier", "the year-ago period"):
        the quarter reported, a year before, where there is one; or a quarter to come named
        earlier in the same sentence ("expects the second quarter to be weaker than a year
        earlier")."""
        if (self.current is None and not self.forecast[0]) or rule not in _A_YEAR_BEFORE or not re.fullmatch(r"\d{4}", value):
            return value
        if rule == "offset" and int(value) != self.reference.year - 1:
            return value  # "two years ago": no comparison of periods
        forecast, forecast_in = self.forecast
        if forecast and forecast_in == sentence_start(text, start):
            return f"{int(forecast[:4]) - 1}{forecast[4:]}"
        if self.current is None:
            return value
        year = int(self.current[:4]) - (0 if self.current_is_a_year_before else 1)
        return f"{year}{self.current[4:]}"


def _quarter_ending(day: date) -> str:
    """The calendar quarter that holds most of the three months up to a day: a quarter named by
    its last day ("the quarter ended July 31", May to July) is the one of its middle month."""
    middle = date(day.year, day.month, 1) - timedelta(days=1)
    return f"{middle.year}-Q{quarter_of(middle)}"
