"""Fault injection, signals: real Terraform, a real streamctl process, real signals.

SIGTERM and SIGHUP are a first Ctrl-C; `kill -9` of streamctl loses no record (its
Terraform finishes and writes state, and the next run refuses to start a second one on
that state meanwhile); a Terraform killed by a signal is reported with it; after a second
Ctrl-C the user is told data may be lost; an interrupt prints the summary and log path.
Each runs with both engines: the embedded one reaches Terraform through a warm worker.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from streamctl.terraform.child_process import read_holder
from support.cli import invoke, json_stdout, statuses
from support.faults import (
    alive,
    gated_stack,
    layer_data,
    log_contains,
    released,
    run_json,
    start,
    state_addresses,
    terraform_pid,
    wait_until,
)

pytestmark = pytest.mark.integration


def up_args(manifest: Path, engine: str, *extra: str) -> list[str]:
    return ["up", "--yes", "--stack", str(manifest), "--terraform", engine, *extra]


def applying(manifest: Path) -> bool:
    return log_contains(manifest, "gated", '"type":"apply_start"')


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("engine", ["terraform", "embedded"])
def test_sigterm_and_sighup_stop_terraform_cleanly_and_print_the_summary(
    tmp_path: Path, engine: str, sig: signal.Signals
) -> None:
    manifest = gated_stack(tmp_path)
    data = layer_data(manifest, "gated")
    process = start(up_args(manifest, engine))
    wait_until("apply_start", lambda: applying(manifest), lambda: process.poll() is None)
    process.send_signal(sig)
    stdout, stderr = process.communicate(timeout=180)

    assert process.returncode == 130, stdout + stderr
    assert "Traceback" not in stderr
    assert "interrupted: every running Terraform was asked to stop cleanly" in stderr
    assert "state is kept" not in stderr
    # The summary and the log path, and the status the record keeps.
    assert "interrupted" in stdout and "Logs:" in stdout
    record = json.loads((data / "last-run.json").read_text())
    assert record["status"] == "interrupted"
    # Terraform was stopped, not orphaned: it has exited, and once the `sleep 0.1` its
    # provisioner left behind ends (it inherited the lock, as anything Terraform starts
    # does), nothing holds the layer's state any more.
    holder = read_holder(data)
    assert holder is None or (holder.pid is not None and not alive(holder.pid)), holder
    wait_until("the provisioner's sleep", lambda: released(data), lambda: True)
    assert log_contains(manifest, "gated", '"type":"apply_errored"')


@pytest.mark.parametrize("engine", ["terraform", "embedded"])
def test_kill_9_of_streamctl_loses_no_record_and_the_next_run_waits_for_terraform(
    tmp_path: Path, engine: str
) -> None:
    manifest = gated_stack(tmp_path)
    data = layer_data(manifest, "gated")
    process = start(up_args(manifest, engine))
    wait_until("apply_start", lambda: applying(manifest), lambda: process.poll() is None)
    pid = terraform_pid(data)
    process.kill()
    process.communicate(timeout=60)

    # Terraform outlived streamctl and still works on the layer: a second run refuses.
    holder = read_holder(data)
    assert holder is not None and holder.pid == pid
    for command in (up_args(manifest, engine), ["down", "--yes", "--stack", str(manifest)]):
        refused = invoke(command)
        assert refused.exit_code == 1, refused.output
        assert "Traceback" not in refused.output
        assert f"layer 'gated': a Terraform still works on this layer's state (pid {pid}" in (
            refused.stderr
        )
        assert "never starts a second Terraform on one state" in refused.stderr

    code, doc, _ = run_json(["status", "--stack", str(manifest), "--terraform", engine])
    assert code == 1 and doc["layers"][0]["state"] == "busy"
    assert f"pid {pid}" in doc["layers"][0]["problem"]

    # Let the create finish: Terraform writes it to state with nobody reading its output.
    (tmp_path / "gate").touch()
    wait_until("Terraform to exit", lambda: released(data), lambda: True)
    assert state_addresses(data) == ["terraform_data.this"]

    again = invoke([*up_args(manifest, engine), "--json"])
    assert again.exit_code == 0, again.output
    assert statuses(json_stdout(again)) == {"gated": "unchanged"}
    assert (tmp_path / "created").read_text() == "created\n"  # created once, not twice


@pytest.mark.parametrize("engine", ["terraform", "embedded"])
def test_a_terraform_killed_by_a_signal_is_reported_with_that_signal(
    tmp_path: Path, engine: str
) -> None:
    manifest = gated_stack(tmp_path)
    data = layer_data(manifest, "gated")
    process = start([*up_args(manifest, engine), "--json"])
    wait_until("apply_start", lambda: applying(manifest), lambda: process.poll() is None)
    os.kill(terraform_pid(data), signal.SIGKILL)  # the OOM killer, say
    stdout, stderr = process.communicate(timeout=180)

    assert process.returncode == 1, stdout + stderr
    (row,) = json.loads(stdout)["layers"]
    assert row["status"] == "failed"
    assert "Terraform was killed by SIGKILL" in row["reason"]
    assert "without a message" not in stdout + stderr
    (tmp_path / "gate").touch()  # lets the orphaned provisioner end


BULKY_STACK = """
[stack]
name = "faults"
environment = "faults"

[layers.bulky]
path = "bulky"
vars = {{ generation = {generation} }}
"""


@pytest.mark.parametrize("engine", ["terraform", "embedded"])
def test_a_second_interrupt_says_terraform_stopped_at_once_and_data_may_be_lost(
    tmp_path: Path, engine: str
) -> None:
    manifest = gated_stack(tmp_path)  # the fixture copy; the manifest is replaced below
    manifest.write_text(BULKY_STACK.format(generation=1))
    data = layer_data(manifest, "bulky")
    assert invoke(up_args(manifest, engine)).exit_code == 0
    # A replacement, and a state backup Terraform cannot write (a FIFO nobody reads):
    # Terraform blocks writing state after the destroy, the first interrupt cannot
    # finish, and the second makes it exit at once without recording the destroy.
    manifest.write_text(BULKY_STACK.format(generation=2))
    os.mkfifo(data / "terraform.tfstate.backup")
    process = start(up_args(manifest, engine))
    alive = lambda: process.poll() is None  # noqa: E731
    destroyed = '"action":"delete","elapsed_seconds"'
    wait_until("the destroy", lambda: log_contains(manifest, "bulky", destroyed), alive)
    process.send_signal(signal.SIGINT)
    stopping = "Stopping operation"
    wait_until("Terraform to stop", lambda: log_contains(manifest, "bulky", stopping), alive)
    assert read_holder(data) is not None  # Terraform still runs: stuck writing state
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=180)

    assert process.returncode == 130, stdout + stderr
    assert log_contains(manifest, "bulky", "data loss may have occurred")  # Terraform agrees
    assert "interrupted twice: Terraform was stopped at once" in stderr
    assert "data may be lost" in stderr
    assert "streamctl preview" in stderr and "import" in stderr
    assert "state is kept" not in stderr
    assert "Logs:" in stdout
