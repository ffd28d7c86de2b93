"""End to end: `streamctl up --local` with the real hashicorp/aws 3.39.0 provider on moto."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from streamctl.targets.moto_server import Emulator, emulator_dir
from streamctl.terraform.providers import MIRROR_ENV
from support.cli import invoke
from support.emulated_stack import aws_client as _client

pytestmark = pytest.mark.integration


def _streamctl(args: list[str], mirror: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("STREAMCTL_TERRAFORM", None)
    return subprocess.run(
        [sys.executable, "-m", "streamctl", "--provider-mirror", str(mirror), *args],
        check=False,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture
def emulator(aws339_stack: Path) -> Iterator[Emulator]:
    emu = Emulator(emulator_dir(aws339_stack.parent / ".streamctl", "e2e"))
    yield emu
    emu.stop()


def _assert_deployed(flat: dict[str, Any], endpoint: str) -> None:
    """The emulator holds what the outputs say, with IDs carried between layers."""
    kms, ec2, s3 = (_client(s, endpoint) for s in ("kms", "ec2", "s3"))

    key = kms.describe_key(KeyId=flat["s3_kms_key_id"])["KeyMetadata"]
    assert key["Arn"] == flat["s3_kms_key_arn"]
    assert kms.get_key_rotation_status(KeyId=flat["s3_kms_key_id"])["KeyRotationEnabled"] is True

    (vpc,) = ec2.describe_vpcs(VpcIds=[flat["vpc_id"]])["Vpcs"]
    assert vpc["CidrBlock"] == "10.0.0.0/16"
    subnets = ec2.describe_subnets(SubnetIds=flat["private_subnet_ids"])["Subnets"]
    assert {s["VpcId"] for s in subnets} == {flat["vpc_id"]}
    assert sorted(s["AvailabilityZone"] for s in subnets) == [
        "us-west-2a",
        "us-west-2b",
        "us-west-2c",
    ]

    bucket = flat["static_assets_bucket_name"]
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    (rule,) = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    default = rule["ApplyServerSideEncryptionByDefault"]
    # IDs crossed layers: the key from kms, the VPC from network.
    assert default["SSEAlgorithm"] == "aws:kms"
    assert default["KMSMasterKeyID"] == flat["s3_kms_key_arn"]
    tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=bucket)["TagSet"]}
    assert tags["VpcId"] == flat["vpc_id"]
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values()) and len(block) == 4


def _verify(stack: list[str]) -> Result:
    return invoke(["verify", "--local", "--json", *stack])


def test_up_local_outputs_verify_down_with_real_provider(
    aws339_stack: Path,
    aws339_mirror: Path,
    emulator: Emulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cwd = aws339_stack.parent
    stack = ["--stack", str(aws339_stack)]
    # A real-target state that a local run must never touch.
    real_state = cwd / ".streamctl" / "e2e" / "aws" / "kms" / "terraform.tfstate"
    real_state.parent.mkdir(parents=True)
    real_state.write_text('{"version": 4, "serial": 7, "lineage": "real-aws"}\n')

    first = json.loads(
        _ok(_streamctl(["up", "--local", "--yes", "--json", *stack], aws339_mirror, cwd))
    )
    assert first["target"] == "local"
    assert {layer["layer"]: layer["status"] for layer in first["layers"]} == {
        "kms": "applied",
        "network": "applied",
        "storage": "applied",
    }

    # The emulator outlived the command and is found through its files.
    status = emulator.status()
    assert status.running and status.endpoint is not None
    endpoint = status.endpoint

    flat = json.loads(_ok(_streamctl(["outputs", "--local", "--flat", *stack], aws339_mirror, cwd)))
    _assert_deployed(flat, endpoint)
    kms, ec2, s3 = (_client(s, endpoint) for s in ("kms", "ec2", "s3"))
    bucket = flat["static_assets_bucket_name"]

    second = json.loads(
        _ok(_streamctl(["up", "--local", "--yes", "--json", *stack], aws339_mirror, cwd))
    )
    assert {layer["status"] for layer in second["layers"]} == {"unchanged"}
    assert emulator.status().instance_id == status.instance_id

    # verify --local: what the stack promises holds on the emulator, until it does not.
    monkeypatch.setenv(MIRROR_ENV, str(aws339_mirror))
    report = _verify(stack)
    assert report.exit_code == 0, report.output
    checks = {c["name"]: c for c in json.loads(report.stdout)["checks"]}
    assert set(checks) == {
        "VPC CIDR",
        "private subnets across 3 AZs",
        f"bucket {bucket} versioned",
        f"bucket {bucket} encrypted",
        f"bucket {bucket} public access blocked",
        "KMS key rotation (s3)",
    }
    assert all(c["passed"] for c in checks.values())
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    broken = _verify(stack)
    assert broken.exit_code == 1
    failures = [c for c in json.loads(broken.stdout)["checks"] if not c["passed"]]
    assert failures == [
        {"name": f"bucket {bucket} versioned", "passed": False, "reason": "versioning Suspended"}
    ]

    _ok(_streamctl(["down", "--local", "--yes", *stack], aws339_mirror, cwd))
    assert s3.list_buckets()["Buckets"] == []
    assert ec2.describe_vpcs(Filters=[{"Name": "vpc-id", "Values": [flat["vpc_id"]]}])["Vpcs"] == []
    state = kms.describe_key(KeyId=flat["s3_kms_key_id"])["KeyMetadata"]["KeyState"]
    assert state == "PendingDeletion"

    # Local state isolation: the real-target namespace is untouched.
    assert real_state.read_text() == '{"version": 4, "serial": 7, "lineage": "real-aws"}\n'
    assert sorted(p.name for p in (cwd / ".streamctl" / "e2e" / "aws").rglob("*")) == [
        "kms",
        "terraform.tfstate",
    ]
