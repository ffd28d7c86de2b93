"""Per-run, per-layer log files with secret values redacted."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

REDACTED = "(redacted)"


class Redactor:
    """Replaces every known secret value in text; shared by logs and the console."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()
        self._lock = threading.Lock()

    def add(self, values: Iterable[str]) -> None:
        # Very short values would redact ordinary words; Terraform secrets are longer.
        with self._lock:
            self._secrets.update(v for v in values if isinstance(v, str) and len(v) >= 4)

    def __call__(self, text: str) -> str:
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, REDACTED)
        return text


class LayerLog:
    """Append-only log of everything Terraform printed for one layer in one run."""

    def __init__(self, path: Path | None, redact: Redactor) -> None:
        self.path = path  # None: keep nothing (read-only commands leave no run behind)
        self.redact = redact

    def write(self, text: str) -> None:
        if not text or self.path is None:
            return
        # Created on first write: a layer that only waited or was skipped leaves no
        # empty log behind to puzzle over (the summary says why it did not run).
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.touch(mode=0o600, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(self.redact(text if text.endswith("\n") else text + "\n"))
