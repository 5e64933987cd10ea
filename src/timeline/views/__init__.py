"""Ways to look at the knowledge base: the one read model of its events (views.events), the
terminal timeline, the HTML page, TimelineJS and CSV exports, query results and the docs."""
