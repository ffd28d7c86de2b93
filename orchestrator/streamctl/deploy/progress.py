"""What a deployment reports while it runs; the CLI's Rich and plain views implement it."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Protocol

from streamctl.results import LayerState
from streamctl.terraform.events import Event


class ProgressSink(Protocol):
    def layer_status(self, layer: str, state: LayerState, note: str = "") -> None: ...

    def planned(self, layer: str, resources: int) -> None: ...

    def event(self, layer: str, event: Event) -> None: ...

    def paused(self) -> AbstractContextManager[None]: ...


class NullProgress:
    """Reports nothing: for library callers and tests."""

    def layer_status(self, layer: str, state: LayerState, note: str = "") -> None:
        return None

    def planned(self, layer: str, resources: int) -> None:
        return None

    def event(self, layer: str, event: Event) -> None:
        return None

    def paused(self) -> AbstractContextManager[None]:
        return nullcontext()
