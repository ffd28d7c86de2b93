"""Per-run, per-layer log files with secret values redacted.

A log is a record, not a dependency: a full or read-only disk under it is noted once
and the run goes on, because a write that raised while Terraform applied would stop
Terraform half-way through.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path


class LayerLog:
    """Append-only log of everything Terraform printed for one layer in one run."""

    def __init__(self, path: Path | None, redact: Callable[[str], str]) -> None:
        self.path = path  # None: keep nothing (read-only commands leave no run behind)
        self.redact = redact
        self.failure: str | None = None  # why writing stopped, once it did
        self._lock = threading.Lock()

    def write(self, text: str) -> None:
        if not text or self.failure or self.path is None:
            return
        line = self.redact(text if text.endswith("\n") else text + "\n")
        with self._lock:
            try:
                # Created on first write: a layer that only waited or was skipped leaves
                # no empty log behind to puzzle over (the summary says why it did not run).
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                with os.fdopen(fd, "a", encoding="utf-8") as handle:
                    handle.write(line)
            except OSError as exc:
                self.failure = f"cannot write the log {self.path}: {exc.strerror or exc}"
