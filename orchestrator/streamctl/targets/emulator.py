"""The deployment target for local mode: an emulator endpoint and the files that use it.

Local runs live in their own namespace (``<state_dir>/<env>/local``, or
``emulator-<host>-<port>`` for --endpoint-url) with the local backend, so they never
read or write the state of a real AWS environment nor of another emulator.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import socket
from typing import Any
from urllib.parse import urlparse

from streamctl.cli.console import err
from streamctl.deploy.flows import Target
from streamctl.errors import OperationError, UsageError
from streamctl.manifest import Stack
from streamctl.targets.moto_server import Emulator, EmulatorStatus, emulator_dir
from streamctl.targets.provider_override import AWS_PROVIDER, aws_provider_block, provider_files
from streamctl.terraform.layer import LayerTerraform

TARGET_NAME = "local"
SCHEMA_CACHE = "aws-provider-schema.json"  # per layer, keyed by the lock file
APPLIED_MARKER = "emulator-applied.json"  # instance id of the emulator last applied to
# Layer working data that describes emulated resources; dropped by `local reset`.
LOCAL_STATE_FILES = ("terraform.tfstate", "terraform.tfstate.backup", "plan.tfplan")

# Dummy credentials in the environment as well, so nothing in a local run (provider,
# data sources, helper scripts) can pick up a user's real AWS credentials.
LOCAL_ENV = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def stack_emulator(stack: Stack) -> Emulator:
    """The emulator that belongs to a stack environment (beside its local working data)."""
    return Emulator(emulator_dir(stack.state_dir, stack.environment))


def check_endpoint(url: str) -> str:
    """An http(s) URL where something accepts connections (LocalStack, a remote moto)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise UsageError(
            f"--endpoint-url '{url}' is not an http(s) URL; give e.g. http://127.0.0.1:4566"
        )
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        with socket.create_connection((parsed.hostname, port), timeout=5):
            pass
    except OSError as exc:
        raise OperationError(
            f"nothing answers at --endpoint-url {url} ({exc}); start the emulator there, "
            "or use --local for streamctl's own"
        ) from exc
    return url.rstrip("/")


def endpoint_namespace(url: str) -> str:
    """State namespace of another emulator: its state must not mix with the local one's."""
    parsed = urlparse(url)
    where = f"{parsed.hostname}-{parsed.port or ''}"
    return "emulator-" + re.sub(r"[^A-Za-z0-9]+", "-", where).strip("-")


def restarted_since_apply(stack: Stack, status: EmulatorStatus) -> bool:
    """True when local state exists but was applied to an emulator instance now gone."""
    marker = emulator_dir(stack.state_dir, stack.environment) / APPLIED_MARKER
    try:
        applied = json.loads(marker.read_text(encoding="utf-8")).get("instance_id")
    except (OSError, ValueError, AttributeError):
        return False
    return applied is not None and applied != status.instance_id and _has_local_state(stack)


def _has_local_state(stack: Stack) -> bool:
    root = emulator_dir(stack.state_dir, stack.environment)
    return any((root / name / "terraform.tfstate").is_file() for name in stack.layers)


def reset_local_state(stack: Stack) -> list[str]:
    """Forget local Terraform state of every layer (after the emulator lost its resources)."""
    root = emulator_dir(stack.state_dir, stack.environment)
    cleared: list[str] = []
    for name in stack.layers:
        layer_dir = root / name
        found = [layer_dir / f for f in LOCAL_STATE_FILES if (layer_dir / f).is_file()]
        for path in found:
            path.unlink()
        if found:
            cleared.append(name)
    (root / APPLIED_MARKER).unlink(missing_ok=True)
    return cleared


def _aws_provider_block(lt: LayerTerraform) -> dict[str, Any] | None:
    """The selected AWS provider's config schema (None: the layer does not use it).

    Cached per layer against the dependency lock file, which pins the selected
    provider version: asking Terraform starts the provider, a second or more each time.
    """
    lock = lt.ws.workdir / ".terraform.lock.hcl"
    cache = lt.ws.root / SCHEMA_CACHE
    lock_hash = hashlib.sha256(lock.read_bytes()).hexdigest() if lock.is_file() else None
    if lock_hash is not None and cache.is_file():
        with contextlib.suppress(OSError, ValueError):
            cached = json.loads(cache.read_text(encoding="utf-8"))
            if cached.get("lock_sha256") == lock_hash:
                block: dict[str, Any] | None = cached.get("block")
                return block
    result = lt.terraform.run(
        ["providers", "schema", "-json"], cwd=lt.ws.workdir, env=lt.env, on_line=None
    )
    if result.returncode != 0:
        raise OperationError(
            f"terraform providers schema failed in {lt.ws.workdir}:\n{result.stderr.strip()}"
        )
    schema = json.loads(result.stdout or "{}")
    found = (
        dict(aws_provider_block(schema))
        if AWS_PROVIDER in schema.get("provider_schemas", {})
        else None
    )
    if lock_hash is not None:
        cache.write_text(json.dumps({"lock_sha256": lock_hash, "block": found}), encoding="utf-8")
    return found


def _provider_files(lt: LayerTerraform, endpoint: str, region: str | None) -> dict[str, Any]:
    # Asked after init, so argument names fit the provider version Terraform selected.
    block = _aws_provider_block(lt)
    if block is None:
        return {}
    return dict(provider_files(lt.ws.workdir, block, endpoint, region=region))


def local_target(stack: Stack, endpoint_url: str | None = None) -> Target:
    """Target the stack's own emulator (started when needed) or another one by URL."""
    name = TARGET_NAME
    if endpoint_url:
        endpoint = check_endpoint(endpoint_url)
        name = endpoint_namespace(endpoint)
        on_applied = None
    else:
        emulator = stack_emulator(stack)
        status = emulator.ensure_running()
        if status.endpoint is None:  # ensure_running raises when it cannot start
            raise OperationError(f"The AWS emulator did not start; see {emulator.log_path}")
        endpoint = status.endpoint
        if restarted_since_apply(stack, status):
            err.print(
                "[yellow]warning:[/] the AWS emulator was restarted since the last local "
                "apply, so the resources in the local state are gone. Run "
                "`streamctl local reset` to start again from an empty emulator and state.",
                highlight=False,
            )
        marker = emulator.directory / APPLIED_MARKER
        applied = {"instance_id": status.instance_id, "endpoint": endpoint}

        def on_applied() -> None:
            marker.write_text(json.dumps(applied) + "\n", encoding="utf-8")

    def extra_files(lt: LayerTerraform) -> dict[str, Any]:
        return _provider_files(lt, endpoint, stack.region)

    return Target(
        name=name,
        emulated=True,
        env={**LOCAL_ENV, "AWS_ENDPOINT_URL": endpoint},
        extra_files=extra_files,
        on_applied=on_applied,
    )
