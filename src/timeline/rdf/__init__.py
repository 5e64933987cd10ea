"""RDF without a store: the project's prefixes and namespaces, the two term models (Oxigraph's
for the query path, rdflib's for building and validating graphs) and the modules that write
them, the deterministic writers, and safe file writes."""
