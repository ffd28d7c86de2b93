"""The end-of-run summary, rendered from the run report document (document.build).

The screen and the reports read one document, so they cannot disagree. Its `time`
column is a layer's plan + apply time, the same measure the live table shows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from streamctl.results import headline

STYLE = {
    "waiting": "yellow",
    "planned": "blue",
    "applied": "green",
    "destroyed": "green",
    "unchanged": "green",
    "failed": "bold red",
    "blocked": "red",
    "skipped": "dim",
}
MASK = "(sensitive)"
Outputs = Mapping[str, Mapping[str, tuple[Any, bool]]]  # layer -> output -> (value, sensitive)


def layers_table(doc: Mapping[str, Any], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column, justify in (
        ("layer", "left"),
        ("result", "left"),
        ("+", "right"),
        ("~", "right"),
        ("-", "right"),
        ("time", "right"),
        ("detail", "left"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for row in doc["layers"]:
        c = row["changes"]
        busy = row["busy_seconds"]
        table.add_row(
            row["layer"],
            Text(row["status"], style=STYLE.get(row["status"], "")),
            str(c["add"]) if c else "",
            str(c["change"]) if c else "",
            str(c["destroy"]) if c else "",
            f"{busy:.1f}s" if busy else "",
            headline(row["reason"])[:90],
        )
    return table


TIME_NOTE = "time: Terraform's plan + apply of each layer, not the waits for upstreams or answers"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def totals_line(doc: Mapping[str, Any]) -> Text:
    """'Resources: 9 created, 0 changed, 0 destroyed; 9 layers applied. Duration 11.2s'"""
    res = doc["totals"]["resources"]
    by_status = doc["totals"]["layers"]
    if doc["command"] == "preview":
        planned = [r["changes"] for r in doc["layers"] if r["changes"]]
        head = (
            f"Plan: {sum(c['add'] for c in planned)} to add, "
            f"{sum(c['change'] for c in planned)} to change, "
            f"{sum(c['destroy'] for c in planned)} to destroy"
        )
    else:
        head = (
            f"Resources: {res['add']} created, {res['change']} changed, {res['destroy']} destroyed"
        )
    order = ("applied", "destroyed", "planned", "unchanged", "waiting", "skipped", "failed")
    ordered = sorted(by_status, key=lambda s: order.index(s) if s in order else len(order))
    layers = ", ".join(f"{_plural(by_status[s], 'layer')} {s}" for s in ordered)
    text = Text(f"{head}; {layers}. ", style="bold")
    text.append(f"Duration {doc['duration_seconds']:.1f}s", style="bold")
    return text


def _clock(iso: str | None) -> str:
    return datetime.fromisoformat(iso).astimezone().strftime("%H:%M:%S") if iso else ""


def approvals_lines(doc: Mapping[str, Any]) -> list[Text]:
    """What was approved, and how: the scrollback keeps the answers, this says it again."""
    lines = []
    covered = [a["layers"][0] for a in doc["approvals"] if a["how"] == "covered"]
    for a in doc["approvals"]:
        if a["how"] == "covered":
            continue
        layers = ", ".join(a["layers"])
        what = {"first": "the run", "later": layers, "recheck": f"{layers} (asked again)"}
        answer = "approved" if a["approved"] else "declined"
        who = "by --yes" if a["how"] == "yes" else f"at {_clock(a['answered_at'])}"
        line = Text(f"{answer.capitalize()} {who}: {what[a['review']]}")
        if a["review"] == "first":
            line.append(f" ({layers} planned then)", style="dim")
        lines.append(line)
    if covered:
        lines.append(
            Text(f"Covered by the first approval (only create): {', '.join(covered)}", "dim")
        )
    return lines


def outputs_table(doc: Mapping[str, Any], outputs: Outputs, show_secrets: bool = False) -> Table:
    """The outputs of the layers this run changed, sensitive values masked."""
    changed = [r["layer"] for r in doc["layers"] if r["status"] == "applied"]
    table = Table(title="Outputs of the layers that changed", title_justify="left")
    table.add_column("layer")
    table.add_column("output")
    table.add_column("value", overflow="fold")
    for layer in changed:
        for name, (value, sensitive) in (outputs.get(layer) or {}).items():
            masked = sensitive and not show_secrets
            shown = MASK if masked else value if isinstance(value, str) else json.dumps(value)
            table.add_row(layer, name, Text(shown, style="dim" if masked else ""))
    return table


def summary(doc: Mapping[str, Any], title: str, outputs: Outputs | None = None) -> Group:
    parts: list[RenderableType] = [
        layers_table(doc, title),
        Text(TIME_NOTE, style="dim"),
        totals_line(doc),
    ]
    parts += approvals_lines(doc)
    if outputs:
        table = outputs_table(doc, outputs)
        if table.row_count:
            parts.append(table)
    return Group(*parts)
