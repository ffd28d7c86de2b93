"""Typed view of Terraform's machine-readable UI (`-json`) event stream."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
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
    moves: int = 0  # resources a plan only moves to a new address (`moved` blocks)

    @property
    def total(self) -> int:
        return self.add + self.change + self.remove

    @property
    def state_only(self) -> int:
        """Changes that touch state but no infrastructure: they still need an apply, or
        the state keeps the old addresses (and a later removal of the block destroys)."""
        return self.moves + self.import_

    def __str__(self) -> str:
        text = f"+{self.add} ~{self.change} -{self.remove}"
        moved = f"{self.moves} moved" if self.moves else ""
        imported = f"{self.import_} imported" if self.import_ else ""
        extra = ", ".join(part for part in (moved, imported) if part)
        return f"{text} ({extra})" if extra else text


@dataclass(frozen=True)
class Diagnostic:
    """One Terraform diagnostic, verbatim, with its place in the source ("" / 0: none)."""

    severity: str  # "error" or "warning"
    summary: str
    detail: str = ""
    filename: str = ""
    line: int = 0
    column: int = 0

    @property
    def location(self) -> str:
        return f"{self.filename}:{self.line}" if self.filename else ""

    def __str__(self) -> str:
        where = f" ({self.location})" if self.filename else ""
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


def diagnostic_from_json(raw: dict[str, Any], source: Callable[[str], str] = str) -> Diagnostic:
    """A diagnostic of Terraform's JSON; `source` maps the file name it reports (e.g. from
    a working copy back to the source tree)."""
    where = raw.get("range") or {}
    start = where.get("start") or {}
    filename = str(where.get("filename") or "")
    return Diagnostic(
        severity=str(raw.get("severity", "error")),
        summary=str(raw.get("summary", "")),
        detail=str(raw.get("detail", "")),
        filename=source(filename) if filename else "",
        line=int(start.get("line") or 0),
        column=int(start.get("column") or 0),
    )


def diagnostics_from_validate(
    doc: dict[str, Any], source: Callable[[str], str] = str
) -> list[Diagnostic]:
    """Diagnostics of `terraform validate -json` output."""
    return [diagnostic_from_json(d, source) for d in doc.get("diagnostics", [])]


HUMAN_DIAGNOSTIC = re.compile(r"^(Error|Warning): (.*)$", re.M)
HUMAN_LOCATION = re.compile(r"^\s*on (\S+) line (\d+)", re.M)


def diagnostics_from_text(text: str, source: Callable[[str], str] = str) -> tuple[Diagnostic, ...]:
    """Diagnostics from Terraform's human output: `init` has no -json in Terraform 1.11."""
    marks = list(HUMAN_DIAGNOSTIC.finditer(text))
    found: list[Diagnostic] = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        body = text[mark.end() : end]
        location = HUMAN_LOCATION.search(body)
        detail_lines = [
            line for line in body.strip("\n").splitlines() if not HUMAN_LOCATION.match(line)
        ]
        # Drop the quoted source snippet ("  12: resource ...") Terraform prints under "on".
        detail = "\n".join(ln for ln in detail_lines if not re.match(r"^\s*\d+:", ln)).strip()
        found.append(
            Diagnostic(
                severity=mark[1].lower(),
                summary=mark[2].strip(),
                detail=detail,
                filename=source(location[1]) if location else "",
                line=int(location[2]) if location else 0,
            )
        )
    if not found and text.strip():
        found.append(Diagnostic("error", "terraform init failed", text.strip()))
    return tuple(found)


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
        diagnostic=diagnostic_from_json(diag) if isinstance(diag, dict) else None,
        raw=raw,
    )
