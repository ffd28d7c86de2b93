"""A layer run is data: its status, reason, change counts and duration."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from streamctl.terraform.events import ChangeCounts


class Status(StrEnum):
    PENDING = "pending"
    WAITING = "waiting"
    RUNNING = "running"
    PLANNED = "planned"
    APPLIED = "applied"
    DESTROYED = "destroyed"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    BLOCKED = "blocked"
    SKIPPED = "skipped"

    @property
    def ok(self) -> bool:
        return self not in {Status.FAILED, Status.BLOCKED}


@dataclass
class LayerResult:
    name: str
    status: Status
    reason: str = ""
    changes: ChangeCounts | None = None
    duration: float = 0.0
    log: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        changes = self.changes
        return {
            "layer": self.name,
            "status": self.status.value,
            "reason": self.reason,
            "changes": None
            if changes is None
            else {"add": changes.add, "change": changes.change, "destroy": changes.remove},
            "duration_seconds": round(self.duration, 2),
            "log": self.log,
        }


def headline(reason: str) -> str:
    """One line for a table cell: 'terraform plan failed:' alone says nothing, so a first
    line ending in ':' gets the next non-empty line (the error itself)."""
    lines = [line.strip() for line in reason.splitlines() if line.strip()]
    if not lines:
        return ""
    if lines[0].endswith(":") and len(lines) > 1:
        # Terraform may print warnings first (e.g. about the CLI config): name the error.
        errors = [line for line in lines[1:] if line.lstrip("│ ").startswith("Error:")]
        return f"{lines[0]} {(errors or lines[1:])[0].lstrip('│ ')}"
    return lines[0]
