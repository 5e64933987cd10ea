"""`timeline serve`: the knowledge base on the web."""
