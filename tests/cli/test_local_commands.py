"""`streamctl local start|stop|status|reset` through CliRunner."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from typer.testing import Result

from streamctl.targets.emulator import APPLIED_MARKER
from streamctl.targets.moto_server import Emulator, emulator_dir
from support.cli import invoke


def _run(*args: str) -> Result:
    return invoke(["local", *args])


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def stack_args(aws339_stack: Path) -> Iterator[list[str]]:
    yield ["--stack", str(aws339_stack)]
    Emulator(emulator_dir(aws339_stack.parent / ".streamctl", "e2e")).stop()


def _buckets(endpoint: str) -> list[str]:
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-west-2",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    return [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_start_status_reset_stop(stack_args: list[str]) -> None:
    assert _json(_run("status", "--json", *stack_args))["running"] is False
    assert "not running" in _run("status", *stack_args).stdout

    started = _run("start", *stack_args)
    assert started.exit_code == 0, started.output
    assert "started at http://127.0.0.1:" in started.stdout
    status = _json(_run("status", "--json", *stack_args))
    assert status["running"] is True
    endpoint = status["endpoint"]
    assert endpoint.startswith("http://127.0.0.1:")
    assert "already running" in _run("start", *stack_args).stdout

    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_bucket(Bucket="doomed")
    assert _buckets(endpoint) == ["doomed"]
    reset = _run("reset", *stack_args)
    assert reset.exit_code == 0, reset.output
    assert "no emulated resources left" in reset.stdout
    assert _buckets(endpoint) == []

    stopped = _run("stop", *stack_args)
    assert stopped.exit_code == 0
    assert "the emulated resources are gone" in stopped.stdout
    after = _json(_run("status", "--json", *stack_args))
    assert (after["running"], after["endpoint"]) == (False, None)
    assert "was not running" in _run("stop", *stack_args).stdout


def test_restart_since_apply_is_reported_and_reset_clears_local_state(
    aws339_stack: Path, stack_args: list[str]
) -> None:
    local = emulator_dir(aws339_stack.parent / ".streamctl", "e2e")
    _json(_run("start", "--json", *stack_args))
    state = local / "kms" / "terraform.tfstate"
    state.parent.mkdir(parents=True)
    state.write_text("{}")
    (local / APPLIED_MARKER).write_text(json.dumps({"instance_id": "an-earlier-start"}))

    status = _json(_run("status", "--json", *stack_args))
    assert status["restarted_since_apply"] is True
    assert "local reset" in _run("status", *stack_args).stdout

    cleared = _json(_run("reset", "--json", *stack_args))
    assert cleared["cleared_layers"] == ["kms"]
    assert not state.exists()
    assert _json(_run("status", "--json", *stack_args))["restarted_since_apply"] is False


def test_bad_manifest_is_a_clean_error(tmp_path: Path) -> None:
    result = _run("status", "--stack", str(tmp_path / "none.toml"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_status_tells_a_hung_emulator_from_a_stopped_one(
    aws339_stack: Path, stack_args: list[str]
) -> None:
    local = emulator_dir(aws339_stack.parent / ".streamctl", "e2e")
    status = _json(_run("start", "--json", *stack_args))
    # Same process, but the state file now names an endpoint where nothing answers.
    state = json.loads((local / "emulator.json").read_text())
    state["endpoint"] = "http://127.0.0.1:9"
    (local / "emulator.json").write_text(json.dumps(state))
    seen = _json(_run("status", "--json", *stack_args))
    assert (seen["running"], seen["pid"]) == (False, status["pid"])
    assert "alive but does not answer" in _run("status", *stack_args).stdout
    # start replaces it with one that answers.
    assert _json(_run("start", "--json", *stack_args))["running"] is True


def test_read_only_commands_do_not_start_the_emulator(stack_args: list[str]) -> None:
    for command in (["outputs", "--local", "--json"], ["status", "--local", "--json"]):
        result = invoke([*command, *stack_args])
        assert result.exit_code == 0, result.output
    assert _json(_run("status", "--json", *stack_args))["running"] is False
