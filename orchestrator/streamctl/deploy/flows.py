"""The flows behind the commands: preview, up, down, outputs, status.

A `Deployment` binds a stack, a Terraform engine and a target (real AWS or a local
emulator). Upstream outputs reach a layer only through a 0600 var file in its
working data; a layer whose upstream has no outputs yet is WAITING, never planned
with invented values.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from streamctl import graph
from streamctl.deploy.progress import NullProgress, ProgressSink
from streamctl.deploy.scheduler import run_dag
from streamctl.errors import ConfigError, OperationError, StreamctlError, UsageError
from streamctl.manifest import Layer, Stack
from streamctl.results import LayerResult, Status, headline
from streamctl.runlog import LayerLog, Redactor
from streamctl.terraform.engine import Terraform
from streamctl.terraform.events import ChangeCounts, Event
from streamctl.terraform.layer import LayerTerraform, OutputValue
from streamctl.terraform.providers import ProviderSetup, mirror_from, provider_setup
from streamctl.terraform.workcopy import LayerWorkspace, write_private


@dataclass
class Target:
    """Where layers deploy: 'aws', or 'local' with provider settings for an emulator."""

    name: str = "aws"
    env: dict[str, str] = field(default_factory=dict)
    # Extra files for the working copy, computed once the layer is initialised
    # (local mode derives provider settings from the selected provider's schema).
    extra_files: Callable[[LayerTerraform], Mapping[str, Any]] | None = None
    backend: Callable[[Layer], Mapping[str, Any]] | None = None
    on_applied: Callable[[], None] | None = None  # after each successful apply
    emulated: bool = False  # an AWS emulator: nothing real to protect


@dataclass
class PlannedLayer:
    name: str
    changes: ChangeCounts
    resources: list[str]


class NotReadyError(Exception):
    """A layer cannot be planned yet: an upstream layer has not produced its outputs."""


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


_RUNS = itertools.count(1)
NOT_APPROVED = "not approved"


class Deployment:
    def __init__(
        self,
        stack: Stack,
        terraform: Terraform,
        target: Target | None = None,
        progress: ProgressSink | None = None,
    ) -> None:
        self.stack = stack
        self.terraform = terraform
        self.target = target or Target()
        self.progress = progress or NullProgress()
        self.redact = Redactor()
        # Unique per Deployment even within one process and second (library use, tests).
        self.run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{next(_RUNS)}"
        self.log_dir = self.env_dir / "logs" / self.run_id
        self._layers: dict[str, LayerTerraform] = {}
        self._outputs: dict[str, dict[str, OutputValue]] = {}
        self._locks: dict[str, threading.Lock] = {n: threading.Lock() for n in stack.layers}
        self._prepared: set[str] = set()
        # One thread builds a layer's working copy: `down` plans layers at once while
        # dependents read their outputs, and two rebuilds of one tree collide.
        self._prepare_locks = {n: threading.Lock() for n in stack.layers}

    @property
    def env_dir(self) -> Path:
        return self.stack.state_dir / self.stack.environment / self.target.name

    # -- per layer plumbing -------------------------------------------------------------

    def layer(self, name: str) -> LayerTerraform:
        if name not in self._layers:
            ws = LayerWorkspace(self.stack, self.stack.layers[name], self.target.name)
            log = LayerLog(self.log_dir / f"{name}.log", self.redact)
            # Terraform gets secrets only from 0600 var files: blank the variables that
            # hold them, so they cannot be read from the child's environment either.
            blanked = {
                env: "" for layer in self.stack.layers.values() for env in layer.secrets.values()
            }
            env = {**self.providers.env, **self.target.env, **blanked}
            store = self.providers.store
            self._layers[name] = LayerTerraform(self.terraform, ws, log, env, store)
        return self._layers[name]

    @functools.cached_property
    def providers(self) -> ProviderSetup:
        """The private CLI config every Terraform of this run gets (terraform.providers)."""
        return provider_setup(self.env_dir, mirror_from())

    def prepare(self, name: str) -> LayerTerraform:
        with self._prepare_locks[name]:
            return self._prepare(name)

    def _prepare(self, name: str) -> LayerTerraform:
        lt = self.layer(name)
        if name in self._prepared:
            return lt
        generated: dict[str, Any] = {}
        if self.target.backend:
            backend = self.target.backend(self.stack.layers[name])
            generated["zz_streamctl_backend_override.tf.json"] = {"terraform": {"backend": backend}}
        lt.prepare(generated)
        if self.target.extra_files:
            for file_name, content in self.target.extra_files(lt).items():
                (lt.ws.workdir / file_name).write_text(json.dumps(content, indent=2))
        self._prepared.add(name)
        return lt

    def has_state(self, name: str) -> bool:
        """Whether the layer may have been applied (local state present or remote backend)."""
        ws = self.layer(name).ws
        return self.target.backend is not None or ws.state_file.is_file()

    def outputs(self, name: str, *, refresh: bool = False) -> dict[str, OutputValue]:
        """The layer's outputs from its state ({} when never applied)."""
        with self._locks[name]:
            if refresh or name not in self._outputs:
                if not self.has_state(name):
                    self._outputs[name] = {}
                else:
                    values = self.prepare(name).outputs()
                    self.redact.add(str(v.value) for v in values.values() if v.sensitive)
                    self._outputs[name] = values
            return self._outputs[name]

    def _secrets(self, layer: Layer, *, reuse_saved: bool) -> dict[str, str]:
        values: dict[str, str] = {}
        saved_file = self.layer(layer.name).ws.secrets_file
        saved = json.loads(saved_file.read_text()) if reuse_saved and saved_file.is_file() else {}
        for var, env_name in layer.secrets.items():
            value = os.environ.get(env_name) or saved.get(var)
            if not value and self.target.emulated:
                # An emulator holds nothing worth protecting: a throwaway value, kept
                # 0600 in the local namespace, saves users inventing one.
                value = saved.get(var) or _throwaway_secret(saved_file, var)
            if not value:
                raise ConfigError(
                    f"layer '{layer.name}': secret variable '{var}' needs the environment "
                    f"variable {env_name}; set it (export {env_name}=...) and run again"
                )
            values[var] = value
        self.redact.add(values.values())
        return values

    def check_secrets(self, names: Iterable[str], *, reuse_saved: bool = False) -> None:
        """Stop before any Terraform runs when a secret is missing."""
        for name in names:
            self._secrets(self.stack.layers[name], reuse_saved=reuse_saved)

    def write_var_files(self, name: str, *, reuse_saved_secrets: bool = False) -> list[Path]:
        """Inputs from upstream outputs + static/stack values, and secrets: both 0600."""
        layer = self.stack.layers[name]
        declared = layer.interface.variables
        values: dict[str, Any] = {
            k: v for k, v in self.stack.stack_values().items() if k in declared
        }
        values.update(layer.vars)
        for var, ref in layer.inputs.items():
            upstream = self.outputs(ref.layer)
            if ref.output not in upstream:
                raise NotReadyError(
                    f"waiting for layer '{ref.layer}' (output {ref.output} not applied)"
                )
            values[var] = upstream[ref.output].value
        ws = self.layer(name).ws
        write_private(ws.inputs_file, json.dumps(values, indent=2, sort_keys=True))
        files = [ws.inputs_file]
        secrets = self._secrets(layer, reuse_saved=reuse_saved_secrets)
        if secrets:
            write_private(ws.secrets_file, json.dumps(secrets))
            files.append(ws.secrets_file)
        return files

    def _sink(self, name: str) -> Callable[[Event], None]:
        return lambda event: self.progress.event(name, event)

    def record(self, result: LayerResult, operation: str) -> None:
        """Remember the last result of a layer for `status`."""
        ws = self.layer(result.name).ws
        if not ws.root.is_dir():
            return
        record = {
            **result.as_json(),
            "operation": operation,
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        ws.record_file.write_text(json.dumps(record, indent=2))

    # -- plan / apply of one layer --------------------------------------------------------

    def plan_layer(self, name: str, *, destroy: bool = False) -> LayerResult:
        started = time.monotonic()
        self.progress.layer_status(name, Status.RUNNING, "planning")
        try:
            var_files = self.write_var_files(name, reuse_saved_secrets=destroy)
        except NotReadyError as waiting:
            self.progress.layer_status(name, Status.WAITING, str(waiting))
            return LayerResult(name, Status.WAITING, str(waiting))
        lt = self.prepare(name)
        changes = lt.plan(var_files, destroy=destroy, on_event=self._sink(name))
        status = Status.PLANNED if changes.total or changes.outputs else Status.UNCHANGED
        result = LayerResult(name, status, changes=changes, duration=time.monotonic() - started)
        result.log = str(lt.log.path)
        self.progress.planned(name, changes.total)
        self.progress.layer_status(name, status, str(changes))
        return result

    def apply_layer(self, name: str, *, destroy: bool = False) -> LayerResult:
        started = time.monotonic()
        lt = self.layer(name)
        self.progress.layer_status(name, Status.RUNNING, "destroying" if destroy else "applying")
        try:
            changes = lt.apply(on_event=self._sink(name))
        except StreamctlError as exc:
            result = LayerResult(name, Status.FAILED, str(exc), log=str(lt.log.path))
            result.duration = time.monotonic() - started  # a failure took time too
            self.progress.layer_status(name, Status.FAILED, headline(str(exc)))
            return result
        if self.target.on_applied:
            self.target.on_applied()
        if not destroy:
            self.outputs(name, refresh=True)
        status = Status.DESTROYED if destroy else Status.APPLIED
        result = LayerResult(name, status, changes=changes, log=str(lt.log.path))
        result.duration = time.monotonic() - started
        self.progress.layer_status(name, status, str(changes))
        return result


def _throwaway_secret(saved_file: Path, var: str) -> str:
    """The emulator's value for a secret: made once, then kept, so that a second `up`
    does not see a new password (and update the database) every time."""
    saved = json.loads(saved_file.read_text()) if saved_file.is_file() else {}
    if not saved.get(var):
        saved[var] = "Local-" + secrets.token_urlsafe(18)  # fits RDS password rules
        write_private(saved_file, json.dumps(saved))
    return str(saved[var])


Approver = Callable[[Sequence[PlannedLayer], Sequence[LayerResult]], bool]


def _planned(results: Mapping[str, LayerResult]) -> list[PlannedLayer]:
    return [
        PlannedLayer(r.name, r.changes or ChangeCounts(), [])
        for r in results.values()
        if r.status is Status.PLANNED
    ]


def preview(
    dep: Deployment, names: Sequence[str], parallelism: int | None
) -> dict[str, LayerResult]:
    """Plan what can be planned; a layer downstream of pending changes is WAITING."""
    dep.check_secrets(names)

    def task(name: str) -> LayerResult:
        layer = dep.stack.layers[name]
        for up in layer.upstream:
            if up in plans and plans[up].status is not Status.UNCHANGED:
                reason = f"waiting for layer '{up}' ({plans[up].status.value})"
                dep.progress.layer_status(name, Status.WAITING, reason)
                return LayerResult(name, Status.WAITING, reason)
        return dep.plan_layer(name)

    plans: dict[str, LayerResult] = {}

    def keep(result: LayerResult) -> None:
        plans[result.name] = result

    edges = {n: [u for u in dep.stack.layers[n].upstream] for n in names}
    # WAITING layers must not block their dependents' waiting report: treat as ok.
    return run_dag(names, edges, task, parallelism=parallelism, on_result=keep)


def up(
    dep: Deployment,
    names: Sequence[str],
    approve: Approver,
    *,
    parallelism: int | None = None,
) -> dict[str, LayerResult]:
    """Plan, ask once, apply; plan and apply the layers that waited as upstreams finish."""
    plans = preview(dep, names, parallelism)
    approved = {n for n, r in plans.items() if r.status is Status.PLANNED}
    waiting = [r for r in plans.values() if r.status is Status.WAITING]
    if approved and not approve(_planned(plans), waiting):
        return {n: LayerResult(n, Status.SKIPPED, NOT_APPROVED) for n in names}
    approve_lock = threading.Lock()

    def task(name: str) -> LayerResult:
        planned = plans[name]
        if planned.status is Status.UNCHANGED or not planned.status.ok:
            dep.record(planned, "apply")
            return planned
        if planned.status is Status.WAITING:
            fresh = planned = dep.plan_layer(name)
            if fresh.status is Status.WAITING:
                hint = "; apply that layer first, or select it too (--with-deps)"
                return LayerResult(name, Status.FAILED, fresh.reason + hint)
            if fresh.status is Status.UNCHANGED:
                return fresh
            with approve_lock, dep.progress.paused():
                if not approve(_planned({name: fresh}), []):
                    return LayerResult(name, Status.SKIPPED, NOT_APPROVED)
        result = dep.apply_layer(name)
        result.duration += planned.duration
        dep.record(result, "apply")
        return result

    edges = {n: dep.stack.layers[n].upstream for n in names}
    return run_dag(names, edges, task, parallelism=parallelism)


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
            return LayerResult(name, Status.SKIPPED, "not applied")
        return dep.plan_layer(name, destroy=True)

    plans = run_dag(names, {}, plan_task, parallelism=parallelism)
    if any(not r.status.ok for r in plans.values()):
        return plans
    if any(r.status is Status.PLANNED for r in plans.values()) and not approve(_planned(plans), []):
        return {n: LayerResult(n, Status.SKIPPED, NOT_APPROVED) for n in names}

    def task(name: str) -> LayerResult:
        if plans[name].status is not Status.PLANNED:
            return plans[name]
        result = dep.apply_layer(name, destroy=True)
        dep.record(result, "destroy")
        return result

    edges = {n: dep.stack.layers[n].upstream for n in names}
    return run_dag(names, edges, task, parallelism=parallelism, reverse=True)


def read_outputs(dep: Deployment, names: Sequence[str]) -> dict[str, dict[str, OutputValue] | None]:
    """Outputs per layer from state; None for a layer that was never applied."""
    found: dict[str, dict[str, OutputValue] | None] = {}
    for name in names:
        found[name] = dep.outputs(name) if dep.has_state(name) else None
    return found


def layer_status(dep: Deployment, names: Sequence[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in names:
        ws = dep.layer(name).ws
        record = json.loads(ws.record_file.read_text()) if ws.record_file.is_file() else {}
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
    return any(not r.status.ok for r in results.values())


def declined(results: Mapping[str, LayerResult]) -> bool:
    """Whether the user declined a plan: the run did not do what was asked."""
    return any(r.status is Status.SKIPPED and r.reason == NOT_APPROVED for r in results.values())


__all__ = [
    "Deployment",
    "OperationError",
    "PlannedLayer",
    "Target",
    "declined",
    "down",
    "failed",
    "layer_status",
    "preview",
    "read_outputs",
    "select_layers",
    "up",
]
