"""Time expressions: finding them in a text and reading each as TimeML does (a type and a
normalised value), against the reference date of the report they are in."""

from timeline.temporal.reader import TimeExpression, iter_times, read_times

__all__ = ["TimeExpression", "iter_times", "read_times"]
