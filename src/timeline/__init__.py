"""timeline: an event-timeline knowledge base.

Events reported by news sources, as RDF under a small ontology aligned to SEM, OWL-Time,
PROV-O and the W3C Web Annotation vocabulary, each traced to the exact words of its source.
"""

__version__ = "0.1.0"
