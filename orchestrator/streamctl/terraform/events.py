"""Typed view of Terraform's machine-readable UI (`-json`) event stream."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ChangeCounts:
    add: int = 0
    change: int = 0
    remove: int = 0
    import_: int = 0
    outputs: int = 0  # outputs a plan adds, changes or removes (no resource change needed)

    @property
    def total(self) -> int:
        return self.add + self.change + self.remove

    def __str__(self) -> str:
        return f"+{self.add} ~{self.change} -{self.remove}"


@dataclass(frozen=True)
class Diagnostic:
    severity: str
    summary: str
    detail: str = ""
    filename: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f" ({self.filename}:{self.line})" if self.filename else ""
        text = f"{self.severity.capitalize()}: {self.summary}{where}"
        return f"{text}\n{self.detail}" if self.detail else text


@dataclass(frozen=True)
class Event:
    """One line of `terraform ... -json` output."""

    type: str
    message: str
    level: str = "info"
    timestamp: datetime | None = None
    resource: str | None = None  # resource address for hook events
    action: str | None = None
    elapsed_seconds: float | None = None
    changes: ChangeCounts | None = None  # change_summary
    diagnostic: Diagnostic | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def _timestamp(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _diagnostic(raw: dict[str, Any]) -> Diagnostic:
    rng = raw.get("range") or {}
    start = rng.get("start") or {}
    return Diagnostic(
        severity=str(raw.get("severity", "error")),
        summary=str(raw.get("summary", "")),
        detail=str(raw.get("detail", "")),
        filename=rng.get("filename"),
        line=start.get("line"),
    )


def diagnostics_from_validate(doc: dict[str, Any]) -> list[Diagnostic]:
    """Diagnostics of `terraform validate -json` output."""
    return [_diagnostic(d) for d in doc.get("diagnostics", [])]


def parse_event(line: str) -> Event | None:
    """An Event for a JSON UI line, or None for anything else (e.g. plain warnings)."""
    line = line.strip()
    if not line.startswith("{"):
        return None
    try:
        raw = json.loads(line)
    except json.JSONDecodeError:
        return None
    if not isinstance(raw, dict) or "type" not in raw:
        return None
    hook = raw.get("hook") or {}
    resource = (hook.get("resource") or {}).get("addr")
    changes = None
    if raw["type"] == "change_summary":
        c = raw.get("changes") or {}
        changes = ChangeCounts(
            int(c.get("add", 0)),
            int(c.get("change", 0)),
            int(c.get("remove", 0)),
            int(c.get("import", 0)),
        )
    diag = raw.get("diagnostic")
    return Event(
        type=str(raw["type"]),
        message=str(raw.get("@message", "")),
        level=str(raw.get("@level", "info")),
        timestamp=_timestamp(raw.get("@timestamp")),
        resource=resource,
        action=hook.get("action"),
        elapsed_seconds=hook.get("elapsed_seconds"),
        changes=changes,
        diagnostic=_diagnostic(diag) if isinstance(diag, dict) else None,
        raw=raw,
    )
