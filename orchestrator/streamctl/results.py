"""A layer run is data: how it ended, why, its change counts and how long it took.

`Phase` is where a layer stands while a run goes on (what the live view shows);
`Outcome` is how its part of the run ended (what results, reports and JSON hold).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from streamctl.terraform.events import ChangeCounts


class Phase(StrEnum):
    PENDING = "pending"
    RUNNING = "running"


class Outcome(StrEnum):
    PLANNED = "planned"
    APPLIED = "applied"
    DESTROYED = "destroyed"
    UNCHANGED = "unchanged"
    WAITING = "waiting"  # an upstream layer has no outputs yet: not planned
    FAILED = "failed"
    BLOCKED = "blocked"  # an upstream layer failed: not run
    SKIPPED = "skipped"  # nothing to do (e.g. destroying a layer never applied)
    DECLINED = "declined"  # its plan was not approved
    INTERRUPTED = "interrupted"  # stopped (or never started) by Ctrl-C, SIGTERM, SIGHUP

    @property
    def ok(self) -> bool:
        return self not in {Outcome.FAILED, Outcome.BLOCKED, Outcome.INTERRUPTED}

    @property
    def reported(self) -> str:
        """The word in reports and JSON: a declined layer was always reported as skipped
        (reason "not approved"), and the JSON documents keep that contract."""
        return Outcome.SKIPPED.value if self is Outcome.DECLINED else self.value


LayerState = Phase | Outcome  # what a progress view shows for a layer
NOT_APPROVED = "not approved"


@dataclass(frozen=True)
class LayerResult:
    name: str
    outcome: Outcome
    reason: str = ""
    changes: ChangeCounts | None = None
    duration: float = 0.0
    log: str | None = None
    blocked_by: str | None = None  # BLOCKED: the failed layer at the root of the chain

    def as_json(self) -> dict[str, object]:
        changes = self.changes
        return {
            "layer": self.name,
            "status": self.outcome.reported,
            "reason": self.reason,
            "changes": None
            if changes is None
            else {"add": changes.add, "change": changes.change, "destroy": changes.remove},
            "duration_seconds": round(self.duration, 2),
            "log": self.log,
        }


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM, SIGHUP) stopped a run: the results so far, for the summary."""

    def __init__(self, results: dict[str, LayerResult]) -> None:
        super().__init__()
        self.results = results


def declined(name: str) -> LayerResult:
    return LayerResult(name, Outcome.DECLINED, NOT_APPROVED)


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
