"""The state bucket against moto, and the generated S3 backend settings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

import boto3
import pytest
from moto import mock_aws

from streamctl.aws.state_bucket import (
    BackendSettings,
    check_backend_support,
    ensure_state_bucket,
    parse_backend,
    tls_only_policy,
)
from streamctl.errors import ConfigError, OperationError, UsageError

if TYPE_CHECKING:
    from types_boto3_s3.client import S3Client

REGION: Final = "us-west-2"


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[S3Client]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "test")
    with mock_aws():
        yield boto3.client("s3", region_name=REGION)


def _assert_hardened(s3: S3Client, bucket: str, algorithm: str) -> None:
    assert s3.get_bucket_location(Bucket=bucket)["LocationConstraint"] == REGION
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    (rule,) = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == algorithm
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert block == {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    }
    policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    (statement,) = policy["Statement"]
    assert statement["Effect"] == "Deny"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert f"arn:aws:s3:::{bucket}/*" in statement["Resource"]


def test_bootstrap_twice_is_idempotent_with_aes256(s3: S3Client) -> None:
    settings = BackendSettings(bucket="tf-state", region=REGION)
    first = ensure_state_bucket(s3, settings)
    assert [step.name for step in first] == [
        "bucket",
        "versioning",
        "encryption",
        "public access block",
        "TLS-only policy",
    ]
    assert all(step.changed for step in first)
    _assert_hardened(s3, "tf-state", "AES256")
    second = ensure_state_bucket(s3, settings)
    assert not any(step.changed for step in second)
    _assert_hardened(s3, "tf-state", "AES256")
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["tf-state"]


def test_bootstrap_with_kms_key(s3: S3Client) -> None:
    key_id = boto3.client("kms", region_name=REGION).create_key()["KeyMetadata"]["KeyId"]
    ensure_state_bucket(s3, BackendSettings(bucket="tf-state", region=REGION, kms_key_id=key_id))
    _assert_hardened(s3, "tf-state", "aws:kms")
    (rule,) = s3.get_bucket_encryption(Bucket="tf-state")["ServerSideEncryptionConfiguration"][
        "Rules"
    ]
    assert rule["ApplyServerSideEncryptionByDefault"]["KMSMasterKeyID"] == key_id
    assert rule["BucketKeyEnabled"] is True


def test_bootstrap_repairs_a_drifted_bucket(s3: S3Client) -> None:
    settings = BackendSettings(bucket="tf-state", region=REGION)
    ensure_state_bucket(s3, settings)
    s3.put_bucket_versioning(Bucket="tf-state", VersioningConfiguration={"Status": "Suspended"})
    s3.delete_public_access_block(Bucket="tf-state")
    steps = {step.name: step.changed for step in ensure_state_bucket(s3, settings)}
    assert steps == {
        "bucket": False,
        "versioning": True,
        "encryption": False,
        "public access block": True,
        "TLS-only policy": False,
    }
    _assert_hardened(s3, "tf-state", "AES256")


def test_foreign_bucket_policy_is_not_overwritten(s3: S3Client) -> None:
    s3.create_bucket(Bucket="tf-state", CreateBucketConfiguration={"LocationConstraint": REGION})
    foreign = tls_only_policy("tf-state")
    foreign["Statement"][0]["Sid"] = "SomeoneElses"
    s3.put_bucket_policy(Bucket="tf-state", Policy=json.dumps(foreign))
    with pytest.raises(OperationError, match="bucket policy"):
        ensure_state_bucket(s3, BackendSettings(bucket="tf-state", region=REGION))


def test_backend_block_for_a_layer() -> None:
    settings = parse_backend({"bucket": "tf-state", "region": "us-west-2"})
    assert settings.backend_block("dev", "network") == {
        "s3": {
            "bucket": "tf-state",
            "key": "dev/network/terraform.tfstate",
            "region": "us-west-2",
            "encrypt": True,
            "use_lockfile": True,
        }
    }


def test_backend_block_with_prefix_kms_and_stack_region() -> None:
    table = {"bucket": "tf-state", "key_prefix": "/streaming/", "kms_key_id": "alias/state"}
    settings = parse_backend(table, default_region="eu-west-1")
    config = settings.backend_block("prod", "database")["s3"]
    assert config["key"] == "streaming/prod/database/terraform.tfstate"
    assert config["region"] == "eu-west-1"
    assert config["kms_key_id"] == "alias/state"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"region": "us-west-2"}, "needs bucket"),
        ({"bucket": "b"}, "needs region"),
        ({"bucket": "b", "region": "r", "dynamodb_table": "t"}, "unknown key.*dynamodb_table"),
        ({"bucket": 3, "region": "r"}, "bucket must be a non-empty string"),
    ],
)
def test_bad_backend_tables_name_the_key(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_backend(table, where="live/dev/stack.toml")


def test_use_lockfile_needs_terraform_1_10() -> None:
    check_backend_support((1, 10, 0))
    check_backend_support((1, 15, 5))
    with pytest.raises(UsageError, match=r">= 1.10; found 1.9.8"):
        check_backend_support((1, 9, 8))
