"""Typed events from real `terraform ... -json` output (samples in data/)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from streamctl.terraform.events import (
    ChangeCounts,
    Event,
    diagnostics_from_validate,
    parse_event,
)

DATA = Path(__file__).parent / "data"


def events_of(sample: str) -> list[Event]:
    lines = (DATA / sample).read_text().splitlines()
    parsed = [parse_event(line) for line in lines]
    assert all(event is not None for event in parsed), sample
    return [event for event in parsed if event is not None]


def by_type(events: list[Event], kind: str) -> list[Event]:
    return [event for event in events if event.type == kind]


@pytest.mark.parametrize("sample", ["apply_ok_tf1.11.jsonl", "apply_ok_tf1.15.jsonl"])
def test_apply_start_and_complete_carry_resource_action_and_time(sample: str) -> None:
    events = events_of(sample)
    (start,) = by_type(events, "apply_start")
    (complete,) = by_type(events, "apply_complete")
    for event in (start, complete):
        assert event.resource == "terraform_data.this"
        assert event.action == "create"
        assert event.timestamp is not None
        assert event.timestamp.tzinfo is not None
    assert start.message == "terraform_data.this: Creating..."
    assert complete.message.startswith("terraform_data.this: Creation complete after 0s [id=")
    assert complete.elapsed_seconds == 0
    assert start.timestamp is not None and complete.timestamp is not None
    assert start.timestamp <= complete.timestamp


@pytest.mark.parametrize("sample", ["apply_ok_tf1.11.jsonl", "apply_ok_tf1.15.jsonl"])
def test_apply_change_summary(sample: str) -> None:
    (summary,) = by_type(events_of(sample), "change_summary")
    assert summary.changes == ChangeCounts(add=1, change=0, remove=0)
    assert summary.message == "Apply complete! Resources: 1 added, 0 changed, 0 destroyed."
    assert str(summary.changes) == "+1 ~0 -0"


def test_plan_change_summary() -> None:
    (summary,) = by_type(events_of("plan_ok_tf1.11.jsonl"), "change_summary")
    assert summary.changes == ChangeCounts(add=1)
    assert summary.changes.total == 1


def test_timestamps_are_parsed_exactly() -> None:
    first = events_of("apply_ok_tf1.11.jsonl")[0]
    assert first.type == "version"
    assert first.timestamp == datetime(2026, 11, 26, 9, 51, 13, 456292, tzinfo=UTC)


def test_apply_errored_and_its_diagnostic() -> None:
    events = events_of("apply_errored_tf1.11.jsonl")
    (errored,) = by_type(events, "apply_errored")
    assert errored.resource == "terraform_data.this"
    (diagnostic_event,) = by_type(events, "diagnostic")
    assert diagnostic_event.level == "error"
    diagnostic = diagnostic_event.diagnostic
    assert diagnostic is not None
    assert diagnostic.severity == "error"
    assert diagnostic.summary == "local-exec provisioner error"
    assert "exit status 1" in diagnostic.detail
    assert (diagnostic.filename, diagnostic.line) == ("main.tf", 2)
    assert str(diagnostic).startswith("Error: local-exec provisioner error (main.tf:2)\n")


def test_plan_diagnostic_without_a_change_summary() -> None:
    events = events_of("plan_diagnostic_tf1.11.jsonl")
    assert by_type(events, "change_summary") == []
    (event,) = by_type(events, "diagnostic")
    assert event.diagnostic is not None
    assert event.diagnostic.summary == "Reference to undeclared input variable"
    assert event.diagnostic.line == 2


@pytest.mark.parametrize(
    "line",
    [
        "",
        "Warning: Unable to open CLI configuration file",
        "{not json",
        "[1, 2]",
        '{"@message": "no type"}',
    ],
)
def test_lines_that_are_not_events(line: str) -> None:
    assert parse_event(line) is None


def test_unknown_timestamp_format_is_kept_as_none() -> None:
    event = parse_event('{"type": "log", "@message": "m", "@timestamp": "yesterday"}')
    assert event is not None
    assert (event.type, event.message, event.timestamp) == ("log", "m", None)


def test_validate_diagnostics() -> None:
    doc = {
        "valid": False,
        "diagnostics": [
            {
                "severity": "error",
                "summary": "Unsupported argument",
                "detail": 'An argument named "x" is not expected here.',
                "range": {"filename": "main.tf", "start": {"line": 3, "column": 3}},
            },
            {"severity": "warning", "summary": "Deprecated"},
        ],
    }
    error, warning = diagnostics_from_validate(doc)
    assert (error.severity, error.filename, error.line) == ("error", "main.tf", 3)
    assert (warning.severity, warning.filename, warning.line) == ("warning", "", 0)
    assert str(warning) == "Warning: Deprecated"
