"""The run report (`--report FILE.json`): one document per preview, up or down.

Its shape is documented by `report-schema.json` (JSON Schema, package data) and in
docs/run-report.md; `SCHEMA_ID` changes when a field changes meaning. It holds
addresses, counts and times, never values: it is safe to keep as a CI artifact.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from streamctl.report.timeline import Timeline, critical_path
from streamctl.review.approval import Decision
from streamctl.review.plan import LayerPlan

SCHEMA_ID = "https://streamctl.dev/schemas/run-report/1"
REPORT_FORMATS = (".json", ".html")


def schema() -> dict[str, Any]:
    text = resources.files("streamctl.report").joinpath("report-schema.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@dataclass
class RunFacts:
    """What a command knows of its run, gathered for the report."""

    command: str  # preview, up or down
    stack: str
    environment: str
    target: str
    run_id: str
    log_dir: str
    upstream: Mapping[str, Sequence[str]]  # layer -> layers it depends on (this run's)
    results: Mapping[str, Mapping[str, Any]]  # layer -> LayerResult.as_json()
    timeline: Timeline
    plans: Mapping[str, LayerPlan] = field(default_factory=dict)
    decisions: Sequence[Decision] = ()
    exit_code: int = 0


def _iso(at: float | None) -> str | None:
    if at is None:
        return None
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds")


def _totals(results: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    done = {"applied", "destroyed"}
    totals = {"add": 0, "change": 0, "destroy": 0}
    by_status: dict[str, int] = {}
    for row in results.values():
        by_status[str(row["status"])] = by_status.get(str(row["status"]), 0) + 1
        changes = row.get("changes")
        if changes and row["status"] in done:
            for key in totals:
                totals[key] += int(changes[key])
    return {"resources": totals, "layers": by_status}


def build(facts: RunFacts) -> dict[str, Any]:
    timeline = facts.timeline
    start = timeline.started
    path = critical_path(timeline, facts.upstream)
    layers = []
    for name, row in facts.results.items():
        plan = facts.plans.get(name)
        layers.append(
            {
                "layer": name,
                "status": row["status"],
                "reason": row.get("reason") or "",
                "depends_on": list(facts.upstream.get(name, ())),
                "changes": row.get("changes"),
                "resources": None
                if plan is None
                else [
                    {
                        "address": r.address,
                        "action": r.action.value,
                        "symbol": r.action.symbol,
                        "forced_by": list(r.forced_by),
                    }
                    for r in plan.resources
                ],
                "phases": [
                    {
                        "phase": s.phase,
                        "outcome": s.outcome,
                        "started_at": _iso(s.start),
                        "finished_at": _iso(s.end),
                        "offset_seconds": round(s.start - start, 3),
                        "seconds": round(s.seconds, 3),
                    }
                    for s in timeline.of(name)
                ],
                "busy_seconds": round(timeline.busy(name), 3),
                "on_critical_path": name in path,
                "log": row.get("log"),
            }
        )
    results = facts.results
    failed = any(r["status"] in {"failed", "blocked"} for r in results.values())
    declined = any(d.how == "asked" and not d.approved for d in facts.decisions)
    return {
        "$schema": SCHEMA_ID,
        "command": facts.command,
        "stack": facts.stack,
        "environment": facts.environment,
        "target": facts.target,
        "run_id": facts.run_id,
        "log_dir": facts.log_dir,
        "started_at": _iso(start),
        "finished_at": _iso(timeline.finished or timeline.clock()),
        "duration_seconds": round(timeline.duration, 3),
        "result": "failed" if failed else "declined" if declined else "ok",
        "exit_code": facts.exit_code,
        "totals": _totals(results),
        "critical_path": path,
        "approvals": [
            {
                "layers": list(d.layers),
                "approved": d.approved,
                "how": d.how.value,
                "review": d.kind.value,
                "asked_at": _iso(d.asked_at),
                "answered_at": _iso(d.at),
                "offset_seconds": round((d.asked_at or d.at) - start, 3),
                "wait_seconds": round(d.at - d.asked_at, 3) if d.asked_at else 0.0,
            }
            for d in facts.decisions
        ],
        "layers": layers,
    }


def write(path: Path, document: Mapping[str, Any]) -> Path:
    """Write the report as JSON or, for *.html, as a self-contained page; atomically, so
    a CI step never reads half a report."""
    suffix = path.suffix.lower()
    if suffix == ".html":
        from streamctl.report.html import render

        text = render(document)
    else:
        text = json.dumps(document, indent=2) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return path
