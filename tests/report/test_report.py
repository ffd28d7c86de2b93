"""The run report: spans from progress reports, the critical path, the documented schema."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from streamctl.report import document
from streamctl.report.html import render
from streamctl.report.timeline import Tee, Timeline, critical_path
from support.reports import UPSTREAM, Clock, diamond, report_document


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
