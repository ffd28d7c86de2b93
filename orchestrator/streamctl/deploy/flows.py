"""The flows behind the commands: preview, up, down, outputs, status, over a Deployment.

Each flow runs per-layer steps over the DAG (scheduler.run_dag) and returns
results as data; approval is a callable the caller supplies, so flows never prompt.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from streamctl import graph
from streamctl.deploy.deployment import Deployment
from streamctl.deploy.scheduler import Task, run_dag
from streamctl.deploy.state_integrity import (
    ErroredStateError,
    StateLossError,
    StateUnreadableError,
)
from streamctl.errors import OperationError, StreamctlError, UsageError
from streamctl.manifest import Stack
from streamctl.results import LayerResult, Outcome, declined
from streamctl.terraform.child_process import LayerBusyError
from streamctl.terraform.events import ChangeCounts
from streamctl.terraform.layer import OutputValue


@dataclass(frozen=True)
class PlannedLayer:
    name: str
    changes: ChangeCounts


Approver = Callable[[Sequence[PlannedLayer], Sequence[LayerResult]], bool]


def select_layers(
    stack: Stack, names: Sequence[str], *, with_deps: bool = False, with_dependents: bool = False
) -> list[str]:
    """The selected layers in dependency order (all of them when none are named)."""
    for name in names:
        if name not in stack.layers:
            known = ", ".join(stack.layers)
            raise UsageError(f"unknown layer '{name}' (layers of this stack: {known})")
    order = stack.order()
    if not names:
        return order
    chosen = set(names)
    if with_deps:
        chosen |= graph.closure(names, stack.edges)
    if with_dependents:
        chosen |= graph.closure(names, graph.dependents_of(stack.edges))
    return [name for name in order if name in chosen]


def _planned(results: Mapping[str, LayerResult]) -> list[PlannedLayer]:
    return [
        PlannedLayer(r.name, r.changes or ChangeCounts())
        for r in results.values()
        if r.outcome is Outcome.PLANNED
    ]


def _run(
    dep: Deployment,
    names: Sequence[str],
    task: Task,
    parallelism: int | None,
    *,
    edges: Mapping[str, Sequence[str]] | None = None,
    reverse: bool = False,
    on_result: Callable[[LayerResult], None] | None = None,
) -> dict[str, LayerResult]:
    """run_dag over the layers' edges, Ctrl-C passed on to the deployment's Terraform."""
    upstream = {n: dep.stack.layers[n].upstream for n in names} if edges is None else edges
    return run_dag(
        names,
        upstream,
        task,
        parallelism=parallelism,
        reverse=reverse,
        on_result=on_result,
        on_interrupt=dep.terraform.interrupt,
        interrupted=dep.terraform.interrupted,
    )


def preview(
    dep: Deployment, names: Sequence[str], parallelism: int | None
) -> dict[str, LayerResult]:
    """Plan what can be planned; a layer downstream of pending changes is WAITING."""
    dep.check_no_terraform_left(names)
    dep.check_secrets(names)
    plans: dict[str, LayerResult] = {}

    def task(name: str) -> LayerResult:
        for up in dep.stack.layers[name].upstream:
            if up in plans and plans[up].outcome is not Outcome.UNCHANGED:
                reason = f"waiting for layer '{up}' ({plans[up].outcome.reported})"
                dep.progress.layer_status(name, Outcome.WAITING, reason)
                return LayerResult(name, Outcome.WAITING, reason)
        return dep.plan_layer(name)

    def keep(result: LayerResult) -> None:
        plans[result.name] = result

    # WAITING is ok: it does not block its dependents, which report waiting in turn.
    return _run(dep, names, task, parallelism, on_result=keep)


def up(
    dep: Deployment,
    names: Sequence[str],
    approve: Approver,
    *,
    parallelism: int | None = None,
) -> dict[str, LayerResult]:
    """Plan, ask once, apply; plan and apply the layers that waited as upstreams finish."""
    plans = preview(dep, names, parallelism)
    approved = {n for n, r in plans.items() if r.outcome is Outcome.PLANNED}
    waiting = [r for r in plans.values() if r.outcome is Outcome.WAITING]
    if approved and not approve(_planned(plans), waiting):
        return {n: declined(n) for n in names}
    approve_lock = threading.Lock()

    def task(name: str) -> LayerResult:
        planned = plans[name]
        if planned.outcome is Outcome.UNCHANGED or not planned.outcome.ok:
            return dep.record(planned, "apply")
        if planned.outcome is Outcome.WAITING:
            fresh = planned = dep.plan_layer(name)
            if fresh.outcome is Outcome.WAITING:
                hint = "; apply that layer first, or select it too (--with-deps)"
                return LayerResult(name, Outcome.FAILED, fresh.reason + hint)
            if fresh.outcome is Outcome.UNCHANGED:
                return fresh
            with approve_lock, dep.progress.paused():
                if not approve(_planned({name: fresh}), []):
                    return declined(name)
        result = dep.apply_layer(name)
        result = replace(result, duration=result.duration + planned.duration)
        return dep.record(result, "apply")

    return _run(dep, names, task, parallelism)


def down(
    dep: Deployment,
    names: Sequence[str],
    approve: Approver,
    *,
    with_dependents: bool,
    parallelism: int | None = None,
) -> dict[str, LayerResult]:
    """Destroy the selected layers, dependents first, after one approval.

    It succeeds only when no selected layer holds resources at the end; a layer with
    nothing to destroy is skipped quietly, so a repeated `down` is a quiet success."""
    selected = set(names)
    dep.check_no_terraform_left(names)
    if not with_dependents:
        reverse = graph.dependents_of(dep.stack.edges)
        for name in names:
            for dependent in graph.closure([name], reverse) - selected:
                count = dep.resource_count(dependent)
                if count:
                    raise UsageError(
                        f"layer '{dependent}' depends on '{name}' and still has {count} "
                        f"resource(s): destroy it first, or add --with-dependents"
                    )

    def plan_task(name: str) -> LayerResult:
        # The state checks first: an emptied state must not pass for "nothing to destroy".
        note = dep.guard(name).before_plan(accept_loss=dep.accept_state_loss)
        if not dep.resource_count(name):
            return LayerResult(name, Outcome.SKIPPED, note or "nothing to destroy")
        result = dep.plan_layer(name, destroy=True)
        if result.outcome is Outcome.WAITING:
            reason = f"cannot plan its destroy: {result.reason}"
            return LayerResult(name, Outcome.FAILED, reason)
        return result

    plans = _run(dep, names, plan_task, parallelism, edges={})
    if failed(plans):
        return plans
    planned = any(r.outcome is Outcome.PLANNED for r in plans.values())
    if planned and not approve(_planned(plans), []):
        return {n: declined(n) for n in names}

    def task(name: str) -> LayerResult:
        if plans[name].outcome is not Outcome.PLANNED:
            return plans[name]
        return dep.record(dep.apply_layer(name, destroy=True), "destroy")

    results = _run(dep, names, task, parallelism, reverse=True)
    return {name: _left_behind(dep, result) for name, result in results.items()}


def _left_behind(dep: Deployment, result: LayerResult) -> LayerResult:
    """A layer that still holds resources after `down` failed, whatever it reported."""
    if not result.outcome.ok:
        return result
    try:
        count = dep.resource_count(result.name)
    except StreamctlError as exc:
        return replace(result, outcome=Outcome.FAILED, reason=str(exc))
    if not count:
        return result
    reason = f"still holds {count} resource(s) after destroy: see its log, then run down again"
    return replace(result, outcome=Outcome.FAILED, reason=reason)


def read_outputs(dep: Deployment, names: Sequence[str]) -> dict[str, dict[str, OutputValue] | None]:
    """Outputs per layer from state; None for a layer that was never applied. Raises on a
    layer whose state cannot be read."""
    found, problems = outputs_by_layer(dep, names)
    for problem in problems.values():
        raise OperationError(problem)
    return found


def outputs_by_layer(
    dep: Deployment, names: Sequence[str]
) -> tuple[dict[str, dict[str, OutputValue] | None], dict[str, str]]:
    """Outputs per layer from state (None: never applied), and the layers whose state
    cannot be read, with why: the others are still shown."""
    found: dict[str, dict[str, OutputValue] | None] = {}
    problems: dict[str, str] = {}
    for name in names:
        try:
            dep.guard(name).errored()
            if dep.has_state(name):
                dep.guard(name).summary()  # unreadable state: named as such, not as a lock
            found[name] = dep.outputs(name) if dep.has_state(name) else None
        except (StateUnreadableError, ErroredStateError) as exc:
            problems[name] = dep.redact(str(exc))
    return found, problems


_STATE_PROBLEMS: dict[type[Exception], str] = {
    StateUnreadableError: "unreadable",
    ErroredStateError: "errored",
    StateLossError: "lost",
    LayerBusyError: "busy",
}


def layer_status(dep: Deployment, names: Sequence[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in names:
        record = dep.last_record(name)
        problem: str | None = None
        state = "ok"
        resources: int | None = None
        try:
            dep.guard(name).errored()
            resources = dep.resource_count(name)
            dep.guard(name).before_plan(accept_loss=False)  # lost resources show here too
            dep.check_no_terraform_left([name])  # a Terraform of a killed run still at it
        except StreamctlError as exc:
            problem = dep.redact(str(exc))
            state = _STATE_PROBLEMS.get(type(exc), "error")
        rows.append(
            {
                "layer": name,
                "applied": None if resources is None else resources > 0,
                "resources": resources,
                "state": state,
                "problem": problem,
                "last_operation": record.get("operation"),
                "last_result": record.get("status"),
                "last_run_at": record.get("finished_at"),
            }
        )
    return rows


def failed(results: Mapping[str, LayerResult]) -> bool:
    return any(not r.outcome.ok for r in results.values())


def was_declined(results: Mapping[str, LayerResult]) -> bool:
    """Whether the user declined a plan: the run did not do what was asked."""
    return any(r.outcome is Outcome.DECLINED for r in results.values())
