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
from streamctl.errors import UsageError
from streamctl.manifest import Stack
from streamctl.results import LayerResult, Outcome, declined
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
    )


def preview(
    dep: Deployment, names: Sequence[str], parallelism: int | None
) -> dict[str, LayerResult]:
    """Plan what can be planned; a layer downstream of pending changes is WAITING."""
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
            dep.record(planned, "apply")
            return planned
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
        dep.record(result, "apply")
        return result

    return _run(dep, names, task, parallelism)


def down(
    dep: Deployment,
    names: Sequence[str],
    approve: Approver,
    *,
    with_dependents: bool,
    parallelism: int | None = None,
) -> dict[str, LayerResult]:
    """Destroy the selected layers, dependents first, after one approval."""
    selected = set(names)
    if not with_dependents:
        reverse = graph.dependents_of(dep.stack.edges)
        for name in names:
            for dependent in graph.closure([name], reverse) - selected:
                if dep.has_state(dependent):
                    count = dep.prepare(dependent).state_resources()
                    if count:
                        raise UsageError(
                            f"layer '{dependent}' depends on '{name}' and still has {count} "
                            f"resource(s): destroy it first, or add --with-dependents"
                        )

    def plan_task(name: str) -> LayerResult:
        if not dep.has_state(name):
            return LayerResult(name, Outcome.SKIPPED, "not applied")
        return dep.plan_layer(name, destroy=True)

    plans = _run(dep, names, plan_task, parallelism, edges={})
    if failed(plans):
        return plans
    planned = any(r.outcome is Outcome.PLANNED for r in plans.values())
    if planned and not approve(_planned(plans), []):
        return {n: declined(n) for n in names}

    def task(name: str) -> LayerResult:
        if plans[name].outcome is not Outcome.PLANNED:
            return plans[name]
        result = dep.apply_layer(name, destroy=True)
        dep.record(result, "destroy")
        return result

    return _run(dep, names, task, parallelism, reverse=True)


def read_outputs(dep: Deployment, names: Sequence[str]) -> dict[str, dict[str, OutputValue] | None]:
    """Outputs per layer from state; None for a layer that was never applied."""
    return {name: dep.outputs(name) if dep.has_state(name) else None for name in names}


def layer_status(dep: Deployment, names: Sequence[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in names:
        record = dep.last_record(name)
        applied = dep.has_state(name)
        resources = dep.prepare(name).state_resources() if applied else 0
        rows.append(
            {
                "layer": name,
                "applied": applied and resources > 0,
                "resources": resources,
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
