"""The generated S3 backend config with real Terraform, against the emulator's S3."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from streamctl.aws.state_bucket import BackendSettings, ensure_state_bucket
from streamctl.errors import UsageError
from streamctl.manifest import load_stack
from streamctl.targets.aws import aws_target
from streamctl.targets.moto_server import Emulator
from streamctl.terraform.engine import find_terraform

pytestmark = pytest.mark.integration


@pytest.fixture
def s3_endpoint(tmp_path: Path) -> Iterator[str]:
    emulator = Emulator(tmp_path / "emulator")
    status = emulator.start()
    assert status.endpoint is not None
    yield status.endpoint
    emulator.stop()


def _s3(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-west-2",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def test_layer_state_goes_to_its_key_with_s3_locking(tmp_path: Path, s3_endpoint: str) -> None:
    s3 = _s3(s3_endpoint)
    ensure_state_bucket(s3, BackendSettings(bucket="tfstate", region="us-west-2"))
    # moto enforces bucket policies but ignores their conditions, so the TLS-only
    # deny would refuse every request here; real S3 applies it only without TLS.
    s3.delete_bucket_policy(Bucket="tfstate")

    layer = tmp_path / "layer"
    layer.mkdir()
    (layer / "main.tf").write_text('resource "terraform_data" "x" {\n  input = "state"\n}\n')
    config = BackendSettings(bucket="tfstate", region="us-west-2").backend_block("dev", "network")
    # Only to reach the emulator: what streamctl generates is the config above.
    config["s3"].update(
        endpoints={"s3": s3_endpoint},
        use_path_style=True,
        access_key="test",
        secret_key="test",
        skip_credentials_validation=True,
        skip_requesting_account_id=True,
        skip_metadata_api_check=True,
    )
    (layer / "zz_backend_override.tf.json").write_text(
        json.dumps({"terraform": {"backend": config}})
    )
    terraform = find_terraform()
    for args in (["init", "-input=false", "-no-color"], ["apply", "-auto-approve", "-no-color"]):
        result = terraform.run(args, cwd=layer)
        assert result.returncode == 0, result.stdout + result.stderr

    key = "dev/network/terraform.tfstate"
    state = json.loads(s3.get_object(Bucket="tfstate", Key=key)["Body"].read())
    assert state["resources"][0]["type"] == "terraform_data"
    assert s3.head_object(Bucket="tfstate", Key=key)["ServerSideEncryption"] == "AES256"
    # use_lockfile: the lock object was written beside the state, then released.
    versions = s3.list_object_versions(Bucket="tfstate")
    markers = {m["Key"] for m in versions.get("DeleteMarkers", [])}
    assert f"{key}.tflock" in markers
    assert not (layer / "terraform.tfstate").exists()


def test_aws_target_wires_the_backend_and_checks_the_engine(tmp_path: Path) -> None:
    layer = tmp_path / "base"
    layer.mkdir()
    (layer / "main.tf").write_text('resource "terraform_data" "x" {}\n')
    manifest = tmp_path / "stack.toml"
    manifest.write_text(
        '[stack]\nname = "s"\nenvironment = "prod"\nregion = "eu-west-1"\n'
        '[stack.backend]\nbucket = "tfstate"\n[layers.base]\npath = "base"\n'
    )
    stack = load_stack(manifest)
    target = aws_target(stack, find_terraform())
    assert target.name == "aws"
    backend = target.backend(stack.layers["base"])
    assert backend is not None
    assert backend["s3"]["key"] == "prod/base/terraform.tfstate"

    class OldTerraform:
        version = (1, 9, 0)

    with pytest.raises(UsageError, match=r"1\.10"):
        aws_target(stack, OldTerraform())  # type: ignore[arg-type]

    manifest.write_text(manifest.read_text().replace('[stack.backend]\nbucket = "tfstate"\n', ""))
    stack = load_stack(manifest)
    assert aws_target(stack).backend(stack.layers["base"]) is None
