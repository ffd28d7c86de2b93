"""The run directories under `.streamctl/<env>/<target>/logs/`, newest last.

A run's id starts with its UTC start time (`20261201T103000-<pid>-<n>`), so names sort
by age. Only directories named like that are ever pruned: anything else under logs/
is left alone.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from streamctl.errors import UsageError

RUN_ID = re.compile(r"^\d{8}T\d{6}-\d+-\d+$")


@dataclass(frozen=True)
class Run:
    id: str
    path: Path

    def layers(self) -> list[str]:
        return sorted(p.stem for p in self.path.glob("*.log"))


def _order(path: Path) -> tuple[str, int, int]:
    stamp, pid, count = path.name.split("-")
    return stamp, int(count), int(pid)


def runs(logs_dir: Path) -> list[Run]:
    """Every run directory, oldest first."""
    if not logs_dir.is_dir():
        return []
    found = [p for p in logs_dir.iterdir() if p.is_dir() and RUN_ID.match(p.name)]
    return [Run(p.name, p) for p in sorted(found, key=_order)]


def prune(logs_dir: Path, keep: int) -> list[Run]:
    """Remove all but the newest `keep` runs; returns what was removed."""
    found = runs(logs_dir)
    removed = found[: max(len(found) - keep, 0)]
    for run in removed:
        shutil.rmtree(run.path, ignore_errors=True)
    return removed


def find_log(logs_dir: Path, layer: str, run_id: str | None = None) -> tuple[Run, Path]:
    """The layer's log of run `run_id` (an id or its unique start), else of the newest
    run that has one; a UsageError naming the runs there are otherwise."""
    found = runs(logs_dir)
    if run_id is not None:
        matching = [r for r in found if r.id == run_id] or [
            r for r in found if r.id.startswith(run_id)
        ]
        if len(matching) != 1:
            recent = ", ".join(r.id for r in found[-5:]) or "none"
            what = "no run" if not matching else f"{len(matching)} runs"
            raise UsageError(f"{what} matching --run {run_id} (latest runs: {recent})")
        run = matching[0]
        log = run.path / f"{layer}.log"
        if not log.is_file():
            has = ", ".join(run.layers()) or "no layer"
            raise UsageError(f"run {run.id} has no log of layer '{layer}' (it has: {has})")
        return run, log
    for run in reversed(found):
        log = run.path / f"{layer}.log"
        if log.is_file():
            return run, log
    raise UsageError(
        f"no log of layer '{layer}' under {logs_dir}: it has not run in this environment "
        "and target (see `streamctl status`)"
    )
