"""A saved plan set: `preview --out DIR` writes it, `up --plans DIR` applies exactly it.

DIR holds one saved Terraform plan per planned layer and `planset.json`, which records
for every selected layer what the preview found and the state it planned against
(lineage and serial, from `terraform state pull`). Before applying anything, `up
--plans` compares each layer's state now with that record: a state that moved (an
apply in between, by anyone) makes the plan set stale, and nothing is applied. Terraform
would refuse a stale plan too, but only when it gets to that layer, after others applied.

Saved plans hold variable values, secrets included: DIR is 0700 and its files 0600;
keep it as a private CI artifact.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from streamctl.errors import UsageError

PLANSET_FILE = "planset.json"
FORMAT = 1


@dataclass(frozen=True)
class StateMark:
    """Which state a plan was made against; both None: the layer had no state."""

    lineage: str | None = None
    serial: int | None = None

    @classmethod
    def of(cls, state_text: str) -> StateMark:
        """From the text of a state (`terraform state pull`, or a state file)."""
        if not state_text.strip():
            return cls()
        try:
            state = json.loads(state_text)
        except json.JSONDecodeError:
            return cls()
        return cls(state.get("lineage"), state.get("serial"))

    def __str__(self) -> str:
        return "no state" if self.lineage is None else f"serial {self.serial}"


@dataclass(frozen=True)
class SavedLayer:
    layer: str
    status: str  # what preview found: planned, unchanged or waiting
    state: StateMark
    file: str | None = None  # the saved plan, relative to DIR (planned layers only)
    sha256: str | None = None
    changes: dict[str, int] | None = None


@dataclass(frozen=True)
class PlanSet:
    stack: str
    environment: str
    target: str
    run_id: str
    layers: dict[str, SavedLayer]
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    directory: Path = field(default=Path(), compare=False)  # where it was loaded from

    def planned(self) -> list[str]:
        return [name for name, saved in self.layers.items() if saved.status == "planned"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save(directory: Path, plans: PlanSet, plan_files: Mapping[str, Path]) -> Path:
    """Write the plan set: copies of the planned layers' plan files and planset.json."""
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    for old in directory.glob("*.tfplan"):
        old.unlink()  # a plan of a layer no longer planned must not linger
    layers = dict(plans.layers)
    for name, source in plan_files.items():
        target = directory / f"{name}.tfplan"
        shutil.copyfile(source, target)
        target.chmod(0o600)
        layers[name] = _with_file(layers[name], target)
    document = asdict(replace(plans, layers=layers))
    document.pop("directory")
    document["format"] = FORMAT
    path = directory / PLANSET_FILE
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(document, indent=2) + "\n")
    os.replace(tmp, path)
    return path


def _with_file(saved: SavedLayer, plan_file: Path) -> SavedLayer:
    return SavedLayer(
        saved.layer, saved.status, saved.state, plan_file.name, _digest(plan_file), saved.changes
    )


def load(directory: Path) -> PlanSet:
    """Read a plan set; a UsageError when DIR is not one or a plan file was altered."""
    path = directory / PLANSET_FILE
    if not path.is_file():
        raise UsageError(
            f"{directory}: not a plan set (no {PLANSET_FILE}); write one with "
            "`streamctl preview --out DIR`"
        )
    try:
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}: not valid JSON ({exc}); write it again with preview --out"
        ) from exc
    if raw.get("format") != FORMAT:
        raise UsageError(
            f"{path}: plan set format {raw.get('format')!r}, this streamctl reads {FORMAT}"
        )
    layers = {}
    for name, entry in raw["layers"].items():
        saved = SavedLayer(
            layer=name,
            status=entry["status"],
            state=StateMark(**entry["state"]),
            file=entry.get("file"),
            sha256=entry.get("sha256"),
            changes=entry.get("changes"),
        )
        if saved.file is not None:
            plan_file = directory / saved.file
            if not plan_file.is_file():
                raise UsageError(
                    f"{directory}: the saved plan of layer '{name}' is missing ({saved.file})"
                )
            if _digest(plan_file) != saved.sha256:
                raise UsageError(
                    f"{plan_file}: changed since `preview --out` wrote it; write the plan set again"
                )
        layers[name] = saved
    return PlanSet(
        raw["stack"],
        raw["environment"],
        raw["target"],
        raw["run_id"],
        layers,
        raw["created_at"],
        directory,
    )


def check_for(plans: PlanSet, stack: str, environment: str, target: str, names: list[str]) -> None:
    """The plan set must be of this stack, environment and target, and the selection."""
    mine = (plans.stack, plans.environment, plans.target)
    if mine != (stack, environment, target):
        raise UsageError(
            f"the plan set is of {'/'.join(mine)}, this run is of {stack}/{environment}/{target}"
        )
    if missing := [n for n in names if n not in plans.layers]:
        raise UsageError(
            f"the plan set has no entry for layer(s) {', '.join(missing)}: select the layers "
            "it was written for, or write it again with preview --out"
        )


def stale(plans: PlanSet, now: Mapping[str, StateMark]) -> list[str]:
    """Why the plan set is stale (empty: it is not): layers whose state moved since."""
    reasons = []
    for name, mark in now.items():
        saved = plans.layers[name].state
        if mark != saved:
            reasons.append(f"layer '{name}': state is at {mark}, the plan was made at {saved}")
    return reasons
