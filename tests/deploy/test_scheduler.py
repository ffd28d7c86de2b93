"""The DAG runner with fake tasks at its boundary: ordering, blocking, parallelism."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from streamctl.deploy.scheduler import run_dag
from streamctl.errors import OperationError
from streamctl.results import LayerResult, Outcome

# a <- b <- c (a chain), d independent.
ORDER = ["a", "b", "c", "d"]
UPSTREAM = {"a": (), "b": ("a",), "c": ("b",), "d": ()}


class Recorder:
    """A fake layer task: records start/finish order, fails the layers it is told to."""

    def __init__(self, failing: set[str] | None = None, raising: set[str] | None = None) -> None:
        self.failing = failing or set()
        self.raising = raising or set()
        self.events: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, name: str) -> LayerResult:
        with self.lock:
            self.events.append(f"start {name}")
        if name in self.raising:
            raise OperationError(f"terraform apply of {name} failed")
        outcome = Outcome.FAILED if name in self.failing else Outcome.APPLIED
        with self.lock:
            self.events.append(f"end {name}")
        return LayerResult(name, outcome, "boom" if name in self.failing else "")

    @property
    def started(self) -> list[str]:
        return [e.split()[1] for e in self.events if e.startswith("start")]

    def position(self, event: str) -> int:
        return self.events.index(event)


def test_dependencies_finish_before_dependents_start() -> None:
    task = Recorder()
    results = run_dag(ORDER, UPSTREAM, task)
    assert list(results) == ORDER
    assert all(r.outcome is Outcome.APPLIED for r in results.values())
    assert task.position("end a") < task.position("start b")
    assert task.position("end b") < task.position("start c")


def test_failure_blocks_dependents_naming_the_failed_layer_while_others_finish() -> None:
    task = Recorder(failing={"a"})
    seen: list[str] = []
    results = run_dag(ORDER, UPSTREAM, task, on_result=lambda r: seen.append(r.name))
    assert results["a"].outcome is Outcome.FAILED
    assert results["b"].outcome is Outcome.BLOCKED
    assert results["b"].reason == "blocked by failed layer 'a'"
    # Two levels down the reason still names the layer that failed, not the blocked one.
    assert results["c"].outcome is Outcome.BLOCKED
    assert results["c"].reason == "blocked by failed layer 'a'"
    assert results["d"].outcome is Outcome.APPLIED
    assert "b" not in task.started and "c" not in task.started
    assert sorted(seen) == sorted(ORDER)


def test_a_raised_domain_error_is_a_failed_result_not_a_crash() -> None:
    results = run_dag(ORDER, UPSTREAM, Recorder(raising={"b"}))
    assert results["b"].outcome is Outcome.FAILED
    assert results["b"].reason == "terraform apply of b failed"
    assert results["c"].reason == "blocked by failed layer 'b'"
    assert results["a"].outcome is Outcome.APPLIED
    assert results["d"].outcome is Outcome.APPLIED


def test_unexpected_exceptions_are_not_swallowed() -> None:
    def task(name: str) -> LayerResult:
        raise RuntimeError(f"bug in {name}")

    with pytest.raises(RuntimeError, match="bug in"):
        run_dag(["a"], {}, task)


def test_reverse_runs_dependents_first() -> None:
    task = Recorder()
    run_dag(ORDER, UPSTREAM, task, reverse=True)
    assert task.position("end c") < task.position("start b")
    assert task.position("end b") < task.position("start a")


def test_reverse_failure_blocks_the_layers_underneath() -> None:
    results = run_dag(ORDER, UPSTREAM, Recorder(failing={"c"}), reverse=True)
    assert results["c"].outcome is Outcome.FAILED
    assert results["b"].reason == "blocked by failed layer 'c'"
    assert results["a"].reason == "blocked by failed layer 'c'"
    assert results["d"].outcome is Outcome.APPLIED


def test_edges_to_unselected_layers_are_ignored() -> None:
    task = Recorder()
    results = run_dag(["b", "c"], UPSTREAM, task)
    assert [r.outcome for r in results.values()] == [Outcome.APPLIED, Outcome.APPLIED]
    assert task.started == ["b", "c"]


def meeting_task(meeting: threading.Barrier, peak: list[int]) -> Callable[[str], LayerResult]:
    """Each task waits at `meeting` until enough tasks run at once; records the peak."""
    active = [0]
    lock = threading.Lock()

    def task(name: str) -> LayerResult:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        try:
            meeting.wait(timeout=10)
        except threading.BrokenBarrierError:
            return LayerResult(name, Outcome.FAILED, "never met the others: ran alone")
        finally:
            with lock:
                active[0] -= 1
        return LayerResult(name, Outcome.APPLIED)

    return task


def test_independent_layers_run_at_the_same_time() -> None:
    names = [f"l{i}" for i in range(5)]
    peak = [0]
    # The barrier only opens when all five tasks are inside it at once.
    results = run_dag(names, {}, meeting_task(threading.Barrier(5), peak))
    assert all(r.outcome is Outcome.APPLIED for r in results.values())
    assert peak[0] == 5


def test_parallelism_limit_is_respected() -> None:
    names = [f"l{i}" for i in range(6)]
    peak = [0]
    results = run_dag(names, {}, meeting_task(threading.Barrier(2), peak), parallelism=2)
    assert all(r.outcome is Outcome.APPLIED for r in results.values()), results
    assert peak[0] == 2


def test_parallelism_one_runs_one_at_a_time_in_order() -> None:
    task = Recorder()
    run_dag(["d", "a", "b"], UPSTREAM, task, parallelism=1)
    assert task.events == ["start d", "end d", "start a", "end a", "start b", "end b"]


def test_duration_is_filled_in_when_the_task_gives_none() -> None:
    results = run_dag(["a"], {}, Recorder())
    assert results["a"].duration > 0
