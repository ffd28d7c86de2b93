"""Fault injection, the emulator: real Terraform and the real hashicorp/aws provider on moto.

Read-only commands never start an emulator; an emulator killed under a run is reported
as the cause of the failure, and the summary never claims it still runs.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from support.cli import invoke, json_stdout
from support.faults import wait_until
from support.fixtures import copy_fixture

pytestmark = pytest.mark.integration

STACK = """
[stack]
name = "faults"
environment = "faults"

[layers.gate]
path = "emulated/gate"
vars = {{ gate = "{gate}", counter = "{counter}" }}

[layers.topic]
path = "emulated/topic"
depends_on = ["gate"]
"""


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    copy_fixture("faults", tmp_path)
    file = tmp_path / "faults" / "stack.toml"
    file.write_text(STACK.format(gate=tmp_path / "gate", counter=tmp_path / "created"))
    return file


def emulator_files(manifest: Path) -> Path:
    return manifest.parent / ".streamctl" / "faults" / "local"


def test_status_and_outputs_never_start_an_emulator(manifest: Path) -> None:
    for command in (["status"], ["outputs"]):
        result = invoke([*command, "--local", "--stack", str(manifest), "--terraform", "terraform"])
        assert result.exit_code == 0, result.output
    assert not (emulator_files(manifest) / "emulator.pid").exists()
    status = invoke(["local", "status", "--json", "--stack", str(manifest)])
    assert json_stdout(status)["running"] is False


def test_an_emulator_that_dies_mid_run_is_reported_as_the_cause(
    manifest: Path, tmp_path: Path, real_aws_mirror: Path
) -> None:
    command = ["--provider-mirror", str(real_aws_mirror), "up", "--local", "--yes", "--json"]
    process = subprocess.Popen(
        [sys.executable, "-m", "streamctl", *command, "--stack", str(manifest)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    logs = emulator_files(manifest) / "logs"

    def applying() -> bool:
        return any('"type":"apply_start"' in log.read_text() for log in logs.glob("*/gate.log"))

    try:
        wait_until("gate's apply", applying, lambda: process.poll() is None)
        pid = int((emulator_files(manifest) / "emulator.pid").read_text())
        os.kill(pid, signal.SIGKILL)  # the emulator dies while a layer applies
    finally:
        (tmp_path / "gate").touch()
    stdout, stderr = process.communicate(timeout=300)

    assert process.returncode == 1, stdout + stderr
    rows = {row["layer"]: row for row in json.loads(stdout)["layers"]}
    assert rows["gate"]["status"] == "applied"
    assert rows["topic"]["status"] == "failed"
    assert f"the local AWS emulator (pid {pid}) is not running any more" in rows["topic"]["reason"]
    assert "keeps running" not in stdout + stderr
    assert "is not running any more" in stderr
