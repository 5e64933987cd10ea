"""The knowledge base folder: which files it holds and the named graph each is loaded into."""
