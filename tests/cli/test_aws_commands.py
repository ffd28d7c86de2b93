"""`streamctl bootstrap` and `verify` through CliRunner, against the emulator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from typer.testing import Result

from streamctl.targets.moto_server import Emulator
from support.cli import invoke

MANIFEST = """
[stack]
name = "tiny"
environment = "qa"
region = "us-west-2"
{backend}
[layers.base]
path = "base"

[layers.app]
path = "app"
depends_on = ["base"]
"""


def _stack(tmp_path: Path, backend: str) -> Path:
    for layer in ("base", "app"):
        (tmp_path / layer).mkdir()
        (tmp_path / layer / "main.tf").write_text('resource "terraform_data" "x" {}\n')
    manifest = tmp_path / "stack.toml"
    manifest.write_text(MANIFEST.format(backend=backend))
    return manifest


@pytest.fixture
def endpoint(tmp_path: Path) -> Iterator[str]:
    emulator = Emulator(tmp_path / "emulator")
    status = emulator.start()
    assert status.endpoint is not None
    yield status.endpoint
    emulator.stop()


def _invoke(*args: str) -> Result:
    return invoke(args)


def test_bootstrap_twice_against_an_emulator(tmp_path: Path, endpoint: str) -> None:
    manifest = _stack(
        tmp_path, '[stack.backend]\nbucket = "qa-tfstate"\nkey_prefix = "streaming"\n'
    )
    args = ["bootstrap", "--stack", str(manifest), "--endpoint-url", endpoint]
    first = _invoke(*args, "--json")
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert report["bucket"] == "qa-tfstate"
    assert report["region"] == "us-west-2"
    assert all(step["changed"] for step in report["steps"])
    assert report["state_keys"] == {
        "base": "streaming/qa/base/terraform.tfstate",
        "app": "streaming/qa/app/terraform.tfstate",
    }
    second = _invoke(*args)
    assert second.exit_code == 0, second.output
    assert "set:" not in second.stdout
    assert "ok: all four settings on" in second.stdout
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-west-2",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    assert s3.get_bucket_versioning(Bucket="qa-tfstate")["Status"] == "Enabled"
    policy = json.loads(s3.get_bucket_policy(Bucket="qa-tfstate")["Policy"])
    assert policy["Statement"][0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_bootstrap_without_backend_table_says_what_to_add(tmp_path: Path) -> None:
    result = _invoke("bootstrap", "--stack", str(_stack(tmp_path, "")))
    assert result.exit_code == 2
    assert "[stack.backend]" in result.stderr
    assert "Traceback" not in result.output


def test_bootstrap_with_a_bad_backend_table_names_the_key(tmp_path: Path) -> None:
    manifest = _stack(tmp_path, '[stack.backend]\nbucket = "b"\nlock_table = "t"\n')
    result = _invoke("bootstrap", "--stack", str(manifest))
    assert result.exit_code == 2
    assert "unknown key(s) lock_table" in result.stderr


VERIFY_BASE = """
[verify.base_bucket]
kind = "s3_bucket"
id = "base.bucket"
versioning = "Enabled"
"""


def test_verify_with_nothing_deployed_is_a_clear_error(tmp_path: Path, endpoint: str) -> None:
    manifest = _stack(tmp_path, "")
    (tmp_path / "base" / "outputs.tf").write_text('output "bucket" {\n  value = "b"\n}\n')
    manifest.write_text(manifest.read_text() + VERIFY_BASE)
    result = _invoke("verify", "--stack", str(manifest), "--endpoint-url", endpoint)
    assert result.exit_code == 2
    assert "no layer of tiny" in result.stderr
    # The hint deploys where verify looked: the same target flags.
    assert f"`streamctl up --endpoint-url {endpoint}` first" in result.stderr
    local = _invoke("verify", "--stack", str(manifest), "--local")
    assert local.exit_code == 2
    assert "`streamctl up --local` first" in local.stderr


def test_verify_of_a_stack_without_checks_says_what_to_add(tmp_path: Path) -> None:
    manifest = _stack(tmp_path, "")
    result = _invoke("verify", "--stack", str(manifest), "--local")
    assert result.exit_code == 2
    assert "declares no checks: add [verify.<name>] tables" in result.stderr


def test_verify_local_does_not_start_the_emulator(tmp_path: Path) -> None:
    manifest = _stack(tmp_path, "")
    (tmp_path / "base" / "outputs.tf").write_text('output "bucket" {\n  value = "b"\n}\n')
    manifest.write_text(manifest.read_text() + VERIFY_BASE)
    state = tmp_path / ".streamctl" / "qa" / "local" / "base" / "terraform.tfstate"
    state.parent.mkdir(parents=True)
    state.write_text(
        '{"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "x", '
        '"outputs": {"bucket": {"value": "b", "type": "string"}}, "resources": []}'
    )
    result = _invoke("verify", "--stack", str(manifest), "--local")
    assert result.exit_code == 2, result.output
    assert "AWS emulator of tiny (qa, local) is not running" in result.stderr
    assert not Emulator(tmp_path / ".streamctl" / "qa" / "local").status().running


def test_verify_local_with_nothing_deployed_says_up_local(tmp_path: Path) -> None:
    manifest = _stack(tmp_path, "")
    (tmp_path / "base" / "outputs.tf").write_text('output "bucket" {\n  value = "b"\n}\n')
    manifest.write_text(manifest.read_text() + VERIFY_BASE)
    result = _invoke("verify", "--stack", str(manifest), "--local")
    assert result.exit_code == 2
    assert "deploy it with `streamctl up --local` first" in result.stderr
