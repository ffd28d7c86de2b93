"""The S3 state bucket (created idempotently) and each layer's S3 backend settings.

The optional ``[stack.backend]`` manifest table switches layers from the local backend
to S3 (see this package's README.md for its keys).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from streamctl.errors import ConfigError, OperationError, UsageError

# botocore is imported where a bucket is set up, not here: every deploy command reads
# the backend settings, and importing botocore costs a CLI start a noticeable fraction.
if TYPE_CHECKING:
    from botocore.exceptions import ClientError
    from types_boto3_s3.client import S3Client
    from types_boto3_s3.literals import BucketLocationConstraintType
    from types_boto3_s3.type_defs import (
        PublicAccessBlockConfigurationTypeDef,
        ServerSideEncryptionRuleTypeDef,
    )

    from streamctl.manifest import Stack

BACKEND_KEYS = {"bucket", "region", "kms_key_id", "key_prefix"}
LOCKFILE_MIN_VERSION = (1, 10, 0)
TLS_ONLY_SID = "DenyInsecureTransport"


@dataclass(frozen=True)
class BackendSettings:
    """The ``[stack.backend]`` table, checked."""

    bucket: str
    region: str
    kms_key_id: str | None = None
    key_prefix: str | None = None

    def state_key(self, environment: str, layer: str) -> str:
        key = f"{environment}/{layer}/terraform.tfstate"
        prefix = (self.key_prefix or "").strip("/")
        return f"{prefix}/{key}" if prefix else key

    def backend_block(self, environment: str, layer: str) -> dict[str, Any]:
        """The ``backend`` block of one layer: ``{"s3": {...}}`` for a backend override file."""
        s3: dict[str, Any] = {
            "bucket": self.bucket,
            "key": self.state_key(environment, layer),
            "region": self.region,
            "encrypt": True,
            "use_lockfile": True,  # S3-native locking; no DynamoDB table
        }
        if self.kms_key_id:
            s3["kms_key_id"] = self.kms_key_id
        return {"s3": s3}


@dataclass(frozen=True)
class BootstrapStep:
    """One setting of the state bucket and whether this run had to change it."""

    name: str
    changed: bool
    detail: str


def parse_backend(
    table: Mapping[str, object], *, default_region: str | None = None, where: str = "manifest"
) -> BackendSettings:
    """Check a ``[stack.backend]`` table; errors name the key and say what is expected."""
    unknown = sorted(set(table) - BACKEND_KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: [stack.backend] has unknown key(s) {', '.join(unknown)}; "
            f"known keys: {', '.join(sorted(BACKEND_KEYS))}"
        )
    values: dict[str, str] = {}
    for key in BACKEND_KEYS & set(table):
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: [stack.backend] {key} must be a non-empty string")
        values[key] = value.strip()
    if "bucket" not in values:
        raise ConfigError(f'{where}: [stack.backend] needs bucket = "<state bucket name>"')
    region = values.get("region") or default_region
    if not region:
        raise ConfigError(f"{where}: [stack.backend] needs region (or set region in [stack])")
    return BackendSettings(
        bucket=values["bucket"],
        region=region,
        kms_key_id=values.get("kms_key_id"),
        key_prefix=values.get("key_prefix"),
    )


def stack_backend(stack: Stack) -> BackendSettings | None:
    """The stack's remote backend, or None for the default local backend."""
    if stack.backend is None:
        return None
    return parse_backend(stack.backend, default_region=stack.region, where=str(stack.manifest_path))


def check_backend_support(version: tuple[int, int, int]) -> None:
    """S3 ``use_lockfile`` locking needs Terraform >= 1.10."""
    if tuple(version) < LOCKFILE_MIN_VERSION:
        found = ".".join(str(part) for part in version)
        raise UsageError(
            f"[stack.backend] uses S3 state locking (use_lockfile), which needs Terraform "
            f">= 1.10; found {found}. Upgrade Terraform, or use the embedded engine "
            "(--terraform embedded), or remove [stack.backend] to keep the local backend."
        )


def tls_only_policy(bucket: str) -> dict[str, Any]:
    """A bucket policy refusing every request not made over TLS."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": TLS_ONLY_SID,
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }


def _encryption_rule(settings: BackendSettings) -> ServerSideEncryptionRuleTypeDef:
    if settings.kms_key_id:
        return {
            "ApplyServerSideEncryptionByDefault": {
                "SSEAlgorithm": "aws:kms",
                "KMSMasterKeyID": settings.kms_key_id,
            },
            "BucketKeyEnabled": True,
        }
    return {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class _Bucket:
    """Read-compare-write of each bucket setting, so reruns report what they changed."""

    def __init__(self, s3: S3Client, settings: BackendSettings) -> None:
        self.s3 = s3
        self.settings = settings
        self.name = settings.bucket

    def exists(self) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.s3.head_bucket(Bucket=self.name)
        except ClientError as exc:
            if _code(exc) in ("404", "NoSuchBucket", "NotFound"):
                return False
            if _code(exc) in ("403", "AccessDenied"):
                raise OperationError(
                    f"state bucket '{self.name}' exists but these credentials cannot use it "
                    "(owned by another account?); choose another [stack.backend] bucket"
                ) from exc
            raise
        return True

    def create(self) -> BootstrapStep:
        from botocore.exceptions import ClientError

        if self.exists():
            return BootstrapStep("bucket", False, f"{self.name} exists")
        try:
            if self.settings.region == "us-east-1":
                self.s3.create_bucket(Bucket=self.name)
            else:
                self.s3.create_bucket(
                    Bucket=self.name,
                    CreateBucketConfiguration={
                        "LocationConstraint": cast(
                            "BucketLocationConstraintType", self.settings.region
                        )
                    },
                )
        except ClientError as exc:
            if _code(exc) == "BucketAlreadyExists":
                raise OperationError(
                    f"the bucket name '{self.name}' is taken by another account; "
                    "choose another [stack.backend] bucket"
                ) from exc
            if _code(exc) != "BucketAlreadyOwnedByYou":
                raise
        return BootstrapStep("bucket", True, f"created {self.name} in {self.settings.region}")

    def versioning(self) -> BootstrapStep:
        if self.s3.get_bucket_versioning(Bucket=self.name).get("Status") == "Enabled":
            return BootstrapStep("versioning", False, "enabled")
        self.s3.put_bucket_versioning(
            Bucket=self.name, VersioningConfiguration={"Status": "Enabled"}
        )
        return BootstrapStep("versioning", True, "enabled")

    def encryption(self) -> BootstrapStep:
        from botocore.exceptions import ClientError

        wanted = _encryption_rule(self.settings)
        algorithm = wanted["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"]
        try:
            rules = self.s3.get_bucket_encryption(Bucket=self.name)[
                "ServerSideEncryptionConfiguration"
            ]["Rules"]
        except ClientError as exc:
            if _code(exc) != "ServerSideEncryptionConfigurationNotFoundError":
                raise
            rules = []
        current = [dict(r.get("ApplyServerSideEncryptionByDefault", {})) for r in rules]
        if current == [wanted["ApplyServerSideEncryptionByDefault"]]:
            return BootstrapStep("encryption", False, algorithm)
        self.s3.put_bucket_encryption(
            Bucket=self.name,
            ServerSideEncryptionConfiguration={"Rules": [wanted]},
        )
        return BootstrapStep("encryption", True, algorithm)

    def public_access_block(self) -> BootstrapStep:
        from botocore.exceptions import ClientError

        wanted: PublicAccessBlockConfigurationTypeDef = {
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        }
        try:
            current = dict(
                self.s3.get_public_access_block(Bucket=self.name)["PublicAccessBlockConfiguration"]
            )
        except ClientError as exc:
            if _code(exc) != "NoSuchPublicAccessBlockConfiguration":
                raise
            current = {}
        if current == wanted:
            return BootstrapStep("public access block", False, "all four settings on")
        self.s3.put_public_access_block(
            Bucket=self.name,
            PublicAccessBlockConfiguration=wanted,
        )
        return BootstrapStep("public access block", True, "all four settings on")

    def tls_only(self) -> BootstrapStep:
        from botocore.exceptions import ClientError

        wanted = tls_only_policy(self.name)
        try:
            current = json.loads(self.s3.get_bucket_policy(Bucket=self.name)["Policy"])
        except ClientError as exc:
            if _code(exc) != "NoSuchBucketPolicy":
                raise
            current = None
        if current == wanted:
            return BootstrapStep("TLS-only policy", False, "denies requests without TLS")
        if current is not None:
            raise OperationError(
                f"state bucket '{self.name}' already has a bucket policy that streamctl "
                "did not write; add a statement denying aws:SecureTransport=false yourself "
                "or remove the policy, then run bootstrap again"
            )
        self.s3.put_bucket_policy(Bucket=self.name, Policy=json.dumps(wanted))
        return BootstrapStep("TLS-only policy", True, "denies requests without TLS")


def ensure_state_bucket(s3: S3Client, settings: BackendSettings) -> list[BootstrapStep]:
    """Create or bring the state bucket to the required settings; safe to run again."""
    from botocore.exceptions import BotoCoreError, ClientError

    bucket = _Bucket(s3, settings)
    try:
        return [
            bucket.create(),
            bucket.versioning(),
            bucket.encryption(),
            bucket.public_access_block(),
            bucket.tls_only(),
        ]
    except ClientError as exc:
        raise OperationError(f"setting up state bucket '{settings.bucket}' failed: {exc}") from exc
    except BotoCoreError as exc:
        raise OperationError(
            f"cannot reach S3 for state bucket '{settings.bucket}': {exc}; "
            "check your AWS credentials and region"
        ) from exc
