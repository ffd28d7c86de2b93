"""Terraform operations on one layer's working copy, from Terraform's own JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from streamctl.errors import OperationError
from streamctl.runlog import LayerLog
from streamctl.terraform.engine import Completed, Terraform
from streamctl.terraform.events import (
    ChangeCounts,
    Diagnostic,
    Event,
    diagnostics_from_validate,
    parse_event,
)
from streamctl.terraform.providers import MIRROR_ENV, ProviderStore
from streamctl.terraform.workcopy import GENERATED_PREFIX, LayerWorkCopy

EventSink = Callable[[Event], None]
BACKEND_OVERRIDE = f"{GENERATED_PREFIX}backend_override.tf.json"


@dataclass(frozen=True)
class OutputValue:
    value: Any
    sensitive: bool


def _errors(events: Sequence[Event], stderr: str, signal_name: str | None = None) -> str:
    if signal_name:
        # Killed from outside (OOM killer, kill -9): it printed nothing about why.
        return (
            f"Terraform was killed by {signal_name} before it finished; what it did last may "
            "be missing from state: run `streamctl preview` to see what it would still do"
        )
    diagnostics = [
        e.diagnostic for e in events if e.diagnostic and e.diagnostic.severity == "error"
    ]
    if diagnostics:
        return "\n".join(str(d) for d in diagnostics)
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return "\n".join(lines[-15:]) or "terraform failed without a message"


def _lock_hint(detail: str, workdir: Path) -> str:
    """Terraform's own advice (-lock=false) is unsafe; say how to recover instead."""
    found = re.search(r"ID:\s+(\S+)", detail)
    unlock = f"terraform -chdir={workdir} force-unlock {found.group(1) if found else 'LOCK_ID'}"
    return (
        "\nstreamctl: another Terraform process holds this layer's state lock. If it is "
        "still running, wait for it. If it was killed (kill -9, a lost machine) and the "
        f"lock stayed behind, release it with: {unlock}\nDo not use -lock=false."
    )


def run_logged(
    terraform: Terraform,
    args: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    log: LayerLog,
    on_event: EventSink | None = None,
    log_stdout: bool = True,
    owner: Path | None = None,
    layer: str = "",
    document: bool = False,
) -> tuple[Completed, list[Event]]:
    """Run Terraform with the command and its output in `log` (secrets redacted) and its
    JSON events parsed; stdout is logged unless it carries raw values (`output -json`).

    `owner`: the layer data whose state the command may change (engine.run). `document`:
    stdout is one JSON document (show, providers schema), not events: it is not parsed
    line by line (a provider schema is megabytes of JSON, and far more as objects)."""
    events: list[Event] = []
    log.write(f"$ terraform {' '.join(args)}")

    def on_line(line: str) -> None:
        if log_stdout:
            log.write(line)
        if document:
            return
        event = parse_event(line)
        if event is not None:
            events.append(event)
            if on_event:
                on_event(event)

    result = terraform.run(args, cwd=cwd, env=env, on_line=on_line, owner=owner, layer=layer)
    log.write(result.stderr)
    return result, events


class LayerTerraform:
    """Runs Terraform for one layer: init, plan, show, apply, output, validate."""

    def __init__(
        self,
        terraform: Terraform,
        copy: LayerWorkCopy,
        log: LayerLog,
        env: Mapping[str, str] | None = None,
        store: ProviderStore | None = None,
    ) -> None:
        self.terraform = terraform
        self.copy = copy
        self.log = log
        self.env = dict(env or {})
        self.store = store  # where downloaded providers go after `init` (terraform.providers)
        self.warnings: list[str] = []  # what went wrong without failing the operation
        self.planned_addresses: set[str] = set()  # what the last plan would change
        # The last plan's resource actions (address -> Terraform's action word) and the
        # outputs it adds, changes or removes, as its JSON events report them.
        self.planned_actions: dict[str, str] = {}
        self.planned_outputs: dict[str, dict[str, Any]] = {}  # name -> {action, sensitive}

    @property
    def workdir(self) -> Path:
        return self.copy.workdir

    @property
    def data_dir(self) -> Path:
        return self.copy.root

    @property
    def log_path(self) -> str | None:
        return None if self.log.path is None else str(self.log.path)

    def _run(
        self,
        args: Sequence[str],
        on_event: EventSink | None = None,
        *,
        log_stdout: bool = True,
        exclusive: bool = False,
        document: bool = False,
    ) -> tuple[Completed, list[Event]]:
        """`exclusive`: the command may change the layer's state or working copy, so it
        holds the layer's Terraform lock for as long as it lives (child_process)."""
        result, events = run_logged(
            self.terraform,
            args,
            cwd=self.copy.workdir,
            env=self.env,
            log=self.log,
            on_event=on_event,
            log_stdout=log_stdout,
            owner=self.copy.root if exclusive else None,
            layer=self.copy.layer.name,
            document=document,
        )
        if result.feed_error:
            cut = f"output of `terraform {args[0]}` was cut short: {result.feed_error}"
            self.warnings.append(cut)
        return result, events

    def _check(
        self, what: str, args: Sequence[str], on_event: EventSink | None = None
    ) -> list[Event]:
        result, events = self._run(args, on_event, exclusive=True)
        if not result.ok:
            detail = _errors(events, result.stderr, result.signal_name)
            if "Error acquiring the state lock" in detail:
                detail += _lock_hint(detail, self.copy.workdir)
            raise OperationError(f"{what} failed:\n{detail}")
        return events

    def _json(self, what: str, text: str) -> Any:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise OperationError(
                f"{what} printed no JSON ({exc}): is {self.terraform.argv[0]} Terraform or "
                "OpenTofu? Choose the engine with --terraform or STREAMCTL_TERRAFORM"
            ) from exc

    def prepare(self, generated: Mapping[str, Any]) -> None:
        """Build the working copy and run `init` unless nothing it depends on changed."""
        files = dict(generated)
        files.setdefault(
            BACKEND_OVERRIDE,
            {"terraform": {"backend": {"local": {"path": str(self.copy.state_file)}}}},
        )
        self.copy.build(files)
        # Plans and state hold variable values, secrets included: keep them private.
        self.copy.root.chmod(0o700)
        key = self.copy.fingerprint(f"{self.terraform.argv}|{sorted(self.env.items())}")
        initialised = (self.copy.workdir / ".terraform").is_dir()
        if (
            initialised
            and self.copy.fingerprint_file.is_file()
            and self.copy.fingerprint_file.read_text() == key
        ):
            return
        result, _ = self._run(["init", "-input=false", "-no-color"], exclusive=True)
        if not result.ok:
            raise OperationError(f"terraform init failed:\n{_init_error(result)}")
        if self.store is not None:
            self.store.adopt(self.copy.workdir / ".terraform" / "providers")
        self.copy.fingerprint_file.write_text(key)

    def plan(
        self, var_files: Sequence[Path], *, destroy: bool = False, on_event: EventSink | None = None
    ) -> ChangeCounts:
        args = ["plan", "-input=false", "-json", f"-out={self.copy.plan_file}"]
        args += [f"-var-file={path}" for path in var_files]
        if destroy:
            args.append("-destroy")
        events = self._check("terraform plan", args, on_event)
        self.planned_actions = {
            str(e.raw["change"]["resource"]["addr"]): str(e.raw["change"].get("action", ""))
            for e in events
            if e.type == "planned_change" and isinstance(e.raw.get("change"), dict)
        }
        self.planned_addresses = set(self.planned_actions)
        summaries = [e.changes for e in events if e.changes is not None]
        self.planned_outputs = {
            name: o
            for e in events
            if e.type == "outputs"
            for name, o in (e.raw.get("outputs") or {}).items()
            if isinstance(o, dict)
        }
        summary = summaries[-1] if summaries else ChangeCounts()
        # An output-only change or a move is still a change: it reaches state only
        # through apply. Terraform's change_summary counts neither.
        moves = sum(1 for action in self.planned_actions.values() if action == "move")
        return replace(summary, outputs=len(self.changed_outputs), moves=moves)

    @property
    def changed_outputs(self) -> frozenset[str]:
        """Outputs the last plan adds, changes or removes (unknown values included)."""
        return frozenset(
            name for name, o in self.planned_outputs.items() if o.get("action", "noop") != "noop"
        )

    def apply(self, on_event: EventSink | None = None) -> ChangeCounts:
        args = ["apply", "-input=false", "-json", "-auto-approve", str(self.copy.plan_file)]
        try:
            events = self._check("terraform apply", args, on_event)
        finally:
            self.copy.plan_file.unlink(missing_ok=True)  # a saved plan is single-use
        summaries = [e.changes for e in events if e.changes is not None]
        return summaries[-1] if summaries else ChangeCounts()

    def show_plan(self) -> dict[str, Any]:
        """`terraform show -json` of the saved plan; never logged: it holds values."""
        args = ["show", "-json", str(self.copy.plan_file)]
        result, _ = self._run(args, log_stdout=False, document=True)
        if not result.ok:
            raise OperationError(f"terraform show failed:\n{result.stderr.strip()}")
        shown: dict[str, Any] = self._json("terraform show -json", result.stdout)
        return shown

    def pull_state(self) -> str:
        """The layer's state as JSON text ('' when it has none); never logged."""
        result, _ = self._run(["state", "pull"], log_stdout=False, document=True)
        if not result.ok:
            raise OperationError(f"terraform state pull failed:\n{result.stderr.strip()}")
        return result.stdout

    def outputs(self) -> dict[str, OutputValue]:
        result, _ = self._run(["output", "-json"], log_stdout=False, document=True)
        if not result.ok:
            raise OperationError(f"terraform output failed:\n{result.stderr.strip()}")
        raw: dict[str, Any] = self._json("terraform output -json", result.stdout or "{}")
        return {k: OutputValue(v.get("value"), bool(v.get("sensitive"))) for k, v in raw.items()}

    def providers_schema(self) -> dict[str, Any]:
        """`terraform providers schema -json` of the initialised working copy."""
        result, _ = self._run(["providers", "schema", "-json"], log_stdout=False, document=True)
        if not result.ok:
            raise OperationError(f"terraform providers schema failed:\n{result.stderr.strip()}")
        return _provider_configs(result.stdout) or self._json(
            "terraform providers schema -json", result.stdout
        )

    def state_pull(self) -> str:
        """The layer's state as JSON text (for remote backends)."""
        result, _ = self._run(["state", "pull"], log_stdout=False, document=True)
        if not result.ok:
            raise OperationError(f"terraform state pull failed:\n{result.stderr.strip()}")
        return result.stdout

    def state_resources(self) -> int:
        """Managed resource instances in the layer's state."""
        result, _ = self._run(["state", "list"])
        if not result.ok:
            return 0
        return sum(
            1 for line in result.stdout.splitlines() if line and not line.startswith("data.")
        )

    def validate(self) -> list[Diagnostic]:
        result, _ = self._run(["validate", "-json"])
        try:
            doc = json.loads(result.stdout)
        except json.JSONDecodeError as exc:
            raise OperationError(f"terraform validate failed:\n{result.stderr.strip()}") from exc
        return diagnostics_from_validate(doc)


# Where a provider's entry starts in `providers schema -json`: Go writes the "provider"
# (configuration) block first. Provider addresses hold slashes, attribute names never do.
_PROVIDER_ENTRY = re.compile(r'"([\w.-]+/[\w.-]+/[\w.-]+)":\{"provider":')


def _provider_configs(text: str) -> dict[str, Any] | None:
    """`{"provider_schemas": {address: {"provider": ...}}}`, the configuration blocks only,
    decoded without the resource schemas: those of hashicorp/aws 5.x are 13 MB of JSON and
    over 1 GB as Python objects. None when the text is not laid out so (parse it whole)."""
    decoder = json.JSONDecoder()
    found: dict[str, Any] = {}
    for match in _PROVIDER_ENTRY.finditer(text):
        try:
            block, _end = decoder.raw_decode(text, match.end())
        except json.JSONDecodeError:
            return None
        found[match.group(1)] = {"provider": block}
    return {"provider_schemas": found} if found else None


def _init_error(result: Completed) -> str:
    if result.signal_name:
        return _errors([], "", result.signal_name)
    text = (result.stderr or result.stdout).strip()
    if (
        "Failed to query available provider packages" in text
        or "could not connect to registry" in text
    ):
        text += (
            "\n\nTerraform could not download a provider (no registry access). Name a "
            "provider mirror (a directory in Terraform's filesystem-mirror layout, packed or "
            f"unpacked): streamctl --provider-mirror DIR ..., or export {MIRROR_ENV}=DIR. "
            "Fill one on a connected machine with `terraform providers mirror "
            "-platform=linux_amd64 DIR` run in a layer directory, then run again."
        )
    lines = text.splitlines()
    return "\n".join(lines[-40:]) or f"it printed nothing and exited {result.returncode}"
