"""What a layer's state held after streamctl last changed it, and checks against it.

After every apply or destroy streamctl records the state's lineage, serial, resource
count and output names (`state-record.json`, 0600). Before planning it compares: a state
that no longer parses, that was emptied or lost resources, or that was replaced by a
state of another lineage, without streamctl destroying anything, is refused. Planning it
would re-create resources that still exist (in AWS: duplicates) or modify dependents.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from streamctl.errors import OperationError
from streamctl.files import write_atomic

RECORD_NAME = "state-record.json"
ERRORED_NAME = "errored.tfstate"
ACCEPT_FLAG = "--accept-state-loss"


class StateUnreadableError(OperationError):
    """The layer's state exists but is not valid Terraform state."""


class StateLossError(OperationError):
    """The state holds less than streamctl left in it, or a different state."""


class ErroredStateError(OperationError):
    """Terraform could not write state and left errored.tfstate behind."""


@dataclass(frozen=True)
class StateSummary:
    lineage: str | None
    serial: int | None
    resources: int  # managed resource instances
    outputs: tuple[str, ...]  # outputs present in state (Terraform drops null ones)


def summarize(doc: Mapping[str, Any]) -> StateSummary:
    resources = sum(
        len(r.get("instances") or [])
        for r in doc.get("resources") or []
        if isinstance(r, dict) and r.get("mode") == "managed"
    )
    serial = doc.get("serial")
    return StateSummary(
        lineage=doc.get("lineage") if isinstance(doc.get("lineage"), str) else None,
        serial=serial if isinstance(serial, int) else None,
        resources=resources,
        outputs=tuple(sorted(doc.get("outputs") or {})),
    )


def parse(text: str, where: str, backups: str) -> StateSummary | None:
    """The summary of state text; None for no state (Terraform reads an empty file so)."""
    if not text.strip():
        return None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StateUnreadableError(_unreadable(where, f"not JSON ({exc})", backups)) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("version"), int):
        raise StateUnreadableError(_unreadable(where, 'no "version" attribute', backups))
    if not isinstance(doc.get("resources", []), list):
        raise StateUnreadableError(_unreadable(where, '"resources" is not a list', backups))
    return summarize(doc)


def read_local(state_file: Path) -> StateSummary | None:
    """The local backend's state file; None when there is none."""
    try:
        text = state_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise StateUnreadableError(
            _unreadable(str(state_file), f"not UTF-8 ({exc.reason})", local_backups(state_file))
        ) from None
    except OSError as exc:
        raise StateUnreadableError(
            f"cannot read the state file {state_file}: {exc.strerror or exc}"
        ) from None
    return parse(text, str(state_file), local_backups(state_file))


def _unreadable(where: str, why: str, backups: str) -> str:
    return (
        f"state file {where} is not valid Terraform state: {why}. Nothing was planned. "
        f"{backups} Restore a good copy to that place, then run again."
    )


def local_backups(state_file: Path) -> str:
    backup = state_file.with_name(state_file.name + ".backup")
    if backup.is_file():
        try:
            summary = parse(backup.read_text(encoding="utf-8"), str(backup), "")
        except (StateUnreadableError, OSError, UnicodeDecodeError):
            summary = None
        held = f" (serial {summary.serial}, {summary.resources} resource(s))" if summary else ""
        return f"Terraform's backup of the state before its last write: {backup}{held}."
    return f"There is no backup ({backup} does not exist); check your own backups."


def s3_backups(backend: Mapping[str, Any]) -> str:
    bucket, key = backend.get("bucket", "BUCKET"), backend.get("key", "KEY")
    return (
        f"Earlier versions of the state are S3 object versions of s3://{bucket}/{key}: "
        f"aws s3api list-object-versions --bucket {bucket} --prefix {key}"
    )


# -- the record --------------------------------------------------------------------------


def load_record(root: Path) -> dict[str, Any] | None:
    try:
        record = json.loads((root / RECORD_NAME).read_text())
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _write(root: Path, record: Mapping[str, Any]) -> None:
    write_atomic(root / RECORD_NAME, json.dumps(record, indent=2))


def mark_pending(root: Path, operation: str) -> None:
    """Before an apply: whatever the state holds after it, streamctl's Terraform did it,
    even if streamctl dies before it can record the result."""
    record = load_record(root) or {}
    _write(root, {**record, "pending": operation})


def record(
    root: Path, summary: StateSummary | None, operation: str, declared_outputs: Iterable[str]
) -> None:
    """What the state holds after `operation` (apply or destroy) by streamctl, and the
    outputs the layer declared then (one absent from state was applied as null)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    held: dict[str, Any] = (
        asdict(summary) if summary else {"lineage": None, "serial": None, "resources": 0}
    )
    held["outputs"] = list(held.get("outputs") or [])
    _write(
        root,
        {
            **held,
            "declared_outputs": sorted(declared_outputs),
            "operation": operation,
            "recorded_at": now,
        },
    )


def applied_null(root: Path, output: str) -> bool:
    """Whether `output` was declared at the last apply but is absent from state: Terraform
    does not store null outputs, so it was applied, with the value null."""
    before = load_record(root)
    # Only a record of streamctl's own apply says which outputs that apply produced.
    if not before or before.get("operation") != "apply" or before.get("pending"):
        return False
    return output in (before.get("declared_outputs") or []) and output not in (
        before.get("outputs") or []
    )


def check(
    layer: str, root: Path, current: StateSummary | None, backups: str, *, accept: bool
) -> str | None:
    """Refuse a state that lost what streamctl left in it; a note when accepted/adopted."""
    before = load_record(root)
    if before is None:
        return None
    lineage = before.get("lineage")
    # A Terraform of a run that was killed changed it: that is streamctl's own doing.
    if before.get("pending") and (current is None or not lineage or current.lineage == lineage):
        record(root, current, str(before["pending"]), before.get("declared_outputs") or [])
        return None
    had = int(before.get("resources") or 0)
    now = current.resources if current else 0
    # Replacing a state that held nothing loses nothing.
    replaced = had > 0 and current is not None and lineage and current.lineage != lineage
    if now >= had and not replaced:
        return None
    if accept:
        record(root, current, "accepted", before.get("declared_outputs") or [])
        return f"accepted the state as it is ({now} resource(s); {had} recorded)"
    when = before.get("recorded_at", "its last run")
    if replaced:
        what = f"its state has another lineage ({current.lineage if current else None})"
    elif current is None:
        what = "its state is gone"
    else:
        what = f"its state holds {now} resource(s)"
    raise StateLossError(
        f"layer '{layer}': {what}, but after streamctl's last {before.get('operation')} "
        f"({when}) it held {had} resource(s) (lineage {lineage}, serial {before.get('serial')}), "
        "and streamctl destroyed nothing since. Planning now would create them again "
        f"(duplicates of resources that still exist). {backups} Restore the state, or, if "
        f"those resources are really gone, run again with {ACCEPT_FLAG}."
    )


def errored_state(workdir: Path) -> Path | None:
    found = workdir / ERRORED_NAME
    return found if found.is_file() else None


def errored_message(layer: str, errored: Path, workdir: Path, state_file: Path) -> str:
    return (
        f"layer '{layer}': Terraform could not write this layer's state and saved it to "
        f"{errored}: the state is behind what exists. Push it before anything else: "
        f"{push_command(errored, workdir, state_file)} (then remove {errored.name}). "
        "Planning or applying first would fork the state."
    )


def push_command(errored: Path, workdir: Path, state_file: Path) -> str:
    """`state push`, with -force where Terraform would refuse it: errored.tfstate keeps
    the serial of the state it failed to replace (Terraform 1.11 does so), and it is the
    newer record of what exists."""
    command = f"terraform -chdir={workdir} state push"
    try:
        saved = parse(errored.read_text(encoding="utf-8"), str(errored), "")
        current = read_local(state_file)
    except (StateUnreadableError, OSError, UnicodeDecodeError):
        return f"{command} {errored.name}"
    if (
        saved
        and current
        and saved.lineage == current.lineage
        and (saved.serial or 0) <= (current.serial or 0)
    ):
        return f"{command} -force {errored.name}"
    return f"{command} {errored.name}"
