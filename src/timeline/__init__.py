"""timeline: an event-timeline knowledge base.

Events reported by news sources, as RDF under a small ontology aligned to SEM, OWL-Time,
PROV-O and the W3C Web Annotation vocabulary, each traced to the exact words of its source.
"""

__version__ = "0.1.0"

# Every request timeline makes (to a SPARQL endpoint, to a web page and its robots.txt) names it.
USER_AGENT_VARIABLE = "TIMELINE_USER_AGENT"
DEFAULT_USER_AGENT = (
    f"timeline/{__version__} (event-timeline knowledge base; set ${USER_AGENT_VARIABLE} to name yourself and a contact)"
)
