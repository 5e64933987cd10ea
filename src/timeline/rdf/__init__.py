"""RDF without a store: the project's namespaces, the one module that writes RDF terms, the
deterministic writers, and safe file writes."""
