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
import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

from streamctl.aws.clients import DUMMY_CREDENTIAL
from streamctl.errors import OperationError, UsageError
from streamctl.manifest import Layer, Stack
from streamctl.targets.moto_server import Emulator, EmulatorStatus, emulator_dir
from streamctl.targets.provider_override import AWS_PROVIDER, aws_provider_block, provider_files
from streamctl.targets.target import PreparedLayer

TARGET_NAME = "local"
SCHEMA_CACHE = "aws-provider-schema.json"  # per layer, keyed by the lock file
APPLIED_MARKER = "emulator-applied.json"  # instance id of the emulator last applied to
# Layer working data that describes emulated resources; dropped by `local reset`.
LOCAL_STATE_FILES = ("terraform.tfstate", "terraform.tfstate.backup", "plan.tfplan")

# Dummy credentials in the environment as well, so nothing in a local run (provider,
# data sources, helper scripts) can pick up a user's real AWS credentials.
LOCAL_ENV = {
    "AWS_ACCESS_KEY_ID": DUMMY_CREDENTIAL,
    "AWS_SECRET_ACCESS_KEY": DUMMY_CREDENTIAL,
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


class _ProviderBlocks:
    """The selected AWS provider's config schema per layer (None: the layer does not use it).

    Cached per layer against the dependency lock file, which pins the selected provider
    version: asking Terraform starts the provider, a second or more each time. Within a
    run, layers with the same lock file share one answer, asked once: its JSON is
    megabytes, and layers that prepare at once would each hold it.
    """

    def __init__(self) -> None:
        self._by_lock: dict[str, dict[str, Any] | None] = {}
        self._asking = threading.Lock()

    def __call__(self, layer: PreparedLayer) -> dict[str, Any] | None:
        lock = layer.workdir / ".terraform.lock.hcl"
        cache = layer.data_dir / SCHEMA_CACHE
        lock_hash = hashlib.sha256(lock.read_bytes()).hexdigest() if lock.is_file() else None
        if lock_hash is not None and cache.is_file():
            with contextlib.suppress(OSError, ValueError):
                cached = json.loads(cache.read_text(encoding="utf-8"))
                if cached.get("lock_sha256") == lock_hash:
                    block: dict[str, Any] | None = cached.get("block")
                    return block
        with self._asking:
            if lock_hash is not None and lock_hash in self._by_lock:
                found = self._by_lock[lock_hash]
            else:
                schema = layer.providers_schema()
                found = (
                    dict(aws_provider_block(schema))
                    if AWS_PROVIDER in schema.get("provider_schemas", {})
                    else None
                )
                if lock_hash is not None:
                    self._by_lock[lock_hash] = found
        if lock_hash is not None:
            document = {"lock_sha256": lock_hash, "block": found}
            cache.write_text(json.dumps(document), encoding="utf-8")
        return found


class EmulatorTarget:
    """An AWS emulator: the stack's own moto server (``local``) or one at a given URL.

    `endpoint` is known without starting anything when the emulator runs; `start()`
    starts the stack's own emulator when needed, or checks that the URL answers.
    """

    emulated = True

    def __init__(self, stack: Stack, endpoint_url: str | None = None) -> None:
        self.stack = stack
        self.url = endpoint_url
        self.emulator = None if endpoint_url else stack_emulator(stack)
        self.name = endpoint_namespace(endpoint_url) if endpoint_url else TARGET_NAME
        self.status: EmulatorStatus | None = None
        self._provider_blocks = _ProviderBlocks()
        self.endpoint: str | None = endpoint_url.rstrip("/") if endpoint_url else None
        if self.emulator is not None:
            self.status = self.emulator.status()
            self.endpoint = self.status.endpoint if self.status.running else None

    @property
    def env(self) -> dict[str, str]:
        endpoint = {"AWS_ENDPOINT_URL": self.endpoint} if self.endpoint else {}
        return {**LOCAL_ENV, **endpoint}

    def start(self) -> None:
        if self.emulator is None:
            self.endpoint = check_endpoint(self.url or "")
            return
        self.status = self.emulator.ensure_running()
        if self.status.endpoint is None:  # ensure_running raises when it cannot start
            raise OperationError(f"The AWS emulator did not start; see {self.emulator.log_path}")
        self.endpoint = self.status.endpoint

    def notices(self) -> list[str]:
        status = self.status
        if status is None or not status.running or not restarted_since_apply(self.stack, status):
            return []
        return [
            "the AWS emulator was restarted since the last local apply, so the resources in "
            "the local state are gone. Run `streamctl local reset` to start again from an "
            "empty emulator and state."
        ]

    def backend(self, layer: Layer) -> Mapping[str, Any] | None:
        return None  # local state in the emulator's namespace, never a real backend

    def provider_files(self, layer: PreparedLayer) -> Mapping[str, Any]:
        # Asked after init, so argument names fit the provider version Terraform selected.
        # No endpoint (a read-only command, emulator stopped): state is read without them.
        if self.endpoint is None:
            return {}
        block = self._provider_blocks(layer)
        if block is None:
            return {}
        return provider_files(layer.workdir, block, self.endpoint, region=self.stack.region)

    def health(self) -> str | None:
        """Once started: None while the stack's emulator runs, else that it died."""
        if self.emulator is None or self.status is None or not self.status.running:
            return None  # another emulator by URL, or ours was never started by this run
        if self.emulator.status().running:
            return None
        return (
            f"the local AWS emulator (pid {self.status.pid}) is not running any more: see "
            f"its log {self.emulator.log_path}. `streamctl local start` starts a new, empty "
            "one; its resources are gone, so `streamctl local reset` the local state too."
        )

    def applied(self) -> None:
        if self.emulator is None or self.status is None:
            return
        marker = self.emulator.directory / APPLIED_MARKER
        applied = {"instance_id": self.status.instance_id, "endpoint": self.endpoint}
        marker.write_text(json.dumps(applied) + "\n", encoding="utf-8")
