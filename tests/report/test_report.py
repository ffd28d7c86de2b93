"""The run report: spans from progress reports, the critical path, the documented schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest

from streamctl.report import document
from streamctl.report.html import render
from streamctl.report.timeline import Tee, Timeline, critical_path
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


def test_spans_measure_terraform_time_not_waits() -> None:
    _, timeline = diamond()
    assert [(s.phase, s.seconds) for s in timeline.of("base")] == [("plan", 1.0), ("apply", 2.0)]
    assert timeline.busy("base") == 3.0  # the 2 s approval wait between is not counted
    assert timeline.duration == 10.0


def test_a_layer_found_waiting_leaves_no_span() -> None:
    clock = Clock()
    timeline = Timeline(clock)
    timeline.layer_status("app", "running", "planning")
    clock.now += 1
    timeline.layer_status("app", "waiting", "waiting for layer 'base'")
    assert timeline.of("app") == []


def test_the_critical_path_follows_the_upstream_that_finished_last() -> None:
    _, timeline = diamond()
    assert critical_path(timeline, UPSTREAM) == ["base", "right", "top"]


def test_tee_reports_to_every_sink() -> None:
    a, b = Timeline(Clock()), Timeline(Clock())
    tee = Tee(a, b)
    tee.layer_status("x", "running", "planning")
    tee.layer_status("x", "planned")
    with tee.paused():
        pass
    assert len(a.spans) == len(b.spans) == 1


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


def test_the_report_follows_its_documented_schema(tmp_path: Path) -> None:
    doc = report_document(tmp_path)
    jsonschema.validate(doc, document.schema())
    assert doc["totals"]["resources"] == {"add": 4, "change": 0, "destroy": 0}
    assert doc["critical_path"] == ["base", "right", "top"]
    (approval,) = doc["approvals"]
    assert (approval["offset_seconds"], approval["wait_seconds"]) == (1.0, 2.0)
    right = next(row for row in doc["layers"] if row["layer"] == "right")
    assert right["resources"][0]["forced_by"] == ["triggers_replace"]


def test_a_broken_report_fails_the_schema(tmp_path: Path) -> None:
    doc = report_document(tmp_path)
    doc["layers"][0]["status"] = "done"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, document.schema())


def test_write_picks_the_format_from_the_suffix(tmp_path: Path) -> None:
    doc = report_document(tmp_path)
    as_json = document.write(tmp_path / "out" / "run.json", doc)
    assert as_json.read_text().startswith("{")
    page = document.write(tmp_path / "run.html", doc).read_text()
    assert page.startswith("<!doctype html>")
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")


def test_the_page_escapes_what_it_shows(tmp_path: Path) -> None:
    doc = report_document(tmp_path)
    doc["layers"][0]["reason"] = "<img src=x onerror=alert(1)>"
    assert "<img" not in render(doc)


def screen(renderable: Any) -> str:
    from rich.console import Console

    console = Console(width=140, record=True, no_color=True)
    console.print(renderable)
    return console.export_text()


def test_the_summary_has_totals_duration_answers_and_masked_outputs(tmp_path: Path) -> None:
    from streamctl.report.summary import summary

    doc = report_document(tmp_path)
    doc["approvals"].append(
        {"layers": ["left"], "approved": True, "how": "covered", "review": "later",
         "asked_at": None, "answered_at": doc["finished_at"], "offset_seconds": 5.0,
         "wait_seconds": 0.0}
    )  # fmt: skip
    outputs = {"base": {"key_arn": ("arn:aws:kms:k", False), "password": ("hunter22", True)}}
    text = screen(summary(doc, "Up", outputs))
    assert "Resources: 4 created, 0 changed, 0 destroyed; 4 layers applied. Duration 10.0s" in text
    assert "Approved at " in text and ": the run (base planned then)" in text
    assert "Covered by the first approval (only create): left" in text
    assert "arn:aws:kms:k" in text and "(sensitive)" in text and "hunter22" not in text
    # One time column, saying what it measures: base planned 1 s and applied 2 s.
    assert "time: plan + apply" in text
    base_row = next(line for line in text.splitlines() if line.startswith("│ base"))
    assert "3.0s" in base_row
