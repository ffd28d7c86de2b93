"""Reading what a real run left behind: reports, per-layer logs, state."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from streamctl.terraform.events import Event, parse_event


@dataclass(frozen=True)
class Span:
    """When Terraform started and finished changing a layer's resources."""

    start: datetime
    end: datetime


def events(log: Path) -> list[Event]:
    parsed = (parse_event(line) for line in log.read_text().splitlines())
    return [event for event in parsed if event is not None]


def apply_span(log: Path) -> Span:
    """From the first apply_start to the last apply_complete in one layer's log."""
    found = [e for e in events(log) if e.type in {"apply_start", "apply_complete"}]
    starts = [e.timestamp for e in found if e.type == "apply_start" and e.timestamp]
    ends = [e.timestamp for e in found if e.type == "apply_complete" and e.timestamp]
    assert starts and ends, f"no apply_start/apply_complete events in {log}"
    return Span(min(starts), max(ends))


def state_resource_input(state_file: Path) -> Any:
    """The `input` of the layer's `terraform_data.this`, as recorded in its state."""
    state = json.loads(state_file.read_text())
    (resource,) = [
        r for r in state["resources"] if (r["type"], r["name"]) == ("terraform_data", "this")
    ]
    return resource["instances"][0]["attributes"]["input"]["value"]


def layer_root(manifest: Path, environment: str, layer: str) -> Path:
    return manifest.parent / ".streamctl" / environment / "aws" / layer


def state_output(root: Path, name: str) -> Any:
    """An output value as recorded in the state file of the layer whose data is `root`."""
    state = json.loads((root / "terraform.tfstate").read_text())
    return state["outputs"][name]["value"]
