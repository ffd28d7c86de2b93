"""Fault injection, disks: a read-only or full state directory, a full log directory.

The faults are real: a read-only bind mount or a full tmpfs over the directory, in a
mount namespace of the streamctl process under test (root with unshare; elsewhere the
read-only case falls back to file modes and the full-disk cases are skipped).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from support.cli import invoke, statuses
from support.faults import API_KEY, chain_stack, layer_data

pytestmark = pytest.mark.integration

NAMESPACES = os.geteuid() == 0 and shutil.which("unshare") is not None
needs_namespaces = pytest.mark.skipif(not NAMESPACES, reason="needs root and unshare(1)")

READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1"'
# A 256 KB tmpfs, filled up: every write in it fails with ENOSPC.
FULL = 'mount -t tmpfs -o size=256k tmpfs "$1" && (cat /dev/zero > "$1/.fill" 2>/dev/null; true)'


@pytest.fixture(autouse=True)
def api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAULTS_API_KEY", API_KEY)


def streamctl_with(
    setup: str, directory: Path, args: Sequence[str]
) -> subprocess.CompletedProcess[str]:
    """streamctl in a mount namespace where `setup` made `directory` faulty."""
    script = f'{setup} || exit 99; shift; exec "$@"'
    command = [
        "unshare",
        "-m",
        "--propagation",
        "private",
        "sh",
        "-c",
        script,
        "sh",
        str(directory),
    ]
    return subprocess.run(
        [*command, sys.executable, "-m", "streamctl", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def args(manifest: Path, *extra: str) -> list[str]:
    return ["--stack", str(manifest), "--terraform", "terraform", *extra]


@needs_namespaces
def test_status_reads_a_read_only_state_directory(tmp_path: Path) -> None:
    manifest = chain_stack(tmp_path)
    assert invoke(["up", "--yes", *args(manifest)]).exit_code == 0
    run = streamctl_with(READ_ONLY, manifest.parent / ".streamctl", ["status", *args(manifest)])
    assert run.returncode == 0, run.stdout + run.stderr
    assert "source" in run.stdout and "4" in run.stdout


@needs_namespaces
def test_outputs_read_a_read_only_state_directory(tmp_path: Path) -> None:
    manifest = chain_stack(tmp_path)
    assert invoke(["up", "--yes", *args(manifest)]).exit_code == 0
    data = manifest.parent / ".streamctl"
    run = streamctl_with(READ_ONLY, data, ["outputs", "--json", *args(manifest)])
    # Outputs come from the local state files: reading them writes nothing.
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout)["source"]


@needs_namespaces
@pytest.mark.parametrize("command", [["up", "--yes"], ["down", "--yes"]])
def test_a_read_only_state_directory_is_a_clear_error(tmp_path: Path, command: list[str]) -> None:
    manifest = chain_stack(tmp_path)
    assert invoke(["up", "--yes", *args(manifest)]).exit_code == 0
    data = manifest.parent / ".streamctl"
    run = streamctl_with(READ_ONLY, data, [*command, *args(manifest)])
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert f"cannot write {data}" in run.stderr.replace("\n", "")
    assert "read-only" in run.stderr


@needs_namespaces
def test_a_full_state_directory_is_a_clear_error(tmp_path: Path) -> None:
    manifest = chain_stack(tmp_path)
    data = manifest.parent / ".streamctl"
    data.mkdir()
    run = streamctl_with(FULL, data, ["up", "--yes", *args(manifest)])
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert f"cannot write {data}" in run.stderr.replace("\n", "")
    assert "No space left on device" in run.stderr and "the disk is full" in run.stderr


@needs_namespaces
def test_a_full_log_directory_never_stops_an_apply(tmp_path: Path) -> None:
    manifest = chain_stack(tmp_path)
    logs = manifest.parent / ".streamctl" / "faults" / "aws" / "logs"
    logs.mkdir(parents=True)
    run = streamctl_with(FULL, logs, ["up", "--yes", "--json", *args(manifest)])
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(run.stdout)
    assert statuses(report) == {"source": "applied", "consumer": "applied"}
    for row in report["layers"]:
        assert "cannot write the log" in row["reason"] and "No space left" in row["reason"]
    # Everything Terraform did is in state, and streamctl recorded it.
    for layer, count in (("source", 4), ("consumer", 3)):
        record = json.loads((layer_data(manifest, layer) / "state-record.json").read_text())
        assert record["resources"] == count
    again = invoke(["up", "--yes", "--json", *args(manifest)])
    assert again.exit_code == 0 and set(statuses(json.loads(again.stdout)).values()) == {
        "unchanged"
    }
