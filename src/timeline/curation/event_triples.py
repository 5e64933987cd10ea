"""The triples of an events file's parts, once its TOML has been read and checked
(timeline.curation.events): an OWL-Time instant with its precision, a dating interval, a Web
Annotation of a quote, an order between two events kept as a claim, a reported figure, a
concept and a claim. No TOML and no errors here: only the shape of the RDF, in one place."""

from __future__ import annotations

from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, TIME, XSD

from timeline.curation.event_records import EventFacts
from timeline.model.dates import Precision
from timeline.model.evidence import Span
from timeline.rdf.namespaces import OA, SCHEMA, SEM, TL
from timeline.rdf.writers import Triple

__all__ = [
    "annotation_triples", "event_triples", "claim_triples", "concept_triples", "figure_triples", "instant_triples", "interval_triples",
    "order_claim_triples",
]


def event_triples(event: URIRef, facts: EventFacts, areas: list[URIRef]) -> list[Triple]:
    """An event's own facts: a SEM event of its class, its label and status, and what it has of
    a statement's quote, the areas of cooperation it concerns, a meeting count, a record."""
    triples: list[Triple] = [
        (event, RDF.type, facts.class_iri),
        (event, RDF.type, SEM.Event),
        (event, RDFS.label, Literal(facts.label, lang="en")),
        (event, TL.status, TL[facts.status]),
    ]
    if facts.quote is not None:
        triples.append((event, TL.quote, Literal(facts.quote)))
    triples += [(event, TL.cooperationArea, area) for area in areas]
    if facts.meeting_count_more_than is not None:
        triples.append((event, TL.meetingCountMoreThan, Literal(facts.meeting_count_more_than, datatype=XSD.integer)))
    if facts.is_record is not None:
        triples.append((event, TL.isRecord, Literal(facts.is_record)))
    return triples


def instant_triples(instant: URIRef, day: date, precision: Precision) -> list[Triple]:
    """An OWL-Time instant whose date-time description carries the precision as its unit."""
    description = URIRef(f"{instant}/description")
    triples: list[Triple] = [
        (instant, RDF.type, TIME.Instant),
        (instant, TIME.inDateTime, description),
    ]
    if precision is Precision.DAY:
        triples.append((instant, TIME.inXSDDate, Literal(day, datatype=XSD.date)))
    triples += [
        (description, RDF.type, TIME.DateTimeDescription),
        (description, TIME.unitType, URIRef(precision.unit_iri)),
        (description, TIME.year, Literal(f"{day.year:04d}", datatype=XSD.gYear)),
    ]
    if precision is not Precision.YEAR:
        triples.append((description, TIME.month, Literal(f"--{day.month:02d}", datatype=XSD.gMonth)))
    if precision is Precision.DAY:
        triples.append((description, TIME.day, Literal(f"---{day.day:02d}", datatype=XSD.gDay)))
    return triples


def interval_triples(
    event: URIRef, interval: URIRef, source: URIRef, begin: tuple[date, Precision], end: tuple[date, Precision] | None,
    words: dict[URIRef, str],
) -> list[Triple]:
    """A source's dating of an event: an interval derived from the source, from the beginning
    of `begin` to the end of `end` (none where the end is unknown), with the source's words and
    how they were read (`words`: tl:dateExpression, tl:dateResolution)."""
    begin_instant, end_instant = URIRef(f"{interval}/begin"), URIRef(f"{interval}/end")
    triples: list[Triple] = [
        (event, TIME.hasTime, interval),
        (interval, RDF.type, TIME.Interval),
        (interval, PROV.wasDerivedFrom, source),
        (interval, TIME.hasBeginning, begin_instant),
        *instant_triples(begin_instant, *begin),
    ]
    if end is not None:
        triples += [(interval, TIME.hasEnd, end_instant), *instant_triples(end_instant, *end)]
    triples += [(interval, predicate, Literal(text, lang="en")) for predicate, text in words.items()]
    return triples


def annotation_triples(annotation: URIRef, body: URIRef, source: URIRef, span: Span) -> list[Triple]:
    """A W3C Web Annotation identifying `body` with a quote of the source, by its words and
    context (TextQuoteSelector) and by its characters (TextPositionSelector)."""
    target = URIRef(f"{annotation}/target")
    quote_selector = URIRef(f"{annotation}/quote")
    position_selector = URIRef(f"{annotation}/position")
    return [
        (annotation, RDF.type, OA.Annotation),
        (annotation, OA.motivatedBy, OA.identifying),
        (annotation, OA.hasBody, body),
        (annotation, OA.hasTarget, target),
        (target, RDF.type, OA.SpecificResource),
        (target, OA.hasSource, source),
        (target, OA.hasSelector, quote_selector),
        (target, OA.hasSelector, position_selector),
        (quote_selector, RDF.type, OA.TextQuoteSelector),
        (quote_selector, OA.exact, Literal(span.exact)),
        (quote_selector, OA.prefix, Literal(span.prefix)),
        (quote_selector, OA.suffix, Literal(span.suffix)),
        (position_selector, RDF.type, OA.TextPositionSelector),
        # xsd:integer, not the xsd:nonNegativeInteger of the Web Annotation context: Oxigraph
        # stores derived integer types as xsd:integer, and an export must give back exactly
        # the literals that were loaded. The value is the same; the shapes require >= 0.
        (position_selector, OA.start, Literal(span.start, datatype=XSD.integer)),
        (position_selector, OA.end, Literal(span.end, datatype=XSD.integer)),
    ]


def order_claim_triples(claim: URIRef, event: URIRef, property_name: str, other: URIRef, words: str) -> list[Triple]:
    """"shortly before X": the relation between the two events, and the claim that states it
    without a date (its evidence is annotated apart)."""
    return [
        (event, TL[property_name], other),
        (claim, RDF.type, TL.Claim),
        (claim, RDF.type, PROV.Entity),
        (claim, RDF.type, RDF.Statement),
        (claim, RDF.subject, event),
        (claim, RDF.predicate, TL[property_name]),
        (claim, RDF.object, other),
        (claim, TL.about, event),
        (claim, TL.about, other),
        (claim, RDFS.label, Literal(f"{words[:1].upper()}{words[1:]}: an order stated without a date.", lang="en")),
    ]


def figure_triples(event: URIRef, figure: URIRef, amount: str, currency: str, basis: str | None, source: URIRef) -> list[Triple]:
    """A figure the source reports for the event: an amount of money (schema:MonetaryAmount),
    with what the source says it counts (`basis`)."""
    triples: list[Triple] = [
        (event, TL.reportedFigure, figure),
        (figure, RDF.type, SCHEMA.MonetaryAmount),
        (figure, SCHEMA.value, Literal(amount, datatype=XSD.decimal)),
        (figure, SCHEMA.currency, Literal(currency)),
    ]
    if basis:
        triples.append((figure, TL.figureBasis, Literal(basis, lang="en")))
    triples.append((figure, PROV.wasDerivedFrom, source))
    return triples


def concept_triples(concept: URIRef, label: str) -> list[Triple]:
    """An area of cooperation, a SKOS concept named in English."""
    text = Literal(label, lang="en")
    return [
        (concept, RDF.type, TL.CooperationArea),
        (concept, RDF.type, SKOS.Concept),
        (concept, RDFS.label, text),
        (concept, SKOS.prefLabel, text),
    ]


def claim_triples(claim: URIRef, label: str, statement: tuple[URIRef, URIRef, URIRef] | None, about: list[URIRef]) -> list[Triple]:
    """A claim of the source about events, concepts or entities; where it states a relation
    (`statement`), the relation itself and its reification as an rdf:Statement."""
    triples: list[Triple] = [
        (claim, RDF.type, TL.Claim),
        (claim, RDF.type, PROV.Entity),
        (claim, RDFS.label, Literal(label, lang="en")),
    ]
    if statement is not None:
        subject, predicate, obj = statement
        triples += [
            (claim, RDF.type, RDF.Statement),
            (claim, RDF.subject, subject),
            (claim, RDF.predicate, predicate),
            (claim, RDF.object, obj),
            (subject, predicate, obj),
        ]
    triples += [(claim, TL.about, item) for item in about]
    return triples
