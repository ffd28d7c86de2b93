"""Ctrl-C during `up` stops Terraform cleanly and a later `up` recovers; a second
concurrent run of the same stack is refused with a message naming the first; a state
lock held by some other Terraform process gets a message saying how to recover."""

from __future__ import annotations

import contextlib
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.cli import invoke, json_stdout, statuses
from support.fixtures import copy_fixture
from support.runs import events, layer_root

pytestmark = pytest.mark.integration

SLEEPER_STACK = """
[stack]
name = "interrupt"
environment = "interrupt"

[layers.slow]
path = "sleeper"
vars = {{ sleep_seconds = {seconds} }}
"""


HOLD_LOCK = """
import fcntl, sys
state = open(sys.argv[1], "r+")
fcntl.lockf(state, fcntl.LOCK_EX | fcntl.LOCK_NB)
print("locked", flush=True)
sys.stdin.read()
"""


def write_sleeper_stack(tmp_path: Path, seconds: int) -> Path:
    manifest = tmp_path / "branches" / "interrupt.toml"
    if not manifest.parent.is_dir():
        sleeper = copy_fixture("branches", tmp_path) / "sleeper" / "main.tf"
        # exec: Terraform stops a provisioner by killing its shell; leave no orphan sleep
        sleeper.write_text(sleeper.read_text().replace('"sleep ', '"exec sleep '))
    manifest.write_text(SLEEPER_STACK.format(seconds=seconds))
    return manifest


def start_up(manifest: Path, engine: str) -> subprocess.Popen[str]:
    command = ["up", "--yes", "--stack", str(manifest), "--terraform", engine]
    return subprocess.Popen(
        [sys.executable, "-m", "streamctl", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def wait_for_apply_start(logs: Path, process: subprocess.Popen[str]) -> Path:
    """The layer's log once Terraform has started creating its resource."""
    deadline = time.monotonic() + 120  # a guard against hanging, not a timing assertion
    while time.monotonic() < deadline and process.poll() is None:
        for log in logs.glob("*/slow.log"):
            if '"type":"apply_start"' in log.read_text():
                return log
        time.sleep(0.2)
    raise AssertionError(f"Terraform never started applying (exit {process.poll()})")


def test_sigint_to_the_pid_stops_terraform_and_a_later_up_recovers(
    tmp_path: Path, engine: str
) -> None:
    # `kill -INT <pid>` (CI runners, timeout -s INT) reaches only streamctl's main thread,
    # not the Terraform children its worker threads run: streamctl must pass it on.
    manifest = write_sleeper_stack(tmp_path, seconds=60)
    process = start_up(manifest, engine)
    log = wait_for_apply_start(layer_root(manifest, "interrupt", "slow").parent / "logs", process)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stdout + stderr
    assert "interrupted" in stderr
    assert "Traceback" not in stderr
    # Terraform was stopped mid-create, not left to finish its 60 s sleep.
    seen = {e.type for e in events(log)}
    assert "apply_errored" in seen
    assert "apply_complete" not in seen

    write_sleeper_stack(tmp_path, seconds=0)
    result = invoke(["up", "--yes", "--json", "--stack", str(manifest), "--terraform", engine])
    assert result.exit_code == 0, result.output
    assert statuses(json_stdout(result)) == {"slow": "applied"}


def test_a_second_run_of_the_same_stack_is_refused_while_one_applies(
    tmp_path: Path, engine: str
) -> None:
    manifest = write_sleeper_stack(tmp_path, seconds=60)
    first = start_up(manifest, engine)
    try:
        wait_for_apply_start(layer_root(manifest, "interrupt", "slow").parent / "logs", first)
        args = ["--stack", str(manifest), "--terraform", engine]
        for command in (["up", "--yes"], ["preview"], ["down", "--yes"]):
            second = invoke([*command, *args])
            assert second.exit_code == 1, second.output
            assert "Traceback" not in second.output
            assert f"another streamctl run is using this stack (streamctl up, pid {first.pid}" in (
                second.stderr
            )
            assert "wait for it to finish" in second.stderr
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=120)
    # The lock went with the first run.
    write_sleeper_stack(tmp_path, seconds=0)
    result = invoke(["up", "--yes", "--json", "--stack", str(manifest), "--terraform", engine])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("engine", ["terraform"])
def test_a_held_state_lock_says_how_to_recover(tmp_path: Path, engine: str) -> None:
    manifest = write_sleeper_stack(tmp_path, seconds=0)
    args = ["up", "--yes", "--stack", str(manifest), "--terraform", engine]
    assert invoke(args).exit_code == 0
    root = layer_root(manifest, "interrupt", "slow")
    # A Terraform run by hand in the working copy: another process holding the local
    # backend's lock (POSIX locks are per process: it cannot be this one).
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(root / "terraform.tfstate")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        result = invoke(args)
    finally:
        holder.communicate("")
    assert result.exit_code == 1, result.output
    assert "Error acquiring the state lock" in result.stderr
    assert f"terraform -chdir={root / 'tree'} force-unlock LOCK_ID" in result.stderr
    assert "Do not use -lock=false" in result.stderr


@pytest.mark.parametrize("engine", ["terraform"])
def test_ctrl_c_at_the_approval_prompt_exits_130_and_applies_nothing(
    tmp_path: Path, engine: str
) -> None:
    manifest = write_sleeper_stack(tmp_path, seconds=0)
    command = ["up", "--stack", str(manifest), "--terraform", engine]
    pid, terminal = pty.fork()  # a real terminal: the prompt needs one, Ctrl-C comes from it
    if pid == 0:
        os.execv(sys.executable, [sys.executable, "-m", "streamctl", *command])
    seen = b""
    while b"Apply these changes?" not in seen:
        chunk = os.read(terminal, 4096)
        assert chunk, seen.decode(errors="replace")
        seen += chunk
    os.write(terminal, b"\x03")
    with contextlib.suppress(OSError):  # EIO once the child has gone
        while chunk := os.read(terminal, 4096):
            seen += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 130, seen.decode(errors="replace")
    assert b"interrupted" in seen
    assert not (layer_root(manifest, "interrupt", "slow") / "terraform.tfstate").exists()


@pytest.mark.parametrize("engine", ["terraform"])
def test_declining_the_plan_exits_1_and_applies_nothing(tmp_path: Path, engine: str) -> None:
    manifest = write_sleeper_stack(tmp_path, seconds=0)
    command = ["up", "--stack", str(manifest), "--terraform", engine]
    pid, terminal = pty.fork()  # a real terminal: the prompt needs one
    if pid == 0:
        os.execv(sys.executable, [sys.executable, "-m", "streamctl", *command])
    seen = b""
    while b"Apply these changes?" not in seen:
        chunk = os.read(terminal, 4096)
        assert chunk, seen.decode(errors="replace")
        seen += chunk
    os.write(terminal, b"n\r")
    with contextlib.suppress(OSError):  # EIO once the child has gone
        while chunk := os.read(terminal, 4096):
            seen += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 1, seen.decode(errors="replace")
    assert b"Not approved" in seen
    assert not (layer_root(manifest, "interrupt", "slow") / "terraform.tfstate").exists()
