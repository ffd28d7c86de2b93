"""The state checks around one layer's plans and applies (state_integrity holds the rules)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from streamctl.deploy import state_integrity as si


@dataclass(frozen=True)
class StateGuard:
    layer: str
    root: Path  # the layer's data: the record lives here
    state_file: Path  # the local backend's state (unused with a remote backend)
    workdir: Path  # where Terraform runs: errored.tfstate lands here
    remote: Mapping[str, Any] | None  # the remote backend's settings, e.g. {"s3": {...}}
    pull: Callable[[], str]  # `terraform state pull` (remote backends only)

    def backups(self) -> str:
        if self.remote:
            settings: Any = next(iter(self.remote.values()), {})
            return si.s3_backups(settings if isinstance(settings, Mapping) else {})
        return si.local_backups(self.state_file)

    def summary(self) -> si.StateSummary | None:
        """What the state holds now; raises StateUnreadableError naming the backups."""
        if not self.remote:
            return si.read_local(self.state_file)
        return si.parse(self.pull(), f"of layer '{self.layer}' (remote)", self.backups())

    def errored(self) -> None:
        if errored := si.errored_state(self.workdir):
            raise si.ErroredStateError(
                si.errored_message(self.layer, errored, self.workdir, self.state_file)
            )

    def before_plan(self, *, accept_loss: bool) -> str | None:
        """Refuse to plan on a state that is unreadable, behind, or lost resources."""
        self.errored()
        if not self.root.is_dir():
            return None
        return si.check(self.layer, self.root, self.summary(), self.backups(), accept=accept_loss)

    def before_apply(self, operation: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        si.mark_pending(self.root, operation)

    def after_apply(self, operation: str, declared_outputs: Iterable[str]) -> str | None:
        """Record what the state holds; a problem to report when it cannot be read."""
        if errored := si.errored_state(self.workdir):
            return si.errored_message(self.layer, errored, self.workdir, self.state_file)
        try:
            summary = self.summary()
        except si.StateUnreadableError as exc:
            return f"after {operation}: {exc}"
        si.record(self.root, summary, operation, declared_outputs)
        return None

    def applied_null(self, output: str) -> bool:
        return si.applied_null(self.root, output)
