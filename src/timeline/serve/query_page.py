"""The SPARQL query page of `timeline serve` (/sparql): a form that runs a query on the
endpoint and shows the rows as a table. It is one page with its script inline and asks nothing
of any other site, so it works offline; values from the store reach it as text, never as markup.
"""

from __future__ import annotations

import html


def query_page(title: str) -> str:
    from timeline.catalog import program_query

    opening = "\n".join(line for line in program_query("query-page-example").text.splitlines() if not line.startswith("#+")).lstrip()
    return _PAGE.replace("{title}", html.escape(title)).replace("{query}", html.escape(opening))


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'">
<title>SPARQL: {title}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 20px 20px; color: #1d2330; background: #fafbfc; }
  h1 { font-size: 1.25rem; margin: 12px 0 6px; }
  nav { font-size: 0.85rem; margin-bottom: 10px; }
  textarea { width: 100%; height: 16em; font-family: ui-monospace, monospace; font-size: 13px; box-sizing: border-box; }
  .bar { display: flex; gap: 12px; align-items: center; margin: 8px 0; font-size: 0.9rem; flex-wrap: wrap; }
  #status { color: #4a5264; }
  #status.error { color: #b00020; white-space: pre-wrap; }
  table { border-collapse: collapse; font-size: 13px; background: white; }
  th, td { border: 1px solid #d7dbe3; padding: 3px 6px; text-align: left; vertical-align: top; }
  th { background: #eef1f6; }
  pre { background: white; border: 1px solid #d7dbe3; padding: 8px; overflow: auto; }
</style>
</head>
<body>
<h1>SPARQL: {title}</h1>
<nav><a href="/">timeline</a> · <a href="/queries">stored queries (JSON)</a> · <a href="/openapi.json">OpenAPI</a> ·
  endpoint: <code>/query</code> (SPARQL 1.1 Protocol, read-only)</nav>
<form id="form">
  <div class="bar">
    <label>Start from a stored query <select id="stored"><option value="">choose…</option></select></label>
  </div>
  <textarea id="query" name="query" spellcheck="false">{query}</textarea>
  <div class="bar">
    <button type="submit" id="run">Run (Ctrl+Enter)</button>
    <label>Show <select id="format">
      <option value="application/sparql-results+json">table</option>
      <option value="text/csv">CSV</option>
      <option value="text/tab-separated-values">TSV</option>
      <option value="text/turtle">Turtle (CONSTRUCT, DESCRIBE)</option>
    </select></label>
    <span id="status"></span>
  </div>
</form>
<div id="results"></div>
<script>
"use strict";
const form = document.getElementById("form"), textarea = document.getElementById("query");
const status = document.getElementById("status"), results = document.getElementById("results");
const format = document.getElementById("format"), stored = document.getElementById("stored");

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri" && /^https?:\\/\\//.test(term.value)) {
    const a = document.createElement("a"); a.href = term.value; a.textContent = term.value; a.rel = "noreferrer"; td.appendChild(a);
  } else {
    td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
    if (term["xml:lang"]) td.title = "@" + term["xml:lang"]; else if (term.datatype) td.title = term.datatype;
  }
  return td;
}

function table(document_) {
  if ("boolean" in document_) { const p = document.createElement("p"); p.textContent = "Answer: " + document_.boolean; return p; }
  const t = document.createElement("table"), head = t.createTHead().insertRow();
  for (const name of document_.head.vars) { const th = document.createElement("th"); th.textContent = name; head.appendChild(th); }
  const body = t.createTBody();
  for (const binding of document_.results.bindings) {
    const row = body.insertRow();
    for (const name of document_.head.vars) row.appendChild(cell(binding[name]));
  }
  return t;
}

async function run() {
  status.className = ""; status.textContent = "running…"; results.replaceChildren();
  const started = performance.now();
  try {
    const response = await fetch("/query", {method: "POST", headers: {"Content-Type": "application/sparql-query", "Accept": format.value}, body: textarea.value});
    const text = await response.text();
    if (!response.ok) { status.className = "error"; status.textContent = response.status + ": " + text; return; }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if ((response.headers.get("Content-Type") || "").includes("sparql-results+json")) {
      const document_ = JSON.parse(text);
      results.appendChild(table(document_));
      status.textContent = ("boolean" in document_ ? "answered" : document_.results.bindings.length + " rows") + " in " + seconds + " s";
    } else {
      const pre = document.createElement("pre"); pre.textContent = text; results.appendChild(pre);
      status.textContent = "answered in " + seconds + " s";
    }
  } catch (error) { status.className = "error"; status.textContent = String(error); }
}

form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
textarea.addEventListener("keydown", (event) => { if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); } });
fetch("/queries").then((r) => r.json()).then((catalogue) => {
  for (const query of catalogue.queries) {
    const option = document.createElement("option"); option.value = query.sparql_url; option.textContent = query.name + ": " + query.summary;
    stored.appendChild(option);
  }
});
stored.addEventListener("change", async () => {
  if (!stored.value) return;
  textarea.value = await (await fetch(stored.value)).text();
  status.className = ""; status.textContent = "Parameters (?_name) are bound by /queries/NAME?name=value; here, replace them by values.";
});
</script>
</body>
</html>
"""
