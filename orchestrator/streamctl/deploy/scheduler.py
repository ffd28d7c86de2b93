"""Runs a task per layer over the DAG: dependencies first, independent layers at once.

A failed layer does not raise: its dependents get a BLOCKED result naming it and
independent branches finish. The scheduler knows no processes: on Ctrl-C it calls
`on_interrupt` (the engine stops its Terraform children) and waits for the tasks.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from streamctl import graph
from streamctl.errors import StreamctlError, disk_error
from streamctl.results import Interrupted, LayerResult, Outcome

Task = Callable[[str], LayerResult]


def run_dag(
    order: Sequence[str],
    upstream: Mapping[str, Sequence[str]],
    task: Task,
    *,
    parallelism: int | None = None,
    reverse: bool = False,
    on_result: Callable[[LayerResult], None] | None = None,
    on_interrupt: Callable[[], None] = lambda: None,
    interrupted: Callable[[], bool] = lambda: False,
) -> dict[str, LayerResult]:
    """Run `task` for each layer of `order`; edges outside `order` are ignored.

    With reverse=True dependents run first (for destroy).
    """
    selected = set(order)
    waits_for: dict[str, set[str]] = {
        name: {dep for dep in upstream.get(name, ()) if dep in selected} for name in order
    }
    if reverse:
        reversed_edges = graph.dependents_of({n: tuple(waits_for[n]) for n in order})
        waits_for = {name: set(reversed_edges[name]) for name in order}
    results: dict[str, LayerResult] = {}
    lock = threading.Lock()

    def record(result: LayerResult) -> None:
        with lock:
            results[result.name] = result
        if on_result:
            on_result(result)

    def guarded(name: str) -> LayerResult:
        return _guarded(task, name, interrupted)

    workers = parallelism if parallelism and parallelism > 0 else max(len(order), 1)
    running: dict[Future[LayerResult], str] = {}
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="layer")
    try:
        while len(results) < len(order):
            for name in order:
                if name in results or name in running.values():
                    continue
                failed = [d for d in waits_for[name] if d in results and not results[d].outcome.ok]
                if failed:
                    root = results[failed[0]].blocked_by or failed[0]
                    reason = f"blocked by failed layer '{root}'"
                    record(LayerResult(name, Outcome.BLOCKED, reason, blocked_by=root))
                    continue
                if all(d in results for d in waits_for[name]):
                    running[pool.submit(guarded, name)] = name
            if not running:
                continue
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in done:
                running.pop(future)
                record(future.result())
    except KeyboardInterrupt:
        # Ctrl-C reaches only this thread when sent to our pid alone (kill -INT, CI):
        # pass it on, then wait until Terraform has written its state and released locks.
        on_interrupt()
        _wait_for_workers(pool, list(running), on_interrupt)
        finished = [f.result() for f in running if f.done() and not f.cancelled()]
        for result in [*finished, *_not_started(order, results, finished)]:
            record(result)
        raise Interrupted({name: results[name] for name in order}) from None
    pool.shutdown(wait=True)
    return {name: results[name] for name in order}


def _guarded(task: Task, name: str, interrupted: Callable[[], bool]) -> LayerResult:
    started = time.monotonic()
    try:
        result = task(name)
    except StreamctlError as exc:
        result = LayerResult(name, Outcome.FAILED, str(exc))
    except OSError as exc:
        # A full or read-only disk fails this layer, not the run: others may be applying.
        if (disk := disk_error(exc)) is None:
            raise
        result = LayerResult(name, Outcome.FAILED, str(disk))
    if interrupted() and result.outcome is Outcome.FAILED:
        result = dataclasses.replace(result, outcome=Outcome.INTERRUPTED)  # it was stopped
    if not result.duration:
        result = dataclasses.replace(result, duration=time.monotonic() - started)
    return result


def _not_started(
    order: Sequence[str], results: Mapping[str, LayerResult], finished: Sequence[LayerResult]
) -> list[LayerResult]:
    done = set(results) | {r.name for r in finished}
    reason = "not started: interrupted"
    return [LayerResult(n, Outcome.INTERRUPTED, reason) for n in order if n not in done]


def _wait_for_workers(
    pool: ThreadPoolExecutor,
    started: Sequence[Future[LayerResult]],
    on_interrupt: Callable[[], None],
) -> None:
    """Wait for the layers that run (their Terraform writes state); start no other.

    Waits on the futures, not on the threads: a Thread.join() that a second Ctrl-C
    interrupts takes the thread for finished (Python 3.11), and we would exit while
    Terraform still runs."""
    pool.shutdown(wait=False, cancel_futures=True)
    while True:
        try:
            wait(started)
            return
        except KeyboardInterrupt:
            on_interrupt()  # a second Ctrl-C: Terraform exits at once
