"""The real-AWS deployment target: local backend by default, S3 with [stack.backend]."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from streamctl.aws.state_bucket import BackendSettings, check_backend_support, stack_backend
from streamctl.manifest import Layer, Stack
from streamctl.targets.target import PreparedLayer
from streamctl.terraform.engine import Terraform


@dataclass(frozen=True)
class AwsTarget:
    """AWS itself, with the user's credentials; each layer's state in S3 when configured."""

    environment: str = ""
    state_bucket: BackendSettings | None = None
    name: str = "aws"
    endpoint: str | None = None
    emulated: bool = False
    env: Mapping[str, str] = field(default_factory=dict)

    def start(self) -> None:
        return None

    def notices(self) -> list[str]:
        return []

    def backend(self, layer: Layer) -> Mapping[str, Any] | None:
        if self.state_bucket is None:
            return None
        return self.state_bucket.backend_block(self.environment, layer.name)

    def provider_files(self, layer: PreparedLayer) -> Mapping[str, Any]:
        return {}

    def health(self) -> str | None:
        return None  # AWS itself: nothing of ours to die

    def applied(self) -> None:
        return None


def aws_target(stack: Stack, terraform: Terraform | None = None) -> AwsTarget:
    """Target real AWS; with [stack.backend] each layer gets its S3 backend override.

    Given the engine, refuses early (UsageError) when it is too old for S3 locking.
    """
    settings = stack_backend(stack)
    if settings is not None and terraform is not None:
        check_backend_support(terraform.version)
    return AwsTarget(stack.environment, settings)
