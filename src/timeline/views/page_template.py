"""The timeline page's markup, style and script: one template for the page `timeline html` writes
(every event carried in its data) and the one `timeline serve` answers with (none carried; each
window asked of the server). `views/page.py` fills it: {title}, {policy} (its Content Security
Policy), {links}, {count}, the vendored {vis_css} and {vis_js}, and {data}, where the page's JSON
goes. Braces of the style and script are doubled, as str.format wants.
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
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
  // A page from `timeline html` carries every event; one from `timeline serve` carries none and
  // asks the server for each window it shows (views/event_window.py draws by the same rules).
  const served = data.served === true;
  const byId = new Map(served ? [] : data.events.map(e => [e.id, e]));
  const select = document.getElementById("actor-filter");
  for (const [entity, name] of served ? data.actors : actorsOf(data.events)) {{
    const option = document.createElement("option");
    option.value = entity; option.textContent = name; select.appendChild(option);
  }}
  function actorsOf(events) {{
    const actors = new Map();
    for (const e of events) for (const a of e.actors) actors.set(a.entity, a.name);
    return [...actors.entries()].sort((x, y) => x[1].localeCompare(y[1]));
  }}
  // Windowing: vis-timeline makes a DOM node for every item it holds, and 16,000 took minutes
  // to show. The page hands it only what the visible window needs: the events themselves
  // when at most DRAWN_AT_ONCE of them fall in it or the window is a month or less, else one
  // bar per stretch of time per lane ("N events"), which zooms to its stretch when clicked.
  const DRAWN_AT_ONCE = 250, BINS = 48, MONTH = 1000 * 60 * 60 * 24 * 31;
  let items = new vis.DataSet();
  const spans = new Map(served ? [] : data.items.map(i => [i.id, [Date.parse(i.start), Date.parse(i.end || i.start)]]));
  function windowOf(ranges) {{
    // Everything at a glance, with room after the last event for its label.
    let first = Infinity, last = -Infinity;
    for (const [from, to] of ranges) {{ first = Math.min(first, from); last = Math.max(last, to); }}
    if (first === Infinity) first = last = Date.parse(data.reference);
    const span = Math.max(last - first, 1000 * 60 * 60 * 24 * 30);
    return [Math.floor(first - span * 0.02), Math.floor(last + span * 0.2)];
  }}
  const [initialStart, initialEnd] = served ? [data.start, data.end] : windowOf(spans.values());
  const timeline = new vis.Timeline(document.getElementById("timeline"), items, new vis.DataSet(), {{
    start: initialStart, end: initialEnd, showCurrentTime: false,
    stack: true, stackSubgroups: true, zoomMin: 1000 * 60 * 60 * 24 * 2, orientation: "top", maxHeight: 560,
    margin: {{ item: 6 }}, tooltip: {{ followMouse: true }}, groupOrder: (one, other) => one.name.localeCompare(other.name),
  }});
  window.timelineView = {{ timeline, items, data, drawnAtOnce: DRAWN_AT_ONCE }};

  function involves(event, entity) {{
    return !entity || event.actors.some(a => a.entity === entity) || event.places.some(p => p.entity === entity);
  }}
  let filtered = {{ key: null, rows: [], lanes: [], shown: 0 }};  // the rows the filter and grouping give, each with its span
  function rowsFor(entity, byActor) {{
    const key = entity + "|" + byActor;
    if (filtered.key === key) return filtered;
    const shown = data.items.filter(item => involves(byId.get(item.id), entity));
    const rows = [], lanes = new Map();
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
    filtered = {{ key, rows, lanes: [...lanes.entries()], shown: shown.length }};
    return filtered;
  }}
  function localWindow(entity, byActor, range) {{
    // What the window shows, worked out here from every event the page carries.
    const {{ rows, lanes, shown }} = rowsFor(entity, byActor);
    const [start, end] = range || windowOf(rows.map(row => [row.from, row.to]));
    const visible = rows.filter(row => row.from <= end && row.to >= start);
    let drawn = visible.map(({{ from, to, ...row }}) => row);
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
        start: start + Math.floor(bin * width), end: start + Math.floor((bin + 1) * width),
        content: count + (count === 1 ? " event" : " events"), title: count + " events: click to zoom in",
      }}));
    }}
    return {{ start, end, shown, total: data.items.length, lanes, rows: drawn }};
  }}
  async function servedWindow(entity, byActor, range) {{
    // What the window shows, asked of the server, which holds every event.
    const asked = new URLSearchParams({{ actor: entity, grouped: byActor ? "1" : "0" }});
    if (range) {{ asked.set("start", String(Math.round(range[0]))); asked.set("end", String(Math.round(range[1]))); }}
    const answer = await fetch("timeline/window.json?" + asked, {{ headers: {{ Accept: "application/json" }} }});
    if (!answer.ok) throw new Error("the server answered " + answer.status + " for the window: " + (await answer.json()).detail);
    return answer.json();
  }}
  let asked = 0, lanesShown = "";
  async function update(whole) {{
    // Draw what the filter, the grouping and the window ask for; `whole`: first show every such event.
    const ticket = ++asked;
    const entity = select.value, byActor = document.getElementById("group-by-actor").checked;
    const range = whole ? null : [timeline.getWindow().start.valueOf(), timeline.getWindow().end.valueOf()];
    let answer;
    try {{
      answer = served ? await servedWindow(entity, byActor, range) : localWindow(entity, byActor, range);
    }} catch (error) {{
      document.getElementById("count").textContent = String(error.message || error);
      return;
    }}
    if (ticket !== asked) return;  // a later request is on its way
    const lanes = JSON.stringify(answer.lanes);
    if (lanes !== lanesShown) {{
      // A lane's name is text, never markup: an element holding it as text, not a string of HTML.
      timeline.setGroups(new vis.DataSet(answer.lanes.map(([id, name]) => ({{ id, name, content: element("span", name) }}))));
      lanesShown = lanes;
    }}
    document.getElementById("count").textContent = answer.shown + " of " + answer.total + " events";
    if (whole) timeline.setWindow(answer.start, answer.end, {{ animation: false }});
    items = new vis.DataSet(answer.rows);
    window.timelineView.items = items;
    timeline.setItems(items);
  }}
  timeline.on("rangechanged", properties => {{ if (properties.byUser) update(false); }});
  select.addEventListener("change", () => update(true));
  document.getElementById("group-by-actor").addEventListener("change", () => update(true));
  document.getElementById("fit").addEventListener("click", () => update(true));

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
  async function details(id) {{
    // An event with its evidence: carried by the page, or asked of the server when clicked.
    if (!served) return byId.get(id);
    const answer = await fetch("timeline/events/" + encodeURIComponent(id) + ".json", {{ headers: {{ Accept: "application/json" }} }});
    if (!answer.ok) throw new Error("the server answered " + answer.status + " for the event: " + (await answer.json()).detail);
    const {{ event, sources }} = await answer.json();
    Object.assign(data.sources, sources);
    return event;
  }}
  async function showEvent(id) {{
    try {{
      show(await details(id));
    }} catch (error) {{
      document.getElementById("details").replaceChildren(element("p", String(error.message || error)));
    }}
  }}
  timeline.on("select", properties => {{
    if (!properties.items.length) return;
    const row = items.get(properties.items[0]);
    if (row.cluster) {{
      timeline.setWindow(row.start, row.end, {{ animation: false }});
      update(false);
    }} else {{
      showEvent(row.eventId);
    }}
  }});
  window.timelineView.show = showEvent;
  window.timelineView.windowAt = served ? servedWindow : localWindow;  // what a window shows, for tests to compare
  update(true);
}})();
</script>
</body>
</html>
"""
