"""A `Deployment` binds a stack, a Terraform engine, a target and a progress view.

It owns each layer's working copy, its var files and records, and plans or applies one
layer at a time; the flows (flows.py) decide which layers and in what order. Upstream
outputs reach a layer only through a 0600 var file in its working data; a layer whose
upstream has no outputs yet is WAITING, never planned with invented values.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import itertools
import json
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from streamctl.deploy import applied_inputs
from streamctl.deploy.planset import StateMark
from streamctl.deploy.progress import NullProgress, ProgressSink
from streamctl.deploy.state_guard import StateGuard
from streamctl.errors import ConfigError, OperationError, StreamctlError, disk_error
from streamctl.files import write_atomic
from streamctl.manifest import Layer, Stack
from streamctl.redaction import Redactor
from streamctl.results import LayerResult, Outcome, Phase, headline
from streamctl.review.plan import LayerPlan, events_plan, layer_plan
from streamctl.runlog import LayerLog
from streamctl.targets.aws import AwsTarget
from streamctl.targets.target import Target
from streamctl.terraform import child_process
from streamctl.terraform.engine import Terraform
from streamctl.terraform.events import ChangeCounts, Event
from streamctl.terraform.layer import BACKEND_OVERRIDE, LayerTerraform, OutputValue
from streamctl.terraform.providers import ProviderSetup, mirror_from, provider_setup
from streamctl.terraform.workcopy import LayerWorkCopy

_RUNS = itertools.count(1)
T = TypeVar("T")


class NotReadyError(Exception):
    """A layer cannot be planned yet: an upstream layer has not produced its outputs."""


class Deployment:
    def __init__(
        self,
        stack: Stack,
        terraform: Terraform,
        target: Target | None = None,
        progress: ProgressSink | None = None,
        *,
        keep_logs: bool = True,
        accept_state_loss: bool = False,
    ) -> None:
        self.stack = stack
        self.terraform = terraform
        terraform.resume()  # a new run: Terraform may start again after an earlier Ctrl-C
        self.target: Target = target or AwsTarget(stack.environment)
        self.progress = progress or NullProgress()
        self.redact = Redactor()
        # Plan on a state that lost resources streamctl left in it (--accept-state-loss).
        self.accept_state_loss = accept_state_loss
        # Unique per Deployment even within one process and second (library use, tests).
        self.run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{next(_RUNS)}"
        self.log_dir = self.env_dir / "logs" / self.run_id
        # Read-only commands (status, outputs, show) keep no logs: no run to look back on.
        self.keep_logs = keep_logs
        # Each planned layer's saved plan as a reviewer reads it (review.plan).
        self.reviews: dict[str, LayerPlan] = {}
        self._layers: dict[str, LayerTerraform] = {}
        self._outputs: dict[str, dict[str, OutputValue]] = {}
        self._locks: dict[str, threading.Lock] = {n: threading.Lock() for n in stack.layers}
        self._prepared: set[str] = set()
        # One thread builds a layer's working copy: `down` plans layers at once while
        # dependents read their outputs, and two rebuilds of one tree collide.
        self._prepare_locks = {n: threading.Lock() for n in stack.layers}
        self._var_files: dict[str, list[Path]] = {}  # of each layer's last plan
        self._planned_inputs: dict[str, dict[str, Any]] = {}  # the values it was planned with
        self._retries: dict[str, int] = {}  # retries of each layer's last step

    @property
    def env_dir(self) -> Path:
        return self.stack.state_dir / self.stack.environment / self.target.name

    # -- per layer plumbing -------------------------------------------------------------

    def layer(self, name: str) -> LayerTerraform:
        if name not in self._layers:
            copy = LayerWorkCopy(self.stack, self.stack.layers[name], self.target.name)
            log = LayerLog(self.log_dir / f"{name}.log" if self.keep_logs else None, self.redact)
            # Terraform gets secrets only from 0600 var files: blank the variables that
            # hold them, so they cannot be read from the child's environment either.
            blanked = {
                env: "" for layer in self.stack.layers.values() for env in layer.secrets.values()
            }
            env = {**self.providers.env, **self.target.env, **blanked}
            store = self.providers.store
            self._layers[name] = LayerTerraform(self.terraform, copy, log, env, store)
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
        backend = self.target.backend(self.stack.layers[name])
        if backend is not None:
            generated[BACKEND_OVERRIDE] = {"terraform": {"backend": backend}}
        lt.prepare(generated)
        for file_name, content in self.target.provider_files(lt).items():
            (lt.workdir / file_name).write_text(json.dumps(content, indent=2))
        self._prepared.add(name)
        return lt

    def guard(self, name: str) -> StateGuard:
        copy = self.layer(name).copy
        remote = self.target.backend(self.stack.layers[name])
        pull = lambda: self.prepare(name).state_pull()  # noqa: E731
        return StateGuard(name, copy.root, copy.state_file, copy.workdir, remote, pull)

    def resource_count(self, name: str) -> int:
        """Managed resource instances in the layer's state; raises when it is unreadable."""
        if not self.has_state(name):
            return 0
        summary = self.guard(name).summary()
        return summary.resources if summary else 0

    def has_state(self, name: str) -> bool:
        """Whether the layer may have been applied (local state present or remote backend)."""
        if self.target.backend(self.stack.layers[name]) is not None:
            return True
        return self.layer(name).copy.state_file.is_file()

    def outputs(self, name: str, *, refresh: bool = False) -> dict[str, OutputValue]:
        """The layer's outputs from its state ({} when never applied)."""
        with self._locks[name]:
            if refresh or name not in self._outputs:
                if not self.has_state(name):
                    values: dict[str, OutputValue] = {}
                elif self.target.backend(self.stack.layers[name]) is None:
                    # The local backend's state file says it: no Terraform process needed.
                    values = self._state_outputs(name)
                else:
                    values = self.prepare(name).outputs()
                self.redact.add(v.value for v in values.values() if v.sensitive)
                self._outputs[name] = values
            return self._outputs[name]

    def _state_outputs(self, name: str) -> dict[str, OutputValue]:
        """Outputs of a local state file, as `terraform output -json` reads them."""
        state_file = self.layer(name).copy.state_file
        self.guard(name).summary()  # unreadable state: raises naming the backups
        try:
            doc = json.loads(state_file.read_text(encoding="utf-8") or "{}")
        except FileNotFoundError:
            return {}
        raw = doc.get("outputs") or {}
        return {
            k: OutputValue(v.get("value"), bool(v.get("sensitive")))
            for k, v in raw.items()
            if isinstance(v, dict)
        }

    def _secrets(self, layer: Layer, *, reuse_saved: bool) -> dict[str, str]:
        values: dict[str, str] = {}
        saved_file = self.layer(layer.name).copy.secrets_file
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

    def check_no_terraform_left(self, names: Iterable[str]) -> None:
        """Refuse to start while a Terraform (of a run that was killed) still works on
        one of the layers: a second one on the same state would fork it."""
        for name in names:
            if holder := child_process.read_holder(self.layer(name).copy.root):
                raise child_process.LayerBusyError(child_process.busy_message(name, holder))

    def check_secrets(self, names: Iterable[str], *, reuse_saved: bool = False) -> None:
        """Stop before any Terraform runs when a secret is missing."""
        for name in names:
            self._secrets(self.stack.layers[name], reuse_saved=reuse_saved)

    def input_values(self, name: str, *, destroy: bool = False) -> dict[str, Any]:
        """Inputs from upstream outputs + static/stack values (secrets apart); raises
        NotReadyError while an upstream output is not applied.

        A destroy takes an input whose upstream output is gone from the inputs the layer
        was last applied with: a partial teardown can always be finished."""
        layer = self.stack.layers[name]
        declared = layer.interface.variables
        values: dict[str, Any] = {
            k: v for k, v in self.stack.stack_values().items() if k in declared
        }
        values.update(layer.vars)
        copy = self.layer(name).copy
        last_applied = applied_inputs.load(copy.root) if destroy else {}
        for var, ref in layer.inputs.items():
            upstream = self.outputs(ref.layer)
            if ref.output in upstream:
                values[var] = upstream[ref.output].value
            elif self.has_state(ref.layer) and self.guard(ref.layer).applied_null(ref.output):
                values[var] = None  # applied as null: Terraform keeps no null outputs
            elif var in last_applied:
                values[var] = last_applied[var]
            else:
                raise NotReadyError(
                    f"waiting for layer '{ref.layer}' (output {ref.output} not applied)"
                )
        return values

    def write_var_files(
        self, name: str, *, reuse_saved_secrets: bool = False, destroy: bool = False
    ) -> list[Path]:
        """input_values() and secrets into the layer's var files, both 0600."""
        values = self.input_values(name, destroy=destroy)
        copy = self.layer(name).copy
        write_atomic(copy.inputs_file, json.dumps(values, indent=2, sort_keys=True))
        self._planned_inputs[name] = values
        files = [copy.inputs_file]
        secrets = self._secrets(self.stack.layers[name], reuse_saved=reuse_saved_secrets)
        if secrets:
            write_atomic(copy.secrets_file, json.dumps(secrets))
            files.append(copy.secrets_file)
        return files

    def inputs_moved(self, name: str) -> bool:
        """Whether the layer's inputs differ now from those its last plan of this run was
        made with (an upstream applied a value its plan did not announce). A plan from a
        plan set is not compared: its staleness check compares states instead."""
        if name not in self._planned_inputs:
            return False
        try:
            return self.input_values(name) != self._planned_inputs[name]
        except NotReadyError:
            return True

    def discard_plan(self, name: str) -> None:
        """Forget a layer's plan that cannot be applied (made with inputs that change)."""
        self.reviews.pop(name, None)
        self._planned_inputs.pop(name, None)
        self.layer(name).copy.plan_file.unlink(missing_ok=True)

    def changed_outputs(self, name: str) -> frozenset[str]:
        """The outputs the layer's last plan adds, changes or removes."""
        return self.layer(name).changed_outputs

    def warm(self, name: str) -> None:
        """Build and init the layer's working copy ahead of its plan (a layer waiting for
        its upstreams): its init is then off the run's critical path. A failure is left
        for the plan to report, which prepares again."""
        with contextlib.suppress(StreamctlError):
            self.prepare(name)

    def _sink(self, name: str) -> Callable[[Event], None]:
        return lambda event: self.progress.event(name, event)

    def record(self, result: LayerResult, operation: str) -> LayerResult:
        """Remember the last result of a layer for `status` (0600, redacted); the result,
        with what went wrong writing logs or the record itself added to its reason."""
        copy = self.layer(result.name).copy
        if not copy.root.is_dir():
            return result
        if failure := self.layer(result.name).log.failure:
            result = _noted(result, failure)
        record = {
            **result.as_json(),
            "operation": operation,
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        try:
            write_atomic(copy.record_file, json.dumps(self.redact.data(record), indent=2))
        except OSError as exc:
            # Bookkeeping: what Terraform did stands, and the result says so.
            if (disk := disk_error(exc)) is None:
                raise
            result = _noted(result, f"not recorded: {disk}")
        return result

    def last_record(self, name: str) -> dict[str, Any]:
        """What record() kept of the layer's last run ({} when none)."""
        path = self.layer(name).copy.record_file
        found: dict[str, Any] = json.loads(path.read_text()) if path.is_file() else {}
        return found

    # -- plan / apply of one layer --------------------------------------------------------

    def plan_layer(self, name: str, *, destroy: bool = False, brief: bool = False) -> LayerResult:
        """Plan one layer; a PLANNED layer's review comes from `terraform show -json`,
        unless `brief` (nobody will ask for attribute details) and the plan only creates
        (a destroy plan: only deletes): then its JSON events say all the review shows."""
        started = time.monotonic()
        self.progress.layer_status(name, Phase.RUNNING, "planning")
        note = self.guard(name).before_plan(accept_loss=self.accept_state_loss)
        try:
            var_files = self.write_var_files(name, reuse_saved_secrets=destroy, destroy=destroy)
        except NotReadyError as waiting:
            self.progress.layer_status(name, Outcome.WAITING, str(waiting))
            return LayerResult(name, Outcome.WAITING, str(waiting))
        self._var_files[name] = var_files
        sink = self._sink(name)
        lt = self.layer(name)
        try:
            changes = self._retrying(
                name,
                "plan",
                lambda: self.prepare(name).plan(var_files, destroy=destroy, on_event=sink),
            )
            pending = changes.total or changes.outputs or changes.state_only
            outcome = Outcome.PLANNED if pending else Outcome.UNCHANGED
            if outcome is Outcome.PLANNED:
                quick = None
                if brief:
                    quick = events_plan(
                        name, lt.planned_actions, lt.planned_outputs, destroy=destroy
                    )
                if quick is None:
                    quick = layer_plan(name, lt.show_plan(), destroy=destroy)
                self.reviews[name] = quick
        except StreamctlError as exc:
            # init or plan failed: the result names the log that says why.
            self.progress.layer_status(name, Outcome.FAILED, headline(str(exc)))
            duration = time.monotonic() - started
            return LayerResult(name, Outcome.FAILED, str(exc), duration=duration, log=lt.log_path)
        self.progress.planned(name, changes.total)
        self.progress.layer_status(name, outcome, str(changes))
        duration = time.monotonic() - started
        return LayerResult(
            name, outcome, note or "", changes=changes, duration=duration, log=lt.log_path
        )

    def _retrying(self, name: str, what: str, operation: Callable[[], T]) -> T:
        """Run a layer's Terraform step under the stack's retry policy, visibly."""
        policy = self.stack.retry

        def on_retry(attempt: int, error: str, seconds: float) -> None:
            pattern = policy.matching(error)
            say = f"retrying {what} ({attempt}/{policy.attempts}) in {seconds:.0f}s"
            self.layer(name).log.write(
                f"streamctl: {what} failed with a transient error (matched {pattern!r}); {say}"
            )
            why = self.redact(headline(error))
            self.progress.layer_status(name, Phase.RUNNING, f"{say}: {why}")
            self._retries[name] = attempt - 1

        sleep = self.terraform.sleep_unless_interrupted
        return policy.call(operation, on_retry=on_retry, sleep=sleep)

    def _applier(self, name: str, destroy: bool) -> Callable[[], ChangeCounts]:
        """Apply the saved plan; a retry plans again first (an apply that failed half-way
        leaves the saved plan used up and stale), and goes on only if the new plan changes
        nothing that was not approved."""
        lt = self.layer(name)
        approved = set(lt.planned_addresses)
        attempts = itertools.count()
        sink = self._sink(name)

        def apply() -> ChangeCounts:
            if next(attempts):
                lt.plan(self._var_files[name], destroy=destroy, on_event=sink)
                if beyond := sorted(lt.planned_addresses - approved):
                    raise OperationError(
                        f"after a transient error the new plan also changes {', '.join(beyond)}, "
                        "which was not approved: run again to review it"
                    )
            return lt.apply(on_event=sink)

        return apply

    def state_mark(self, name: str) -> StateMark:
        """Which state the layer is at now (lineage, serial): plan sets compare it."""
        if not self.has_state(name):
            return StateMark()
        return StateMark.of(self.prepare(name).pull_state())

    def use_saved_plan(self, name: str, plan_file: Path) -> None:
        """Make a plan saved elsewhere (a plan set) the one apply_layer applies."""
        target = self.prepare(name).copy.plan_file
        shutil.copyfile(plan_file, target)
        target.chmod(0o600)

    def apply_layer(self, name: str, *, destroy: bool = False) -> LayerResult:
        started = time.monotonic()
        lt = self.layer(name)
        operation = "destroy" if destroy else "apply"
        guard = self.guard(name)
        declared = self.stack.layers[name].interface.outputs
        self.progress.layer_status(name, Phase.RUNNING, "destroying" if destroy else "applying")
        guard.before_apply(operation)
        try:
            changes = self._retrying(name, operation, self._applier(name, destroy))
        except StreamctlError as exc:
            problem = guard.after_apply(operation, declared)
            reason = self.redact("\n".join(filter(None, [str(exc), problem, *lt.warnings])))
            outcome = Outcome.INTERRUPTED if self.terraform.interrupted() else Outcome.FAILED
            self.progress.layer_status(name, outcome, headline(reason))
            # A failure took time too.
            duration = time.monotonic() - started
            return LayerResult(name, outcome, reason, duration=duration, log=lt.log_path)
        if problem := guard.after_apply(operation, declared):
            self.progress.layer_status(name, Outcome.FAILED, headline(problem))
            return LayerResult(name, Outcome.FAILED, problem, changes, log=lt.log_path)
        self.target.applied()
        if not destroy:
            applied_inputs.keep(lt.copy.root, lt.copy.inputs_file)
            self.outputs(name, refresh=True)
        outcome = Outcome.DESTROYED if destroy else Outcome.APPLIED
        self.progress.layer_status(name, outcome, str(changes))
        duration = time.monotonic() - started
        retried = [f"after {self._retries[name] + 1} attempts"] if self._retries.get(name) else []
        reason = "; ".join([*retried, *lt.warnings])
        return LayerResult(name, outcome, reason, changes, duration, lt.log_path)


def _noted(result: LayerResult, note: str) -> LayerResult:
    return dataclasses.replace(result, reason="; ".join(filter(None, [result.reason, note])))


def _throwaway_secret(saved_file: Path, var: str) -> str:
    """The emulator's value for a secret: made once, then kept, so that a second `up`
    does not see a new password (and update the database) every time."""
    saved = json.loads(saved_file.read_text()) if saved_file.is_file() else {}
    if not saved.get(var):
        saved[var] = "Local-" + secrets.token_urlsafe(18)  # fits RDS password rules
        write_atomic(saved_file, json.dumps(saved))
    return str(saved[var])
