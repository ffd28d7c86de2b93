"""The run report as one self-contained HTML page (`--report FILE.html`).

Rendered from the same document as the JSON report (document.build), with inline CSS
and SVG only: no script, no fonts or images to fetch, so it opens anywhere, from a CI
artifact too. It shows the layer graph coloured by result, a timeline of each layer's
plan and apply (which ran side by side, where the critical path went, where the run
waited for an answer), the totals and the per-layer changes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

COLOURS = {
    "applied": "#2f9e5b",
    "destroyed": "#7a52c7",
    "unchanged": "#9db8a6",
    "planned": "#3b7dd8",
    "waiting": "#d9a000",
    "failed": "#d23b3b",
    "blocked": "#e08a8a",
    "skipped": "#b3b3b3",
}
PLAN_FILL = "#9cc1ef"
NODE_W, NODE_H, COL_W, ROW_H = 132, 42, 176, 62
PLOT_W, LANE_H, LABEL_W = 860, 24, 120


def _colour(status: str) -> str:
    return COLOURS.get(status, "#b3b3b3")


def _depths(layers: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Longest path from a root, in report order (dependency order)."""
    names = {row["layer"] for row in layers}
    depth: dict[str, int] = {}
    for row in layers:
        ups = [u for u in row["depends_on"] if u in names]
        depth[row["layer"]] = 1 + max((depth.get(u, 0) for u in ups), default=-1)
    return depth


def _graph(doc: Mapping[str, Any]) -> str:
    layers = doc["layers"]
    depth = _depths(layers)
    columns: dict[int, list[str]] = {}
    for row in layers:
        columns.setdefault(depth[row["layer"]], []).append(row["layer"])
    where: dict[str, tuple[int, int]] = {}
    for col, names in columns.items():
        for index, name in enumerate(names):
            where[name] = (16 + col * COL_W, 16 + index * ROW_H)
    width = 32 + (max(columns, default=0) + 1) * COL_W - (COL_W - NODE_W)
    height = 32 + max((len(n) for n in columns.values()), default=1) * ROW_H - (ROW_H - NODE_H)
    path = doc["critical_path"]
    on_path = set(itertools.pairwise(path))
    parts = [
        f'<svg id="graph" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="layer graph">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
        'markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>',
    ]
    for row in layers:
        x2, y2 = where[row["layer"]]
        for up in row["depends_on"]:
            if up not in where:
                continue
            x1, y1 = where[up]
            sx, sy, ex, ey = x1 + NODE_W, y1 + NODE_H / 2, x2, y2 + NODE_H / 2
            mid = (sx + ex) / 2
            critical = (up, row["layer"]) in on_path
            parts.append(
                f'<path class="edge{" critical" if critical else ""}" data-from="{escape(up)}" '
                f'data-to="{escape(row["layer"])}" d="M{sx},{sy} C{mid},{sy} {mid},{ey} {ex},{ey}" '
                'marker-end="url(#arrow)"/>'
            )
    for row in layers:
        name, status = row["layer"], row["status"]
        x, y = where[name]
        ring = " critical" if row["on_critical_path"] else ""
        parts.append(
            f'<g class="node{ring}" data-layer="{escape(name)}" data-status="{escape(status)}">'
            f"<title>{escape(name)}: {escape(status)}</title>"
            f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="8" '
            f'fill="{_colour(status)}"/>'
            f'<text x="{x + NODE_W / 2}" y="{y + 18}" class="name">{escape(name)}</text>'
            f'<text x="{x + NODE_W / 2}" y="{y + 33}" class="status">{escape(status)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _step(duration: float) -> float:
    for step in (0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800):
        if duration / step <= 10:
            return step
    return 3600.0


def _concurrency(doc: Mapping[str, Any]) -> list[tuple[float, int]]:
    """(offset, how many layers had Terraform running) at each span boundary."""
    changes: list[tuple[float, int]] = []
    for row in doc["layers"]:
        for phase in row["phases"]:
            changes += [
                (phase["offset_seconds"], 1),
                (phase["offset_seconds"] + phase["seconds"], -1),
            ]
    level = 0
    steps: list[tuple[float, int]] = []
    for at, delta in sorted(changes):
        level += delta
        if steps and steps[-1][0] == at:
            steps[-1] = (at, level)  # one step per moment: an apply right after its plan
        else:
            steps.append((at, level))
    return steps


def _timeline(doc: Mapping[str, Any]) -> str:
    layers = doc["layers"]
    duration = max(float(doc["duration_seconds"]), 0.001)
    scale = PLOT_W / duration
    top = 22
    lanes_h = len(layers) * LANE_H
    conc_h = 46
    height = top + lanes_h + 18 + conc_h + 22
    width = LABEL_W + PLOT_W + 20
    out = [
        f'<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="timeline">'
    ]
    step = _step(duration)
    tick = 0.0
    while tick <= duration + 1e-9:
        x = LABEL_W + tick * scale
        out.append(
            f'<line class="grid" x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" '
            f'y2="{top + lanes_h}"/><text class="tick" x="{x:.1f}" y="{top - 8}">'
            f"{tick:g}s</text>"
        )
        tick += step
    for approval in doc["approvals"]:
        if approval["how"] != "asked":
            continue
        x = LABEL_W + approval["offset_seconds"] * scale
        w = max(approval["wait_seconds"] * scale, 2)
        answer = "approved" if approval["approved"] else "declined"
        out.append(
            f'<g class="approval" data-answer="{answer}"><rect x="{x:.1f}" y="{top}" '
            f'width="{w:.1f}" height="{lanes_h}"/><title>{answer} after '
            f"{approval['wait_seconds']:.1f}s: {escape(', '.join(approval['layers']))}</title>"
            f"</g>"
        )
    for index, row in enumerate(layers):
        y = top + index * LANE_H
        critical = row["on_critical_path"]
        out.append(
            f'<text class="lane{" critical" if critical else ""}" x="{LABEL_W - 8}" '
            f'y="{y + 16}">{escape(row["layer"])}</text>'
        )
        for phase in row["phases"]:
            x = LABEL_W + phase["offset_seconds"] * scale
            w = max(phase["seconds"] * scale, 1.5)
            fill = PLAN_FILL if phase["phase"] == "plan" else _colour(phase["outcome"])
            if phase["outcome"] == "failed":
                fill = COLOURS["failed"]
            out.append(
                f'<rect class="bar {phase["phase"]}{" critical" if critical else ""}" '
                f'data-layer="{escape(row["layer"])}" data-phase="{phase["phase"]}" '
                f'x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{LANE_H - 8}" rx="3" '
                f'fill="{fill}"><title>{escape(row["layer"])} {phase["phase"]}: '
                f"{phase['seconds']:.1f}s ({escape(phase['outcome'])})</title></rect>"
            )
    # How many layers ran side by side: a step chart under the lanes.
    base = top + lanes_h + 18 + conc_h
    steps = _concurrency(doc)
    peak = max((level for _, level in steps), default=0)
    if peak:
        unit = conc_h / peak
        points = [f"{LABEL_W},{base}"]
        level = 0
        for at, new_level in steps:
            x = LABEL_W + at * scale
            points += [
                f"{x:.1f},{base - level * unit:.1f}",
                f"{x:.1f},{base - new_level * unit:.1f}",
            ]
            level = new_level
        points.append(f"{LABEL_W + PLOT_W},{base}")
        out.append(f'<polygon class="concurrency" points="{" ".join(points)}"/>')
    out.append(
        f'<text class="lane" x="{LABEL_W - 8}" y="{base - conc_h / 2 + 4}">at once</text>'
        f'<text class="tick" id="peak" x="{LABEL_W + 4}" y="{base - conc_h - 4}" '
        f'style="text-anchor:start">at most {peak} layer{"s" if peak != 1 else ""} at once</text>'
    )
    out.append("</svg>")
    return "".join(out)


def _totals(doc: Mapping[str, Any]) -> str:
    res = doc["totals"]["resources"]
    layers = doc["totals"]["layers"]
    cards = [
        ("result", doc["result"]),
        ("duration", f"{doc['duration_seconds']:.1f}s"),
        ("resources", f"+{res['add']} ~{res['change']} -{res['destroy']}"),
        ("layers", ", ".join(f"{n} {s}" for s, n in sorted(layers.items()))),
        ("critical path", " \u2192 ".join(doc["critical_path"]) or "none"),
    ]
    return (
        '<div id="totals">'
        + "".join(
            f'<div class="card" data-card="{escape(k)}"><div class="k">{escape(k)}</div>'
            f'<div class="v">{escape(v)}</div></div>'
            for k, v in cards
        )
        + "</div>"
    )


def _resources(row: Mapping[str, Any]) -> Iterator[str]:
    for r in row["resources"] or []:
        forced = (
            f' <span class="forced">forces replacement: {escape(", ".join(r["forced_by"]))}</span>'
            if r["forced_by"]
            else ""
        )
        yield (
            f'<li data-action="{escape(r["action"])}"><code class="sym">{escape(r["symbol"])}'
            f"</code> <code>{escape(r['address'])}</code>{forced}</li>"
        )


def _log_cell(log: str | None) -> str:
    """The log's file name (the run's log directory is in the heading); hover: full path."""
    if not log:
        return ""
    return f'<code title="{escape(log)}">{escape(Path(log).name)}</code>'


def _changes(doc: Mapping[str, Any]) -> str:
    rows = []
    for row in doc["layers"]:
        c = row["changes"] or {}
        items = list(_resources(row))
        listing = (
            f"<details><summary>{len(items)} resource{'s' if len(items) != 1 else ''}"
            f"</summary><ul>{''.join(items)}</ul></details>"
            if items
            else ""
        )
        rows.append(
            f'<tr data-layer="{escape(row["layer"])}"><td>{escape(row["layer"])}</td>'
            f'<td><span class="pill" style="background:{_colour(row["status"])}">'
            f"{escape(row['status'])}</span></td>"
            f"<td class=n>{c.get('add', '')}</td><td class=n>{c.get('change', '')}</td>"
            f"<td class=n>{c.get('destroy', '')}</td>"
            f"<td class=n>{row['busy_seconds']:.1f}s</td>"
            f"<td>{listing}<div class=reason>{escape(row['reason'])}</div></td>"
            f"<td>{_log_cell(row['log'])}</td></tr>"
        )
    return (
        '<table id="changes"><thead><tr><th>layer</th><th>result</th><th>+</th><th>~</th>'
        "<th>-</th><th>plan+apply</th><th>changes</th><th>log</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


CSS = """
body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#222}
h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:24px 0 8px}
.sub{color:#666} code{font:12px ui-monospace,Menlo,Consolas,monospace}
#totals{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:8px;padding:8px 12px;min-width:120px}
.card .k{color:#666;font-size:12px} .card .v{font-size:16px;font-weight:600}
.edge{fill:none;stroke:#999;stroke-width:1.5} .edge.critical{stroke:#222;stroke-width:3}
.node text{text-anchor:middle;fill:#fff} .node .name{font-weight:600;font-size:13px}
.node .status{font-size:11px} .node.critical rect{stroke:#222;stroke-width:3}
.grid{stroke:#eee} .tick{font-size:11px;fill:#888;text-anchor:middle}
.lane{font-size:12px;text-anchor:end;fill:#333} .lane.critical{font-weight:700}
.bar.critical{stroke:#222;stroke-width:2} .approval rect{fill:#f6e3a1;opacity:.6}
.concurrency{fill:#c9d8ee;stroke:#3b7dd8}
.legend span{display:inline-block;margin-right:12px}
.legend i{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:4px;
vertical-align:-2px}
table{border-collapse:collapse} td,th{border-bottom:1px solid #eee;padding:4px 8px;
text-align:left;vertical-align:top} td.n{text-align:right}
.pill{color:#fff;border-radius:10px;padding:1px 8px;font-size:12px}
.forced{color:#b03030;font-size:12px} ul{margin:4px 0;padding-left:18px}
.reason{color:#a33;font-size:12px;white-space:pre-wrap}
"""


def _legend() -> str:
    items = [("plan", PLAN_FILL), *COLOURS.items(), ("waiting for an answer", "#f6e3a1")]
    return (
        '<div class="legend">'
        + "".join(
            f'<span><i style="background:{colour}"></i>{escape(name)}</span>'
            for name, colour in items
        )
        + '<span><i style="border:2px solid #222"></i>critical path</span></div>'
    )


def render(doc: Mapping[str, Any]) -> str:
    title = f"streamctl {doc['command']}: {doc['stack']} ({doc['environment']}, {doc['target']})"
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1><div class=sub>run {escape(doc['run_id'])}, started "
        f"{escape(doc['started_at'])}, logs in <code>{escape(doc['log_dir'])}</code></div>"
        f"<h2>Totals</h2>{_totals(doc)}"
        f"<h2>Layers</h2>{_graph(doc)}{_legend()}"
        f"<h2>Timeline</h2>{_timeline(doc)}"
        f"<h2>Changes</h2>{_changes(doc)}</body></html>\n"
    )
