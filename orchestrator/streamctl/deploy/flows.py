"""The flows behind the commands: preview, up, down, outputs, status, over a Deployment.

Each flow runs per-layer steps over the DAG (scheduler.run_dag) and returns
results as data; approval goes through an ApprovalGate whose question the caller
supplies, so flows never prompt.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from streamctl import graph
from streamctl.deploy.deployment import Deployment
from streamctl.deploy.planset import PlanSet, SavedLayer, check_for, save, stale
from streamctl.deploy.scheduler import Task, run_dag
from streamctl.deploy.state_integrity import (
    ErroredStateError,
    StateLossError,
    StateUnreadableError,
)
from streamctl.errors import OperationError, StreamctlError, UsageError
from streamctl.manifest import Stack
from streamctl.results import LayerResult, Outcome, declined
from streamctl.review.approval import ApprovalGate, Waiting, waiting_on
from streamctl.review.plan import LayerPlan, layer_plan
from streamctl.suggest import did_you_mean
from streamctl.terraform.child_process import LayerBusyError
from streamctl.terraform.layer import OutputValue


def select_layers(
    stack: Stack, names: Sequence[str], *, with_deps: bool = False, with_dependents: bool = False
) -> list[str]:
    """The selected layers in dependency order (all of them when none are named)."""
    for name in names:
        if name not in stack.layers:
            known = ", ".join(stack.layers)
            raise UsageError(
                f"unknown layer '{name}'{did_you_mean(name, stack.layers)} "
                f"(layers of this stack: {known})"
            )
    order = stack.order()
    if not names:
        return order
    chosen = set(names)
    if with_deps:
        chosen |= graph.closure(names, stack.edges)
    if with_dependents:
        chosen |= graph.closure(names, graph.dependents_of(stack.edges))
    return [name for name in order if name in chosen]


def _run(
    dep: Deployment,
    names: Sequence[str],
    task: Task,
    parallelism: int | None,
    *,
    edges: Mapping[str, Sequence[str]] | None = None,
    reverse: bool = False,
    on_result: Callable[[LayerResult], None] | None = None,
    gate: ApprovalGate | None = None,
) -> dict[str, LayerResult]:
    """run_dag over the layers' edges, Ctrl-C passed on to the deployment's Terraform and
    to a question the gate may be asking in a layer's thread."""
    upstream = {n: dep.stack.layers[n].upstream for n in names} if edges is None else edges

    def interrupt() -> None:
        dep.terraform.interrupt()
        if gate is not None:
            gate.cancel()

    return run_dag(
        names,
        upstream,
        task,
        parallelism=parallelism,
        reverse=reverse,
        on_result=on_result,
        on_interrupt=interrupt,
        interrupted=dep.terraform.interrupted,
    )


def preview(
    dep: Deployment,
    names: Sequence[str],
    parallelism: int | None,
    *,
    brief: bool = False,
) -> dict[str, LayerResult]:
    """Plan every selected layer at once, each with its upstreams' outputs from state.

    A layer whose upstream has no outputs yet, or whose upstream's plan changes an output
    it reads, is WAITING: `up` plans it again once that upstream applied. `brief`: nobody
    will ask for attribute details (plan_layer)."""
    dep.check_no_terraform_left(names)
    dep.check_secrets(names)
    selected = set(names)

    def task(name: str) -> LayerResult:
        return _not_applied_yet(dep, name, selected) or dep.plan_layer(name, brief=brief)

    # No edges: nothing waits for another layer's plan (WAITING is settled afterwards).
    plans = _run(dep, names, task, parallelism, edges={})
    return settle(dep, names, plans)


def _not_applied_yet(dep: Deployment, name: str, selected: set[str]) -> LayerResult | None:
    """WAITING for a selected depends_on upstream that was never applied: what the layer
    reads of it, beyond outputs (a data source), does not exist yet."""
    for up in dep.stack.layers[name].depends_on:
        if up in selected and not dep.has_state(up):
            reason = f"waiting for layer '{up}' (not applied yet)"
            dep.progress.layer_status(name, Outcome.WAITING, reason)
            return LayerResult(name, Outcome.WAITING, reason)
    return None


def settle(
    dep: Deployment, names: Sequence[str], plans: Mapping[str, LayerResult]
) -> dict[str, LayerResult]:
    """Plans made at once, settled in dependency order: a plan made with an upstream
    output that the upstream's own plan changes is WAITING; one of a layer whose upstream
    failed is BLOCKED. Their saved plans are dropped. A plan that failed while it waits
    for an upstream's changes is WAITING too: it is made again on what they create."""
    settled: dict[str, LayerResult] = {}
    for name in names:
        result = plans[name]
        if result.outcome in {Outcome.PLANNED, Outcome.UNCHANGED, Outcome.FAILED}:
            verdict = _upstream_verdict(dep, name, settled)
            if result.outcome is Outcome.FAILED and (
                verdict is None or verdict.outcome is not Outcome.WAITING
            ):
                verdict = None  # its own failure stands
            if verdict is not None:
                dep.discard_plan(name)
                dep.progress.layer_status(name, verdict.outcome, verdict.reason)
                result = verdict
        settled[name] = result
    return settled


def _upstream_verdict(
    dep: Deployment, name: str, settled: Mapping[str, LayerResult]
) -> LayerResult | None:
    """Why the layer's plan cannot stand (None: it can), from its upstreams' plans."""
    layer = dep.stack.layers[name]
    for up in layer.upstream:
        if up not in settled:
            continue  # not selected: its outputs in state are what this run uses
        found = settled[up]
        if not found.outcome.ok:
            root = found.blocked_by or up
            reason = f"blocked by failed layer '{root}'"
            return LayerResult(name, Outcome.BLOCKED, reason, blocked_by=root)
        if found.outcome is Outcome.WAITING:
            return LayerResult(name, Outcome.WAITING, f"waiting for layer '{up}' (waiting)")
        if found.outcome is not Outcome.PLANNED:
            continue
        read = {ref.output for ref in layer.inputs.values() if ref.layer == up}
        if changed := sorted(read & dep.changed_outputs(up)):
            why = f"its plan changes output {', '.join(changed)}"
        elif up in layer.depends_on and found.changes is not None and found.changes.total:
            # An ordering the manifest declares beyond outputs: the plan waits for it too.
            why = "depends_on, and its plan changes resources"
        else:
            continue  # what this layer reads stays as planned
        return LayerResult(name, Outcome.WAITING, f"waiting for layer '{up}' (planned: {why})")
    return None


def _upstream(dep: Deployment, names: Sequence[str]) -> dict[str, tuple[str, ...]]:
    return {n: dep.stack.layers[n].upstream for n in names}


def first_review(
    dep: Deployment, plans: Mapping[str, LayerResult]
) -> tuple[list[LayerPlan], list[Waiting]]:
    """The whole run as known now: the planned layers' plans, and who waits for whom."""
    planned = [dep.reviews[n] for n, r in plans.items() if r.outcome is Outcome.PLANNED]
    waiting = [n for n, r in plans.items() if r.outcome is Outcome.WAITING]
    pending = {n for n, r in plans.items() if r.outcome in {Outcome.PLANNED, Outcome.WAITING}}
    return planned, waiting_on(waiting, _upstream(dep, list(plans)), pending)


def up(
    dep: Deployment,
    names: Sequence[str],
    gate: ApprovalGate,
    *,
    parallelism: int | None = None,
    plan_set: PlanSet | None = None,
) -> dict[str, LayerResult]:
    """Plan, ask once, apply; plan the layers that waited as their upstreams finish.

    The first approval covers later plans that only create; the gate asks again for one
    that updates, replaces or destroys. With a plan set (preview --out), its saved plans
    are applied as they are, once no layer's state moved since: the reviewed set counts
    as the first approval.
    """
    if plan_set is None:
        # With --yes nobody can ask for the attribute details of the first review.
        plans = preview(dep, names, parallelism, brief=gate.yes)
        planned, waiting = first_review(dep, plans)
        if not gate.first(planned, waiting):
            return {n: declined(n) for n in names}
    else:
        dep.check_no_terraform_left(names)
        dep.check_secrets(names)
        plans = _from_plan_set(dep, names, plan_set)
        gate.first_from_plan_set([n for n, r in plans.items() if r.outcome is Outcome.PLANNED])

    def task(name: str) -> LayerResult:
        planned = plans[name]
        if not planned.outcome.ok:
            return dep.record(planned, "apply")
        # An upstream applied something its plan did not announce: plan with that again.
        moved = planned.outcome is not Outcome.WAITING and dep.inputs_moved(name)
        if planned.outcome is Outcome.UNCHANGED and not moved:
            return dep.record(planned, "apply")
        if planned.outcome is Outcome.WAITING or moved:
            # The review of a later create-only plan the approval covers needs no `show`.
            fresh = planned = dep.plan_layer(name, brief=gate.covers_creating)
            if fresh.outcome is Outcome.WAITING:
                hint = "; apply that layer first, or select it too (--with-deps)"
                return LayerResult(name, Outcome.FAILED, fresh.reason + hint)
            if fresh.outcome is not Outcome.PLANNED:
                return fresh
            # The gate asks one question at a time (the asker pauses the live view).
            if not gate.later(dep.reviews[name]):
                return declined(name)
        result = dep.apply_layer(name)
        result = replace(result, duration=result.duration + planned.duration)
        return dep.record(result, "apply")

    to_warm = [n for n, r in plans.items() if r.outcome is Outcome.WAITING]
    with _warming(dep, to_warm if parallelism is None else []):
        return _run(dep, names, task, parallelism, gate=gate)


@contextmanager
def _warming(dep: Deployment, names: Sequence[str]) -> Iterator[None]:
    """Init the waiting layers while the others apply (mostly waiting on the cloud): their
    init is then off the critical path. Only without --parallelism, which would count it."""
    threads = [threading.Thread(target=dep.warm, args=(n,), name=f"warm-{n}") for n in names]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        for thread in threads:
            thread.join()  # an interrupt stops their Terraform too (engine.interrupt)


def save_plan_set(dep: Deployment, results: Mapping[str, LayerResult], directory: Path) -> Path:
    """`preview --out DIR`: the saved plans, and the state each layer is at."""
    layers = {
        name: SavedLayer(
            name,
            result.outcome.reported,
            dep.state_mark(name),
            changes=None
            if result.changes is None
            else {
                "add": result.changes.add,
                "change": result.changes.change,
                "destroy": result.changes.remove,
            },
        )
        for name, result in results.items()
    }
    plans = PlanSet(dep.stack.name, dep.stack.environment, dep.target.name, dep.run_id, layers)
    files = {
        name: dep.layer(name).copy.plan_file
        for name, result in results.items()
        if result.outcome is Outcome.PLANNED
    }
    return save(directory, plans, files)


def _from_plan_set(dep: Deployment, names: Sequence[str], plans: PlanSet) -> dict[str, LayerResult]:
    """What the preview found, from the plan set, once no layer's state moved since."""
    check_for(plans, dep.stack.name, dep.stack.environment, dep.target.name, list(names))
    reasons = stale(plans, {name: dep.state_mark(name) for name in names})
    if reasons:
        raise OperationError(
            "the plan set is stale, so nothing was applied: "
            + "; ".join(reasons)
            + ". Write it again with `streamctl preview --out DIR`"
        )
    found: dict[str, LayerResult] = {}
    for name in names:
        saved = plans.layers[name]
        if saved.status == Outcome.PLANNED and saved.file is not None:
            dep.use_saved_plan(name, plans.directory / saved.file)
            dep.reviews[name] = layer_plan(name, dep.layer(name).show_plan())
            found[name] = LayerResult(name, Outcome.PLANNED, "from the plan set")
        elif saved.status == Outcome.WAITING:
            found[name] = LayerResult(name, Outcome.WAITING, "waited when the plan set was made")
        else:
            found[name] = LayerResult(name, Outcome.UNCHANGED)
    return found


def down(
    dep: Deployment,
    names: Sequence[str],
    gate: ApprovalGate,
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
        held = dep.guard(name).summary() if dep.has_state(name) else None
        # Outputs alone (a layer of data sources) are destroyed too: nothing of an
        # environment that was taken down may still be read by a later run.
        if held is None or not (held.resources or held.outputs):
            return LayerResult(name, Outcome.SKIPPED, note or "nothing to destroy")
        # --yes: nobody asks for attribute details, so no `show -json` (plan_layer).
        result = dep.plan_layer(name, destroy=True, brief=gate.yes)
        if result.outcome is Outcome.WAITING:
            reason = f"cannot plan its destroy: {result.reason}"
            return LayerResult(name, Outcome.FAILED, reason)
        return result

    plans = _run(dep, names, plan_task, parallelism, edges={})
    if failed(plans):
        return plans
    planned = [dep.reviews[n] for n, r in plans.items() if r.outcome is Outcome.PLANNED]
    if not gate.first(planned, destroy=True):
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
