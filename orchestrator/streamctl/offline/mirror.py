"""A filesystem mirror holding the schema-only AWS plugin, and the CLI config that uses it.

Layout (Terraform's "unpacked" mirror layout):
    <root>/mirror/registry.terraform.io/hashicorp/aws/5.100.0/<os>_<arch>/
        terraform-provider-aws_v5.100.0_x5     a launcher script: this Python runs the plugin
    <root>/schema-<hash>.pb                    the serialized schema response (fast start)
    <root>/terraformrc                         the private CLI config, given only to our runs

The launcher names `sys.executable`, so a mirror belongs to one Python environment; it is
rewritten on every `prepare_mirror` call, which costs a few small file writes.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

import streamctl
from streamctl.files import write_atomic
from streamctl.offline.schema import (
    PROVIDER_ADDRESS,
    PROVIDER_VERSION,
    RESPONSE_FORMAT,
    schema_bytes,
    serialized_response,
)
from streamctl.terraform.providers import current_platform


@dataclass(frozen=True)
class OfflineProvider:
    """Where the offline provider lives and the environment that makes Terraform use it."""

    root: Path
    mirror: Path
    cli_config: Path
    plugin: Path
    description: str = f"streamctl's schema-only hashicorp/aws {PROVIDER_VERSION} plugin"
    real: bool = False

    def env(self) -> dict[str, str]:
        return {
            "TF_CLI_CONFIG_FILE": str(self.cli_config),
            # A user's plugin cache may hold another aws build: keep it out of offline runs.
            "TF_PLUGIN_CACHE_DIR": "",
            "CHECKPOINT_DISABLE": "1",
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
        }


def write_if_changed(path: Path, text: str, mode: int = 0o644) -> None:
    if not (path.is_file() and path.read_text(encoding="utf-8") == text):
        write_atomic(path, text, mode)


def cli_config_text(mirror: Path) -> str:
    """hashicorp/aws from `mirror` only; other providers from their registries."""
    address = PROVIDER_ADDRESS
    return (
        f"# Written by streamctl: offline runs take hashicorp/aws from {mirror.as_posix()}.\n"
        "provider_installation {\n"
        "  filesystem_mirror {\n"
        f'    path    = "{mirror.as_posix()}"\n'
        f'    include = ["{address}"]\n'
        "  }\n"
        "  direct {\n"
        f'    exclude = ["{address}"]\n'
        "  }\n"
        "}\n"
    )


def _ensure_tls(pem_file: Path) -> None:
    """A loopback-only key pair shared by this mirror's plugin starts; renewed before expiry.

    The plugin serves nothing secret (a public schema), and the file is private (0600).
    """
    from cryptography import x509

    if pem_file.is_file():
        text = pem_file.read_bytes()
        cert = x509.load_pem_x509_certificate(text[text.index(b"-----BEGIN CERTIFICATE-----") :])
        remaining = cert.not_valid_after_utc - datetime.datetime.now(datetime.UTC)
        if remaining > datetime.timedelta(days=7):
            return
    from streamctl.offline.plugin import self_signed_certificate  # grpc: slow to import

    key_pem, cert_pem, _der = self_signed_certificate()
    write_atomic(pem_file, key_pem + cert_pem)


def prepare_mirror(root: Path) -> OfflineProvider:
    """Create or refresh the mirror, schema cache and CLI config under `root`."""
    root = root.resolve()
    digest = hashlib.sha256(schema_bytes() + RESPONSE_FORMAT.encode()).hexdigest()[:16]
    cache = root / f"schema-{digest}.pb"
    serialized_response(cache)  # build once here, so every plugin start just reads bytes
    mirror = root / "mirror"
    plugin_dir = mirror / PROVIDER_ADDRESS / PROVIDER_VERSION / current_platform()
    plugin = plugin_dir / f"terraform-provider-aws_v{PROVIDER_VERSION}_x5"
    tls_pem = root / "plugin-tls.pem"
    _ensure_tls(tls_pem)
    package_parent = Path(streamctl.__file__).resolve().parent.parent
    launcher = (
        "#!/bin/sh\n"
        "# streamctl's schema-only hashicorp/aws plugin (offline validation only).\n"
        f"PYTHONPATH={shlex.quote(str(package_parent))}${{PYTHONPATH:+:$PYTHONPATH}}\n"
        "export PYTHONPATH\n"
        f"exec {shlex.quote(sys.executable)} -m streamctl.offline.plugin "
        f"--schema-cache {shlex.quote(str(cache))} --tls-pem {shlex.quote(str(tls_pem))} "
        '"$@"\n'
    )
    write_if_changed(plugin, launcher, mode=0o755)
    cli_config = root / "terraformrc"
    write_if_changed(cli_config, cli_config_text(mirror))
    for stale in root.glob("schema-*.pb"):
        if stale != cache:
            stale.unlink(missing_ok=True)
    os.chmod(plugin, 0o755)
    return OfflineProvider(root=root, mirror=mirror, cli_config=cli_config, plugin=plugin)
