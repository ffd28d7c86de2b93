"""Live progress of a run: a Rich table on a terminal, plain lines otherwise."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from rich.console import Console
from rich.live import Live
from rich.table import Table
from rich.text import Text

from streamctl.results import LayerResult, Status, headline
from streamctl.terraform.events import Event

STYLE = {
    Status.PENDING: "dim",
    Status.WAITING: "yellow",
    Status.RUNNING: "cyan",
    Status.PLANNED: "blue",
    Status.APPLIED: "green",
    Status.DESTROYED: "green",
    Status.UNCHANGED: "green",
    Status.FAILED: "bold red",
    Status.BLOCKED: "red",
    Status.SKIPPED: "dim",
}
HOOK_EVENTS = {"apply_start", "apply_complete", "apply_errored"}


@dataclass
class _Row:
    status: Status = Status.PENDING
    note: str = ""
    started: float | None = None
    finished: float | None = None
    planned: int = 0
    done: int = 0
    current: set[str] = field(default_factory=set)


class _Tracker:
    """Per-layer state fed by statuses and Terraform's JSON events."""

    def __init__(self, layers: Sequence[str]) -> None:
        self.rows = {name: _Row() for name in layers}
        self.lock = threading.Lock()

    def layer_status(self, layer: str, status: Status, note: str = "") -> None:
        with self.lock:
            row = self.rows.setdefault(layer, _Row())
            if status is Status.RUNNING and row.started is None:
                row.started = time.monotonic()
            if status is Status.RUNNING and note in {"applying", "destroying"}:
                row.done = 0
            if status not in {Status.RUNNING, Status.PENDING}:
                row.finished = time.monotonic()
                row.current.clear()
            else:
                row.finished = None
            row.status, row.note = status, note

    def planned(self, layer: str, resources: int) -> None:
        with self.lock:
            self.rows.setdefault(layer, _Row()).planned = resources

    def event(self, layer: str, event: Event) -> None:
        if event.type not in HOOK_EVENTS or not event.resource:
            return
        with self.lock:
            row = self.rows.setdefault(layer, _Row())
            if event.type == "apply_start":
                row.current.add(event.resource)
            else:
                row.current.discard(event.resource)
                row.done += 1

    def elapsed(self, row: _Row) -> str:
        if row.started is None:
            return ""
        end = row.finished or time.monotonic()
        return f"{end - row.started:5.1f}s"


class RichProgress(_Tracker):
    def __init__(self, console: Console, layers: Sequence[str], title: str) -> None:
        super().__init__(layers)
        self.title = title
        self.live = Live(
            console=console, get_renderable=self.render, refresh_per_second=8, transient=False
        )

    def render(self) -> Table:
        table = Table(
            title=self.title, title_justify="left", expand=False, box=None, padding=(0, 2)
        )
        for column in ("layer", "status", "time", "resources", "now"):
            table.add_column(column)
        with self.lock:
            for name, row in self.rows.items():
                progress = f"{row.done}/{row.planned}" if row.planned else ""
                now = ", ".join(sorted(row.current)[:2]) or row.note
                table.add_row(
                    name,
                    Text(row.status.value, style=STYLE[row.status]),
                    self.elapsed(row),
                    progress,
                    Text(now[:70], style="dim"),
                )
        return table

    @contextmanager
    def paused(self) -> Iterator[None]:
        self.live.stop()
        try:
            yield
        finally:
            self.live.start()

    @contextmanager
    def running(self) -> Iterator[None]:
        with self.live:
            yield


class PlainProgress(_Tracker):
    """One line per change of state: readable in CI logs and pipes."""

    def __init__(self, console: Console, layers: Sequence[str]) -> None:
        super().__init__(layers)
        self.console = console

    def _say(self, layer: str, text: str) -> None:
        self.console.print(f"[{layer}] {text}", markup=False, highlight=False, soft_wrap=True)

    def layer_status(self, layer: str, status: Status, note: str = "") -> None:
        super().layer_status(layer, status, note)
        self._say(layer, f"{status.value}{': ' + note if note else ''}")

    def event(self, layer: str, event: Event) -> None:
        super().event(layer, event)
        if event.type in {"apply_complete", "apply_errored"} and event.message:
            self._say(layer, event.message)

    @contextmanager
    def paused(self) -> Iterator[None]:
        yield

    @contextmanager
    def running(self) -> Iterator[None]:
        yield


def summary_table(results: Mapping[str, LayerResult], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column, justify in (
        ("layer", "left"),
        ("result", "left"),
        ("+", "right"),
        ("~", "right"),
        ("-", "right"),
        ("time", "right"),
        ("detail", "left"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for result in results.values():
        c = result.changes
        detail = headline(result.reason)
        table.add_row(
            result.name,
            Text(result.status.value, style=STYLE[result.status]),
            str(c.add) if c else "",
            str(c.change) if c else "",
            str(c.remove) if c else "",
            f"{result.duration:.1f}s" if result.duration else "",
            detail[:90],
        )
    return table
