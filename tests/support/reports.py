"""A run report of a known shape: four layers in a diamond, on a clock the test sets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from streamctl.report import document
from streamctl.report.timeline import Timeline
from streamctl.review.approval import Decision, How, Kind
from streamctl.review.plan import Action, LayerPlan, ResourceChange


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def run(clock: Clock, timeline: Timeline, layer: str, phase: str, start: float, end: float,
        outcome: str) -> None:  # fmt: skip
    clock.now = start
    timeline.layer_status(layer, "running", {"plan": "planning", "apply": "applying"}[phase])
    clock.now = end
    timeline.layer_status(layer, outcome)


def diamond() -> tuple[Clock, Timeline]:
    """base plans 0-1, applies 3-5 (approval 1-3); left applies 5-6; right 5-9; top 9-10."""
    clock = Clock()
    timeline = Timeline(clock)
    run(clock, timeline, "base", "plan", 1000, 1001, "planned")
    run(clock, timeline, "base", "apply", 1003, 1005, "applied")
    run(clock, timeline, "left", "plan", 1005, 1005.5, "planned")
    run(clock, timeline, "left", "apply", 1005.5, 1006, "applied")
    run(clock, timeline, "right", "plan", 1005, 1006, "planned")
    run(clock, timeline, "right", "apply", 1006, 1009, "applied")
    run(clock, timeline, "top", "plan", 1009, 1009.5, "planned")
    run(clock, timeline, "top", "apply", 1009.5, 1010, "applied")
    clock.now = 1010
    timeline.finish()
    return clock, timeline


UPSTREAM = {"base": (), "left": ("base",), "right": ("base",), "top": ("left", "right")}


def report_document(tmp_path: Path) -> dict[str, Any]:
    _, timeline = diamond()
    results = {
        name: {
            "layer": name,
            "status": "applied",
            "reason": "",
            "changes": {"add": 1, "change": 0, "destroy": 0},
            "duration_seconds": 1.0,
            "log": str(tmp_path / f"{name}.log"),
        }
        for name in UPSTREAM
    }
    plans = {
        name: LayerPlan(name, (ResourceChange("terraform_data.this", Action.CREATE),))
        for name in UPSTREAM
    }
    plans["right"] = LayerPlan(
        "right",
        (ResourceChange("terraform_data.this", Action.REPLACE, forced_by=("triggers_replace",)),),
    )
    facts = document.RunFacts(
        command="up",
        stack="diamond",
        environment="test",
        target="aws",
        run_id="r1",
        log_dir=str(tmp_path),
        upstream=UPSTREAM,
        results=results,
        timeline=timeline,
        plans=plans,
        decisions=[Decision(("base",), True, How.ASKED, Kind.FIRST, at=1003, asked_at=1001)],
    )
    return document.build(facts)
