"""Plain values of the domain, with no store or query behind them: dates and their precision,
the date expressions of authoring files, quotes located in a source's text, and names."""
