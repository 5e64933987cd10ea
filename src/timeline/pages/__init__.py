"""Web pages as sources: fetching one politely and safely (`fetcher`, `robots`), and reading the
report out of it, its text, title, authors, site, language and publication date (`article`)."""
