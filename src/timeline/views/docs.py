"""`timeline docs`: HTML documentation of the ontology (made by pyLODE) and of the stored
query catalogue (each query's summary, parameters, example command and example result)."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from timeline.catalog import StoredQuery, select, stored_queries
from timeline.errors import TimelineError
from timeline.rdf.files import write_atomically
from timeline.resources import ontology_dir
from timeline.rdf.model import short_value
from timeline.store.protocol import Store

EXAMPLE_ROWS = 10


def ontology_page() -> str:
    root = logging.getLogger()
    level = root.level
    try:
        from pylode import OntPub

        # pyLODE sets the root logger to DEBUG when imported; keep its chatter off the terminal.
        root.setLevel(logging.WARNING)
        return str(OntPub(ontology=ontology_dir() / "timeline.ttl").make_html())
    except ImportError:
        raise TimelineError("The ontology documentation needs pyLODE: pip install 'timeline-kb[docs]' (pyLODE 3.3.4).") from None
    finally:
        root.setLevel(level)


def catalogue_page(store: Store) -> str:
    sections = []
    for query in stored_queries().queries.values():
        sections.append(_section(query, store))
    return _PAGE.format(count=len(sections), sections="\n".join(sections))


def _section(query: StoredQuery, store: Store) -> str:
    parameters = "".join(
        f"<li><code>{html.escape(p.name)}</code> ({html.escape(p.type.value)}): {html.escape(p.description)}</li>"
        for p in query.parameters
    )
    if "federated" in query.tags:
        example = "<p><em>Asks a remote endpoint: not run when these pages are made.</em></p>"
    else:
        result = select(query, query.example, store)
        header = "".join(f"<th>{html.escape(name)}</th>" for name in result.variables)
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(short_value(term))}</td>" for term in row) + "</tr>"
            for row in result.table[:EXAMPLE_ROWS]
        )
        more = f"<p>… {len(result.table) - EXAMPLE_ROWS} more rows.</p>" if len(result.table) > EXAMPLE_ROWS else ""
        example = f"<table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>{more}"
    return f"""<section id="{html.escape(query.name)}">
<h2>{html.escape(query.name)}</h2>
<p>{html.escape(query.summary)}</p>
{f"<p>{html.escape(query.description)}</p>" if query.description else ""}
{f"<h3>Parameters</h3><ul>{parameters}</ul>" if parameters else ""}
<p>Tags: {html.escape(", ".join(query.tags))}</p>
<h3>Example</h3>
<pre>$ {html.escape(query.example_command())}</pre>
{example}
<details><summary>The query</summary><pre>{html.escape(query.text)}</pre></details>
</section>"""


def write_docs(folder: Path, store: Store) -> list[Path]:
    written = [folder / "ontology.html", folder / "queries.html"]
    pages = [ontology_page(), catalogue_page(store)]
    for path, text in zip(written, pages, strict=True):
        write_atomically(path, text)
    return written


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>timeline: stored queries</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #1d2330; }}
table {{ border-collapse: collapse; font-size: 0.85rem; }} td, th {{ border: 1px solid #d7dbe3; padding: 2px 6px; text-align: left; vertical-align: top; }}
pre {{ background: #f3f5f8; padding: 8px; overflow-x: auto; }} section {{ border-top: 1px solid #d7dbe3; margin-top: 2rem; }}
</style></head>
<body><h1>The stored queries of timeline</h1>
<p>{count} queries. Each runs with <code>timeline query NAME -p NAME VALUE</code>; the examples ran on the seed knowledge base when this page was made.</p>
{sections}
</body></html>
"""
