"""timeline's version, and how every request it makes names it. A module of its own, below
everything: the package's __init__ also opens the Python API, which would import the stores
that name themselves with it."""

__version__ = "0.1.0"

# Every request timeline makes (to a SPARQL endpoint, to a web page and its robots.txt) names it.
USER_AGENT_VARIABLE = "TIMELINE_USER_AGENT"
DEFAULT_USER_AGENT = (
    f"timeline/{__version__} (event-timeline knowledge base; set ${USER_AGENT_VARIABLE} to name yourself and a contact)"
)
