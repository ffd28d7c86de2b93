"""When each layer planned and applied: recorded from the progress a deployment reports.

`Timeline` is a progress sink: teed beside the live view, it sees the same
"running: planning/applying/destroying" and outcome reports and turns them into spans.
Both the summary's time column and the reports read it, so they cannot disagree: a
layer's time is what Terraform spent on it (plan + apply), never time spent waiting
for an upstream or for an answer.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

RUNNING = "running"
PENDING = "pending"
_PHASES = {"planning": "plan", "applying": "apply", "destroying": "destroy"}


@dataclass(frozen=True)
class Span:
    layer: str
    phase: str  # plan, apply or destroy
    start: float  # wall clock (time.time())
    end: float
    outcome: str  # how the phase ended: planned, applied, failed, ...

    @property
    def seconds(self) -> float:
        return self.end - self.start


class Clock(Protocol):
    def __call__(self) -> float: ...


class Timeline:
    """Spans per layer; thread-safe, as layers report from worker threads."""

    def __init__(self, clock: Clock = time.time) -> None:
        self.clock = clock
        self.started = clock()
        self.finished: float | None = None
        self.spans: list[Span] = []
        self._open: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    # -- the progress sink -------------------------------------------------------------

    def layer_status(self, layer: str, state: str, note: str = "") -> None:
        now = self.clock()
        with self._lock:
            if str(state) == RUNNING:
                phase = _PHASES.get(note)
                if phase is not None:
                    self._close(layer, now, "interrupted")
                    self._open[layer] = (phase, now)
            elif str(state) != PENDING:
                self._close(layer, now, str(state))

    def _close(self, layer: str, now: float, outcome: str) -> None:
        opened = self._open.pop(layer, None)
        # A plan that found the layer waiting ran no Terraform: not a span.
        if opened is not None and outcome != "waiting":
            self.spans.append(Span(layer, opened[0], opened[1], now, outcome))

    def planned(self, layer: str, resources: int) -> None:
        return None

    def event(self, layer: str, event: Any) -> None:
        return None

    @contextmanager
    def paused(self) -> Iterator[None]:
        yield

    # -- reading -----------------------------------------------------------------------

    def finish(self) -> None:
        self.finished = self.clock()

    @property
    def duration(self) -> float:
        return (self.finished or self.clock()) - self.started

    def of(self, layer: str) -> list[Span]:
        with self._lock:
            return [s for s in self.spans if s.layer == layer]

    def busy(self, layer: str) -> float:
        """Seconds Terraform worked on the layer in this run (plan + apply)."""
        return sum(s.seconds for s in self.of(layer))


def critical_path(timeline: Timeline, upstream: Mapping[str, Sequence[str]]) -> list[str]:
    """The chain of layers that decided when the run ended: from the layer that finished
    last, back through the upstream each one waited for (the one that finished last
    before it started), to a layer that waited for none."""
    ends: dict[str, float] = {}
    starts: dict[str, float] = {}
    for span in timeline.spans:
        ends[span.layer] = max(ends.get(span.layer, span.end), span.end)
        starts[span.layer] = min(starts.get(span.layer, span.start), span.start)
    if not ends:
        return []
    # The apply that started last decides for a layer planned early: use its last span.
    last_start = {name: max(s.start for s in timeline.spans if s.layer == name) for name in starts}
    chain = [max(ends, key=lambda n: ends[n])]
    while True:
        current = chain[-1]
        before = [
            u
            for u in upstream.get(current, ())
            if u in ends and ends[u] <= last_start[current] and u not in chain
        ]
        if not before:
            return list(reversed(chain))
        chain.append(max(before, key=lambda u: ends[u]))


class _Sink(Protocol):
    def layer_status(self, layer: str, state: Any, note: str = "") -> None: ...

    def planned(self, layer: str, resources: int) -> None: ...

    def event(self, layer: str, event: Any) -> None: ...

    def paused(self) -> AbstractContextManager[None]: ...


class Tee:
    """Reports to several sinks: the live view and the timeline."""

    def __init__(self, *sinks: _Sink) -> None:
        self.sinks = sinks

    def layer_status(self, layer: str, state: Any, note: str = "") -> None:
        for sink in self.sinks:
            sink.layer_status(layer, state, note)

    def planned(self, layer: str, resources: int) -> None:
        for sink in self.sinks:
            sink.planned(layer, resources)

    def event(self, layer: str, event: Any) -> None:
        for sink in self.sinks:
            sink.event(layer, event)

    @contextmanager
    def paused(self) -> Iterator[None]:
        with ExitStack() as stack:
            for sink in self.sinks:
                stack.enter_context(sink.paused())
            yield
