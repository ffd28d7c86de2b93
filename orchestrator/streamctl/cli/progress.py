"""Live progress of a run: a Rich table on a terminal, plain lines otherwise."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from rich.console import Console
from rich.live import Live
from rich.table import Table
from rich.text import Text

from streamctl.cli.console import plain
from streamctl.results import LayerState, Outcome, Phase
from streamctl.terraform.events import Event

STYLE: dict[LayerState, str] = {
    Phase.PENDING: "dim",
    Phase.RUNNING: "cyan",
    Outcome.WAITING: "yellow",
    Outcome.PLANNED: "blue",
    Outcome.APPLIED: "green",
    Outcome.DESTROYED: "green",
    Outcome.UNCHANGED: "green",
    Outcome.FAILED: "bold red",
    Outcome.BLOCKED: "red",
    Outcome.SKIPPED: "dim",
    Outcome.DECLINED: "dim",
    Outcome.INTERRUPTED: "bold yellow",
}
HOOK_EVENTS = {"apply_start", "apply_complete", "apply_errored"}


def _word(state: LayerState) -> str:
    return state.reported if isinstance(state, Outcome) else state.value


@dataclass
class _Row:
    state: LayerState = Phase.PENDING
    note: str = ""
    started: float | None = None  # the running phase's start (None: not running)
    busy: float = 0.0  # seconds of finished phases (plan, apply) in this run
    planned: int = 0
    done: int = 0
    current: set[str] = field(default_factory=set)


class _Tracker:
    """Per-layer state fed by statuses and Terraform's JSON events."""

    def __init__(self, layers: Sequence[str]) -> None:
        self.rows = {name: _Row() for name in layers}
        self.lock = threading.Lock()

    def layer_status(self, layer: str, state: LayerState, note: str = "") -> None:
        with self.lock:
            row = self.rows.setdefault(layer, _Row())
            now = time.monotonic()
            if state is Phase.RUNNING and note in {"applying", "destroying"}:
                row.done = 0
            # Time is what Terraform spends on the layer (plan + apply), as in the
            # summary and the reports (report.timeline): waits for answers not counted.
            if row.started is not None and (isinstance(state, Outcome) or note != row.note):
                row.busy += now - row.started
                row.started = None
            if state is Phase.RUNNING and row.started is None:
                row.started = now
            if isinstance(state, Outcome):
                row.current.clear()
            row.state, row.note = state, note

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
        busy = row.busy + (time.monotonic() - row.started if row.started is not None else 0)
        return f"{busy:5.1f}s" if busy or row.started is not None else ""


class RichProgress(_Tracker):
    """The live table, and nothing else, in the terminal's live region.

    Transient: when the run pauses for a question or ends, the table is erased, so
    reviews, answers and the summary printed then stay in the scrollback, never drawn
    over. Each resume starts a new Live: a restarted one would move the cursor up by its
    last frame's height and overwrite what was printed meanwhile.
    """

    def __init__(self, console: Console, layers: Sequence[str], title: str) -> None:
        super().__init__(layers)
        self.title = title
        self.console = console
        self.live = self._new_live()

    def _new_live(self) -> Live:
        return Live(
            console=self.console,
            get_renderable=self.render,
            refresh_per_second=8,
            transient=True,
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
                    Text(_word(row.state), style=STYLE[row.state]),
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
            self.live = self._new_live()
            self.live.start()

    @contextmanager
    def running(self) -> Iterator[None]:
        self.live.start()
        try:
            yield
        finally:
            self.live.stop()


class PlainProgress(_Tracker):
    """One line per change of state: readable in CI logs and pipes."""

    def __init__(self, console: Console, layers: Sequence[str]) -> None:
        super().__init__(layers)
        self.console = console

    def _say(self, layer: str, text: str) -> None:
        self.console.print(f"[{layer}] {text}", markup=False, highlight=False, soft_wrap=True)

    def layer_status(self, layer: str, state: LayerState, note: str = "") -> None:
        super().layer_status(layer, state, note)
        self._say(layer, f"{_word(state)}{': ' + note if note else ''}")

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


LiveView = RichProgress | PlainProgress


def live_view(console: Console, layers: Sequence[str], title: str) -> LiveView:
    """A live table on a terminal; plain lines in pipes, CI logs and under NO_COLOR."""
    if console.is_terminal and not plain():
        return RichProgress(console, layers, title)
    return PlainProgress(console, layers)
