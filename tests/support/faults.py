"""Plumbing of the fault-injection tests: a streamctl process to signal, the gated layer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from streamctl.terraform.child_process import read_holder
from support.fixtures import copy_fixture

GATED_STACK = """
[stack]
name = "faults"
environment = "faults"

[layers.gated]
path = "gated"
vars = {{ gate = "{gate}", counter = "{counter}", hold_output = {hold} }}
"""


def gated_stack(tmp_path: Path, *, hold_output: bool = False) -> Path:
    """A one-layer stack whose create waits for `tmp_path/gate`, then counts itself."""
    root = tmp_path / "faults"
    if not root.is_dir():
        copy_fixture("faults", tmp_path)
    manifest = root / "stack.toml"
    manifest.write_text(
        GATED_STACK.format(
            gate=tmp_path / "gate",
            counter=tmp_path / "created",
            hold="true" if hold_output else "false",
        )
    )
    return manifest


def layer_data(manifest: Path, layer: str, environment: str = "faults") -> Path:
    return manifest.parent / ".streamctl" / environment / "aws" / layer


def start(args: Sequence[str]) -> subprocess.Popen[str]:
    """streamctl as its own process, as a user or CI runs it."""
    return subprocess.Popen(
        [sys.executable, "-m", "streamctl", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def wait_until(what: str, condition: Callable[[], bool], alive: Callable[[], bool]) -> None:
    # A guard against hanging, not a timing assertion.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if condition():
            return
        if not alive():
            raise AssertionError(f"gave up waiting for {what}: the process ended")
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def log_contains(manifest: Path, layer: str, needle: str, environment: str = "faults") -> bool:
    logs = layer_data(manifest, layer, environment).parent / "logs"
    return any(needle in log.read_text() for log in logs.glob(f"*/{layer}.log"))


def terraform_pid(data: Path) -> int:
    """The pid of the Terraform (or warm worker) that holds, or last held, the layer's
    lock: child_process writes it, and it stays after the command ends."""
    info = json.loads((data / "terraform.lock").read_text())
    return int(info["pid"])


def released(data: Path) -> bool:
    """Nothing holds the layer's lock (a provisioner's last `sleep 0.1` holds the lock it
    inherited a moment after Terraform ends)."""
    return read_holder(data) is None


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def state_addresses(data: Path) -> list[str]:
    state = json.loads((data / "terraform.tfstate").read_text())
    return [f"{r['type']}.{r['name']}" for r in state["resources"] if r["mode"] == "managed"]


CHAIN_STACK = """
[stack]
name = "faults"
environment = "faults"

[layers.source]
path = "chain/source"
secrets = {{ api_key = "FAULTS_API_KEY" }}
vars = {{ fail = {fail} }}

[layers.consumer]
path = "chain/consumer"
inputs = {{ source_id = "source.id", note = "source.nothing", credentials = "source.credentials" }}
"""
API_KEY = "K3y<&>value-9f31"  # Go's JSON escapes <, & and >: the log holds \u003c forms
MAP_PASSWORD = "Map-S3cret<&>value"  # in source's sensitive `credentials` output


def chain_stack(tmp_path: Path, *, fail: bool = False) -> Path:
    """source (3 resources + 1, null and sensitive outputs) -> consumer (3 resources)."""
    root = tmp_path / "faults"
    if not root.is_dir():
        copy_fixture("faults", tmp_path)
    manifest = root / "stack.toml"
    manifest.write_text(CHAIN_STACK.format(fail="true" if fail else "false"))
    return manifest


def run_json(args: Sequence[str]) -> tuple[int, Any, str]:
    """A CLI run with --json: exit code, the document, stderr."""
    from support.cli import invoke, json_stdout

    result = invoke([*args, "--json"])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, json_stdout(result), result.stderr


def layer_logs(manifest: Path, layer: str, environment: str = "faults") -> str:
    logs = layer_data(manifest, layer, environment).parent / "logs"
    return "".join(log.read_text() for log in sorted(logs.glob(f"*/{layer}.log")))
