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
from streamctl.errors import StreamctlError
from streamctl.results import LayerResult, Outcome

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
        started = time.monotonic()
        try:
            result = task(name)
        except StreamctlError as exc:
            result = LayerResult(name, Outcome.FAILED, str(exc))
        if not result.duration:
            result = dataclasses.replace(result, duration=time.monotonic() - started)
        return result

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
        _wait_for_workers(pool, on_interrupt)
        raise
    pool.shutdown(wait=True)
    return {name: results[name] for name in order}


def _wait_for_workers(pool: ThreadPoolExecutor, on_interrupt: Callable[[], None]) -> None:
    while True:
        try:
            pool.shutdown(wait=True, cancel_futures=True)
            return
        except KeyboardInterrupt:
            on_interrupt()  # a second Ctrl-C: Terraform exits at once
