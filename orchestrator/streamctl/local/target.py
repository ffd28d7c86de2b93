"""The deployment target for an AWS emulator: its own state namespace and provider settings.

A local run uses the target name `local` (or `emulator-<host>-<port>` for
--endpoint-url), so its working data and state never mix with a real environment's.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from streamctl.console import err
from streamctl.deploy import Target
from streamctl.errors import UsageError
from streamctl.local.emulator import Emulator, emulator_dir
from streamctl.local.provider_override import aws_provider_block, provider_files
from streamctl.manifest import Stack
from streamctl.operations import LayerTerraform

LOCAL = "local"
DUMMY_ENV = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def _namespace(endpoint_url: str) -> str:
    parsed = urlparse(endpoint_url)
    if parsed.scheme not in {"http", "https"} or not parsed.hostname:
        raise UsageError(f"--endpoint-url '{endpoint_url}' is not an http(s) URL")
    return "emulator-" + re.sub(
        r"[^A-Za-z0-9]+", "-", f"{parsed.hostname}-{parsed.port or ''}"
    ).strip("-")


def _provider_block(lt: LayerTerraform) -> dict[str, Any]:
    """The selected AWS provider's config schema, cached per init of the working copy."""
    cache = lt.ws.root / "aws-provider-block.json"
    key = lt.ws.fingerprint_file.read_text() if lt.ws.fingerprint_file.is_file() else ""
    if cache.is_file():
        cached = json.loads(cache.read_text())
        if cached.get("key") == key:
            return dict(cached["block"])
    block = dict(aws_provider_block(lt.providers_schema()))
    cache.write_text(json.dumps({"key": key, "block": block}))
    return block


def _instance_file(stack: Stack) -> Path:
    return emulator_dir(stack.state_dir, stack.environment) / "applied-instance"


def _warn_if_restarted(stack: Stack, namespace: str, instance_id: str | None) -> None:
    recorded = _instance_file(stack)
    env_dir = stack.state_dir / stack.environment / namespace
    has_state = any(env_dir.glob("*/terraform.tfstate"))
    if has_state and recorded.is_file() and recorded.read_text().strip() != (instance_id or ""):
        err.print(
            "[yellow]warning:[/] the local emulator was restarted since the last local apply: "
            "the resources in the local state are gone. Run `streamctl local reset` "
            f"(--env {stack.environment}) to start again from an empty state."
        )


def local_target(stack: Stack, endpoint_url: str | None) -> Target:
    """Target the managed emulator (started when needed) or the given endpoint."""
    instance_id: str | None = None
    if endpoint_url:
        endpoint, namespace = endpoint_url.rstrip("/"), _namespace(endpoint_url)
    else:
        status = Emulator(emulator_dir(stack.state_dir, stack.environment)).ensure_running()
        assert status.endpoint is not None
        endpoint, namespace, instance_id = status.endpoint, LOCAL, status.instance_id
        _warn_if_restarted(stack, namespace, instance_id)
    region = stack.region or "us-east-1"

    def extra_files(lt: LayerTerraform) -> dict[str, Any]:
        block = _provider_block(lt)
        return dict(provider_files(lt.ws.workdir, block, endpoint, region=region))

    def on_applied() -> None:
        if instance_id:
            _instance_file(stack).write_text(instance_id)

    env = {**DUMMY_ENV, "AWS_REGION": region, "AWS_DEFAULT_REGION": region}
    return Target(name=namespace, env=env, extra_files=extra_files, on_applied=on_applied)
