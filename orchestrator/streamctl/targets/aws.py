"""The real-AWS deployment target: local backend by default, S3 with [stack.backend]."""

from __future__ import annotations

from streamctl.aws.state_bucket import check_backend_support, layer_backend
from streamctl.deploy.flows import Target
from streamctl.manifest import Stack
from streamctl.terraform.engine import Terraform


def aws_target(stack: Stack, terraform: Terraform | None = None) -> Target:
    """Target real AWS; with [stack.backend] each layer gets its S3 backend override.

    Given the engine, refuses early (UsageError) when it is too old for S3 locking.
    """
    backend = layer_backend(stack)
    if backend is not None and terraform is not None:
        check_backend_support(terraform.version)
    return Target(backend=backend)
