"""The site's stylesheet and script: local files, so the pages work offline."""

CSS = """\
:root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --bg: #f6f8fa; --accent: #0969da;
  --fn: #ddf4ff; --code: #fff8c5; --ext: #f6f8fa; --bad: #cf222e; --good: #1a7f37; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
  margin: 0 auto; padding: 16px 24px 48px; max-width: 1200px; }
h1 { font-size: 24px; margin: 8px 0; } h1 code { font-size: 22px; }
h1 small { color: var(--muted); font-weight: normal; }
h2 { font-size: 18px; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 28px; }
h2 small { color: var(--muted); font-weight: normal; }
h3 { font-size: 15px; margin: 18px 0 6px; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
code, pre { font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--bg); padding: 8px 12px; border-radius: 6px; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.num { text-align: right; width: 6em; }
table.events { table-layout: fixed; } /* the same columns in every domain */
table.events th:nth-child(1) { width: 32%; } table.events th:nth-child(2) { width: 15%; }
table.events th:nth-child(3), table.events th:nth-child(4) { width: 10%; }
.muted { color: var(--muted); }
.badge { display: inline-block; font-size: 11px; border: 1px solid var(--line); border-radius: 10px;
  padding: 0 7px; margin-left: 6px; color: var(--muted); vertical-align: middle;
  font-weight: normal; }
.badge.builtin { border-color: #8250df; color: #8250df; }
.badge.deprecated { border-color: var(--bad); color: var(--bad); }
.search { margin: 12px 0; } .search input { font-size: 14px; padding: 6px 10px; width: 360px;
  border: 1px solid var(--line); border-radius: 6px; }
#count { color: var(--muted); margin-left: 8px; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 8px 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
.step.breaking .verdict { color: var(--bad); } .step.compatible .verdict { color: var(--good); }
details.example summary { cursor: pointer; color: var(--accent); }
svg.flow { display: block; max-width: 100%; height: auto; background: #fff; }
svg.flow .node rect { fill: var(--fn); stroke: #54aeff; }
svg.flow .node.code rect { fill: var(--code); stroke: #d4a72c; }
svg.flow .node.external rect, svg.flow .node.sink rect { fill: var(--ext); stroke: var(--muted);
  stroke-dasharray: 4 3; }
svg.flow text { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  fill: var(--fg); }
svg.flow text:not([text-anchor]) { text-anchor: middle; }
svg.flow .edge path { fill: none; stroke: #8c959f; stroke-width: 1.4; }
svg.flow .edge text.edge-label { font-size: 11px; fill: var(--accent); paint-order: stroke;
  stroke: #fff; stroke-width: 3px; }
svg.flow marker path { fill: #8c959f; }
svg.flow .edge.focus path { stroke: var(--accent); stroke-width: 2.2; }
svg.flow .edge.focus text.edge-label { font-weight: bold; }
"""

JS = """\
// The index's filter box: hides the events (and domains) that do not match.
(function () {
  "use strict";
  var input = document.getElementById("search");
  if (!input) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.event"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.domain"));
  var count = document.getElementById("count");
  var none = document.getElementById("no-match");
  function filter() {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search");
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("tr.event:not([hidden])");
    });
    count.textContent = shown + " of " + rows.length + " events";
    none.hidden = shown !== 0;
  }
  input.addEventListener("input", filter);
  filter();
})();
"""
