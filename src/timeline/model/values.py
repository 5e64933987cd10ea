"""RDF terms as Python values: what the Python API's rows and the read model of events hold,
so that nothing is parsed back from display text."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, TypeAlias

from timeline.errors import TimelineError
from timeline.rdf.model import BlankNode, NamedNode, Term
from timeline.rdf.prefixes import XSD_IRI

if TYPE_CHECKING:
    from decimal import Decimal

    from timeline.model.dates import ImpreciseDate

__all__ = ["IRI", "Value", "python_value"]


class IRI(str):
    """An IRI, as a str: told apart from a literal's text by its type."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"IRI({str.__repr__(self)})"


# A string, so that `decimal` is imported only when a decimal is read (2 ms of a query's start).
Value: TypeAlias = "str | int | float | bool | Decimal | datetime.date | datetime.datetime | ImpreciseDate | IRI | None"

_INTEGERS = {"integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
             "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"}


def python_value(term: Term | None) -> Value:
    """A term of a row as a Python value: an IRI as IRI; a literal by its datatype (integers
    as int, xsd:decimal as Decimal, xsd:double and xsd:float as float, xsd:boolean as bool,
    xsd:date and xsd:dateTime as date and datetime, xsd:gYear and xsd:gYearMonth as an
    ImpreciseDate that keeps the precision, xsd:gMonth and xsd:gDay as the month's or the
    day's number); any other literal, or one whose text its datatype
    does not allow, as its text; a blank node as `_:label`."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return IRI(term.value)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    text, datatype = term.value, term.datatype.value
    if not datatype.startswith(XSD_IRI):
        return text
    local = datatype[len(XSD_IRI):]
    try:
        if local in _INTEGERS:
            return int(text)
        if local == "decimal":
            return _decimal(text)
        if local in ("double", "float"):
            return float(text)
        if local == "boolean":
            return {"true": True, "1": True, "false": False, "0": False}[text.strip()]
        if local == "date":
            return datetime.date.fromisoformat(text)
        if local == "dateTime":
            return datetime.datetime.fromisoformat(text)
        if local in ("gYear", "gYearMonth"):
            from timeline.model.dates import ImpreciseDate  # only when a gYear is read: 1 ms of a query's start

            return ImpreciseDate.parse(text)
        if local == "gMonth":  # --05: the month of a date-time description
            return int(text.removeprefix("--"))
        if local == "gDay":  # ---16
            return int(text.removeprefix("---"))
    except (ValueError, KeyError, TimelineError):
        return text
    return text


def _decimal(text: str) -> Decimal | str:
    """An xsd:decimal's text as a Decimal; the text itself when it is none."""
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(text)
    except InvalidOperation:
        return text
