"""`timeline html`: one self-contained HTML page that shows the knowledge base on a zoomable
time axis (vis-timeline, inlined with its licence notice), opens offline from disk and makes
no request.

How the page draws precision: a day-precise event is a point; an interval known to the day
is a solid bar; an event known only to the month or the year is a hatched bar over the whole
month or year, drawn apart from a known interval; an ongoing one fades out at the source's
date; a planned one is dashed. Sub-events share their top event's band. Clicking an event
shows its dates as each source states them, its actors and places with their Wikidata links,
its status, and the source passages with the supporting words highlighted, cut from the
stored text at the stored offsets.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import date, timedelta
from importlib.resources import files

from timeline.model.dates import ImpreciseDate, Precision
from timeline.views.events import EventView, Source

VENDOR = "vendor/vis-timeline"


def _vendored(name: str) -> str:
    text = (files("timeline") / VENDOR / name).read_text(encoding="utf-8")
    # No source map: the page must not ask for anything, even from developer tools.
    return "\n".join(line for line in text.splitlines() if not line.startswith("//# sourceMappingURL="))


def _inline(text: str, closing: str) -> str:
    """Code to put inside <script> or <style> as it is: refuse what would end the element early."""
    lowered = text.lower()
    if closing in lowered or "<!--" in lowered:
        raise ValueError(f"cannot inline code containing {closing!r} or '<!--'")
    return text


def _json_for_script(value: object) -> str:
    """JSON that can stand inside <script>: every < written as \\u003c, still valid JSON."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def _item(event: EventView, now: str) -> dict[str, object]:
    """The vis-timeline item of an event, its shape chosen by the precision of its dates."""
    begin_day = event.begin_precision is Precision.DAY
    end_day = event.end_precision in (None, Precision.DAY)
    if not event.end and event.status == "ongoing":
        kind, start, end, shape = "range", event.earliest, now, "ongoing"
    elif begin_day and end_day and event.earliest == event.latest:
        kind, start, end, shape = "point", event.earliest, None, "day"
    elif begin_day and end_day:
        kind, start, end, shape = "range", event.earliest, event.latest, "interval"
    else:
        kind, start, end, shape = "range", event.earliest, event.latest, "imprecise"
    item: dict[str, object] = {
        "id": event.id,
        "content": f'<span class="when">{html.escape(event.shown_date)}</span> <span class="what">{html.escape(event.label)}</span>'
        + (" <em>(planned)</em>" if event.status == "planned" else ""),
        "title": html.escape(f"{event.shown_date} · {event.kind} · {event.status}"),
        "start": start,
        "type": kind,
        "className": f"shape-{shape} status-{event.status}",
    }
    if end is not None:
        item["end"] = (date.fromisoformat(end) + timedelta(days=1)).isoformat()  # through the whole last day
    return item


def _dates(record: dict[str, object], begin: ImpreciseDate, end: ImpreciseDate | None) -> dict[str, object]:
    """Dates in the page's data as the stored queries write them: "2022", "2024-05", "2024-05-16"."""
    return {**record, "begin": begin.iso, "end": end.iso if end else ""}


def _event_record(event: EventView, root: str) -> dict[str, object]:
    record = _dates(asdict(event), event.begin, event.end)
    del record["class_iri"]  # the page shows the kind by its label; the IRI would weigh on 10,000 events
    record["datings"] = [{**_dates(asdict(d), d.begin, d.end), "shown": d.shown} for d in event.datings]
    return {**record, "shownDate": event.shown_date, "root": root}


def render_page(events: list[EventView], sources: list[Source], title: str, links: tuple[tuple[str, str], ...] = ()) -> str:
    """The page as one string, for a caller that keeps it (a notebook); `page_pieces` writes the
    same bytes piece by piece."""
    return "".join(page_pieces(events, sources, title, links))


def page_pieces(events: list[EventView], sources: list[Source], title: str, links: tuple[tuple[str, str], ...] = ()) -> Iterator[str]:
    """The page in pieces, one event at a time, to write as they come: at 240,000 events the
    page is half a gigabyte, and made as one string it was held three times over (5.7 GB).
    `links` (text, href) go under the heading: `timeline serve` links its API."""
    reference = max((source.reference_date for source in sources if source.reference_date), default=date.today().isoformat())
    roots = {event.iri: event for event in events}

    def root_of(event: EventView) -> str:
        seen = set()
        while event.parent and event.parent in roots and event.iri not in seen:
            seen.add(event.iri)
            event = roots[event.parent]
        return event.id

    head, tail = _PAGE.split("{data}")
    yield head.format(
        title=html.escape(title),
        vis_css=_inline(_vendored("vis-timeline-graph2d.min.css"), "</style"),
        licence=html.escape((files("timeline") / VENDOR / "LICENSE.md").read_text(encoding="utf-8")),
        count=len(events),
        links=_links(links),
    )
    # The same bytes as json.dumps of {"title", "reference", "events", "items", "sources"}.
    yield f'{{"title": {_json_for_script(title)}, "reference": {_json_for_script(reference)}, "events": ['
    yield from _joined(_json_for_script(_event_record(event, root_of(event))) for event in events)
    yield '], "items": ['
    yield from _joined(_json_for_script(_item(event, reference)) for event in events)
    yield '], "sources": {'
    yield from _joined(f"{_json_for_script(source.title)}: {_json_for_script(source.text)}" for source in _by_title(sources))
    yield "}}"
    yield tail.format(vis_js=_inline(_vendored("vis-timeline-graph2d.min.js"), "</script"))


def _joined(pieces: Iterable[str]) -> Iterator[str]:
    """Pieces with ", " between them, as json.dumps separates the members of a list."""
    for index, piece in enumerate(pieces):
        yield f", {piece}" if index else piece


def _by_title(sources: list[Source]) -> list[Source]:
    """One source per title, the last of them, as a dict made from them in order keeps it."""
    return list({source.title: source for source in sources}.values())


def _links(links: tuple[tuple[str, str], ...]) -> str:
    if not links:
        return ""
    items = " · ".join(f'<a href="{html.escape(href)}">{html.escape(text)}</a>' for text, href in links)
    return f'  <nav class="links">{items}</nav>\n'



_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<!-- vis-timeline 8.5.4, inlined. Its licence:
{licence}
-->
<style>{vis_css}</style>
<style>
  body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d2330; background: #fafbfc; }}
  header {{ padding: 12px 20px 4px; }}
  h1 {{ font-size: 1.25rem; margin: 0 0 6px; }}
  nav.links {{ font-size: 0.85rem; margin: 0 0 8px; }}
  .controls {{ display: flex; gap: 16px; align-items: center; flex-wrap: wrap; font-size: 0.9rem; }}
  .legend {{ display: flex; gap: 14px; font-size: 0.8rem; color: #4a5264; margin: 8px 0; flex-wrap: wrap; }}
  .legend span::before {{ content: ""; display: inline-block; width: 22px; height: 10px; margin-right: 5px; vertical-align: middle; }}
  .legend .l-day::before {{ width: 10px; border-radius: 50%; background: #2f6fde; }}
  .legend .l-interval::before {{ background: #2f6fde; }}
  .legend .l-imprecise::before {{ background: repeating-linear-gradient(45deg, #f0b429 0 4px, #fff3d6 4px 8px); border: 1px solid #c98b00; }}
  .legend .l-ongoing::before {{ background: linear-gradient(90deg, #8250c8, #eadcff); }}
  .legend .l-planned::before {{ border: 2px dashed #2f8f5b; }}
  #timeline {{ margin: 0 20px; background: white; border: 1px solid #d7dbe3; }}
  .vis-item {{ font-size: 12px; border-color: #2f6fde; background-color: #dbe7fb; }}
  .vis-item.shape-imprecise {{ background: repeating-linear-gradient(45deg, #ffe7a8 0 6px, #fff6df 6px 12px); border: 1px dashed #c98b00; }}
  .vis-item.shape-interval {{ background-color: #bcd2f7; }}
  .vis-item.shape-ongoing {{ background: linear-gradient(90deg, #d7c2f5, #ffffff); border-color: #8250c8; border-right-style: dotted; }}
  .vis-item.status-planned {{ border: 2px dashed #2f8f5b; background-color: #e3f4ea; }}
  .vis-item .when {{ color: #6b7385; font-size: 11px; }}
  .vis-item.vis-selected {{ background-color: #ffe08a; border-color: #d49a00; }}
  .vis-item.cluster {{ background-color: #eef1f6; border-color: #8a93a6; color: #1d2330; cursor: zoom-in; }}
  #details {{ margin: 14px 20px 30px; padding: 14px 18px; background: white; border: 1px solid #d7dbe3; min-height: 4em; }}
  #details h2 {{ font-size: 1.1rem; margin: 0 0 6px; }}
  #details dl {{ display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 8px 0; }}
  #details dt {{ font-weight: 600; color: #4a5264; }}
  #details dd {{ margin: 0; }}
  .passage {{ border-left: 3px solid #d7dbe3; padding: 4px 10px; margin: 6px 0; white-space: pre-wrap; }}
  .passage mark {{ background: #ffe08a; }}
  .passage .from {{ display: block; color: #4a5264; font-size: 0.8rem; margin-top: 4px; }}
  footer {{ margin: 0 20px 20px; font-size: 0.75rem; color: #6b7385; }}
</style>
</head>
<body>
<header>
  <h1>{title}</h1>
{links}  <div class="controls">
    <label>Actor <select id="actor-filter"><option value="">all actors</option></select></label>
    <label><input type="checkbox" id="group-by-actor"> group by actor</label>
    <button id="fit" type="button">show everything</button>
    <span id="count">{count} events</span>
  </div>
  <div class="legend">
    <span class="l-day">a day</span><span class="l-interval">a known interval</span>
    <span class="l-imprecise">known only to the month or year</span><span class="l-ongoing">ongoing at the source's date</span>
    <span class="l-planned">planned at the source's date</span>
  </div>
</header>
<div id="timeline"></div>
<section id="details"><p>Click an event to see its dates, actors, places and the words of the sources behind it.</p></section>
<footer>Made by timeline from its knowledge base; every event is shown as the knowledge base states it. vis-timeline is dual-licensed Apache-2.0 or MIT (see the page source).</footer>
<script id="timeline-data" type="application/json">{data}</script>
<script>{vis_js}</script>
<script>
(function () {{
  "use strict";
  const data = JSON.parse(document.getElementById("timeline-data").textContent);
  const byId = new Map(data.events.map(e => [e.id, e]));
  const actors = new Map();
  for (const e of data.events) for (const a of e.actors) actors.set(a.entity, a.name);
  const select = document.getElementById("actor-filter");
  for (const [entity, name] of [...actors.entries()].sort((x, y) => x[1].localeCompare(y[1]))) {{
    const option = document.createElement("option");
    option.value = entity; option.textContent = name; select.appendChild(option);
  }}
  // Windowing: vis-timeline makes a DOM node for every item it holds, and 16,000 took minutes
  // to show. The page hands it only what the visible window needs: the events themselves
  // when at most DRAWN_AT_ONCE of them fall in it or the window is a month or less, else one
  // bar per stretch of time per lane ("N events"), which zooms to its stretch when clicked.
  const DRAWN_AT_ONCE = 250, BINS = 48, MONTH = 1000 * 60 * 60 * 24 * 31;
  let items = new vis.DataSet();
  const groups = new vis.DataSet();
  const spans = new Map(data.items.map(i => [i.id, [Date.parse(i.start), Date.parse(i.end || i.start)]]));
  function windowOf(ranges) {{
    // Everything at a glance, with room after the last event for its label.
    let first = Infinity, last = -Infinity;
    for (const [from, to] of ranges) {{ first = Math.min(first, from); last = Math.max(last, to); }}
    const span = Math.max(last - first, 1000 * 60 * 60 * 24 * 30);
    return [first - span * 0.02, last + span * 0.2];
  }}
  const reference = Date.parse(data.reference);
  const [initialStart, initialEnd] = windowOf(spans.size ? spans.values() : [[reference, reference]]);
  const timeline = new vis.Timeline(document.getElementById("timeline"), items, groups, {{
    start: initialStart, end: initialEnd, showCurrentTime: false,
    stack: true, stackSubgroups: true, zoomMin: 1000 * 60 * 60 * 24 * 2, orientation: "top", maxHeight: 560,
    margin: {{ item: 6 }}, tooltip: {{ followMouse: true }}, groupOrder: "content",
  }});
  window.timelineView = {{ timeline, items, data, drawnAtOnce: DRAWN_AT_ONCE }};

  function involves(event, entity) {{
    return !entity || event.actors.some(a => a.entity === entity) || event.places.some(p => p.entity === entity);
  }}
  let rows = [];  // every row the filter and grouping give, each with its span
  function draw() {{
    const entity = select.value;
    const byActor = document.getElementById("group-by-actor").checked;
    const shown = data.items.filter(item => involves(byId.get(item.id), entity));
    rows = [];
    const lanes = new Map();
    for (const item of shown) {{
      const event = byId.get(item.id);
      const [from, to] = spans.get(item.id);
      if (byActor) {{
        for (const actor of event.actors.filter(a => !entity || a.entity === entity)) {{
          lanes.set(actor.entity, actor.name);
          rows.push({{ ...item, id: item.id + "|" + actor.entity, group: actor.entity, eventId: item.id, from, to }});
        }}
      }} else {{
        lanes.set("all", "events");
        rows.push({{ ...item, group: "all", subgroup: event.root, eventId: item.id, from, to }});
      }}
    }}
    timeline.setGroups(new vis.DataSet([...lanes.entries()].map(([id, content]) => ({{ id, content }}))));
    document.getElementById("count").textContent = shown.length + " of " + data.items.length + " events";
    showAll();
    refresh();
  }}
  function refresh() {{
    const range = timeline.getWindow();
    const start = range.start.valueOf(), end = range.end.valueOf();
    const visible = rows.filter(row => row.from <= end && row.to >= start);
    let drawn = visible;
    if (visible.length > DRAWN_AT_ONCE && end - start > MONTH) {{
      const width = (end - start) / BINS;
      const bins = new Map();
      for (const row of visible) {{
        const bin = Math.min(BINS - 1, Math.max(0, Math.floor((Math.max(row.from, start) - start) / width)));
        const key = row.group + "|" + bin;
        if (!bins.has(key)) bins.set(key, {{ group: row.group, bin, count: 0 }});
        bins.get(key).count += 1;
      }}
      drawn = [...bins.values()].map(({{ group, bin, count }}) => ({{
        id: "cluster|" + group + "|" + bin, group, cluster: true, className: "cluster",
        start: new Date(start + bin * width), end: new Date(start + (bin + 1) * width),
        content: count + (count === 1 ? " event" : " events"), title: count + " events: click to zoom in",
      }}));
    }}
    items = new vis.DataSet(drawn.map(({{ from, to, ...row }}) => row));
    window.timelineView.items = items;
    timeline.setItems(items);
  }}
  function showAll() {{
    if (!rows.length) return;
    const [start, end] = windowOf(rows.map(row => [row.from, row.to]));
    timeline.setWindow(start, end, {{ animation: false }});
  }}
  timeline.on("rangechanged", refresh);
  select.addEventListener("change", draw);
  document.getElementById("group-by-actor").addEventListener("change", draw);
  document.getElementById("fit").addEventListener("click", () => {{ showAll(); refresh(); }});

  function element(tag, text, className) {{
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }}
  function link(name, wikidataId) {{
    const span = element("span", name);
    if (wikidataId) {{
      span.append(" (");
      const a = element("a", wikidataId);
      a.href = "https://www.wikidata.org/wiki/" + wikidataId;
      a.rel = "noopener"; a.target = "_blank";
      span.append(a, ")");
    }}
    return span;
  }}
  function passage(evidence) {{
    const text = data.sources[evidence.source_title] || "";
    const chars = Array.from(text);
    const from = Math.max(0, evidence.start - 140), to = Math.min(chars.length, evidence.end + 140);
    const block = element("blockquote", undefined, "passage");
    block.append((from > 0 ? "…" : "") + chars.slice(from, evidence.start).join(""));
    block.append(element("mark", chars.slice(evidence.start, evidence.end).join("")));
    block.append(chars.slice(evidence.end, to).join("") + (to < chars.length ? "…" : ""));
    block.append(element("span", evidence.about + " · " + evidence.source_title + ", characters " + evidence.start + "–" + evidence.end, "from"));
    return block;
  }}
  function show(event) {{
    const panel = document.getElementById("details");
    panel.replaceChildren();
    panel.append(element("h2", event.label));
    const facts = element("dl");
    const add = (term, ...values) => {{ if (!values.length) return; const dd = element("dd"); values.forEach((v, i) => {{ if (i) dd.append(", "); dd.append(v); }}); facts.append(element("dt", term), dd); }};
    add("When", event.shownDate);
    for (const d of event.datings) add(d.preferred ? "Dated by" : "Also dated by", d.shown + (d.expression ? " (“" + d.expression + "”)" : "") + " — " + d.source_title + (d.resolution ? ". " + d.resolution : ""));
    add("Kind", event.kind);
    add("Status", event.status + " at the source's date");
    add("Actors", ...event.actors.map(a => {{ const s = link(a.name, a.wikidata.replace("http://www.wikidata.org/entity/", "")); s.append(" — " + a.role); return s; }}));
    add("Where", ...event.places.map(p => link(p.name, p.wikidata.replace("http://www.wikidata.org/entity/", ""))));
    if (event.parent_label) add("Part of", event.parent_label);
    if (event.wikidata) add("Wikidata", link(event.label, event.wikidata.replace("http://www.wikidata.org/entity/", "")));
    panel.append(facts, element("h3", "Evidence"));
    for (const e of event.evidence) panel.append(passage(e));
  }}
  timeline.on("select", properties => {{
    if (!properties.items.length) return;
    const row = items.get(properties.items[0]);
    if (row.cluster) {{
      timeline.setWindow(row.start, row.end, {{ animation: false }});
      refresh();
    }} else {{
      show(byId.get(row.eventId));
    }}
  }});
  window.timelineView.show = id => show(byId.get(id));
  draw();
}})();
</script>
</body>
</html>
"""
