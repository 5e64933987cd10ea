"""timeline: an event-timeline knowledge base.

Events reported by news sources, as RDF under a small ontology aligned to SEM, OWL-Time,
PROV-O and the W3C Web Annotation vocabulary, each traced to the exact words of its source.
"""

from timeline.version import __version__ as __version__

__all__ = ["IRI", "KnowledgeBase", "Rows", "open"]


def __getattr__(name: str) -> object:
    """The Python API (timeline.api), imported when first asked for: the command line, which
    imports this package first, does not pay for it."""
    if name in __all__:
        from timeline import api

        return getattr(api, name)
    raise AttributeError(f"module 'timeline' has no attribute {name!r}")
