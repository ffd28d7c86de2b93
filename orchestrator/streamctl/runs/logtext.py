"""A layer's log as a person reads it: Terraform's JSON lines turned back into text.

Logs keep Terraform's `-json` events verbatim (tests and tools read them); this is
the view `streamctl logs` prints: one line per event with its time, commands as
headings, diagnostics with their detail, and plain text (stderr) as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from streamctl.terraform.events import parse_event

SKIPPED_TYPES = {"version"}  # "Terraform 1.11.4" before every command: noise


@dataclass(frozen=True)
class LogLine:
    kind: str  # command, event, diagnostic or text
    text: str
    level: str = "info"  # info, warn or error
    time: str = ""  # HH:MM:SS of the event (UTC), when Terraform stamped it


def _clock(stamp: datetime | None) -> str:
    return stamp.strftime("%H:%M:%S") if stamp else ""


def readable(text: str) -> Iterator[LogLine]:
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith("$ terraform "):
            yield LogLine("command", line[2:])
            continue
        event = parse_event(line)
        if event is None:
            yield LogLine("text", line, "warn" if "Warning" in line else "info")
            continue
        if event.type in SKIPPED_TYPES:
            continue
        when = _clock(event.timestamp)
        if event.diagnostic is not None:
            diagnostic = event.diagnostic
            yield LogLine("diagnostic", str(diagnostic).splitlines()[0], event.level, when)
            for detail in diagnostic.detail.splitlines():
                yield LogLine("diagnostic", "  " + detail, event.level, when)
            continue
        message = event.message
        if event.type == "outputs" and isinstance(event.raw.get("outputs"), dict):
            names = ", ".join(sorted(event.raw["outputs"])) or "none"
            message = f"Outputs: {names}"
        yield LogLine("event", message, event.level, when)
