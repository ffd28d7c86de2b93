"""Differences between two `terraform providers schema -json` documents for one provider.

Used to hold the schema-only plugin to the real provider: each difference is one line naming
the path where the two disagree (`resource_schemas.aws_vpc.block.attributes.cidr_block.type`).
A subtree present on one side only counts once, so an attribute modelled as a block counts
twice: the attribute missing, the block extra.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from streamctl.errors import OperationError
from streamctl.offline.mirror import OfflineProvider
from streamctl.offline.schema import PROVIDER_ADDRESS, PROVIDER_VERSION
from streamctl.offline.validate import OfflineRun
from streamctl.terraform.engine import Terraform
from streamctl.terraform.workcopy import LOCK_FILE

# Documentation only: Terraform never validates against these.
DOCUMENTATION_KEYS = frozenset({"description", "description_kind"})


def _walk(served: Any, real: Any, path: str, skip: frozenset[str]) -> Iterator[str]:
    if isinstance(served, dict) and isinstance(real, dict):
        for key in sorted(set(served) | set(real)):
            if key in skip:
                continue
            where = f"{path}.{key}" if path else key
            if key not in served:
                yield f"{where}: missing (the real provider has it)"
            elif key not in real:
                yield f"{where}: extra (the real provider has none)"
            else:
                yield from _walk(served[key], real[key], where, skip)
    elif served != real:
        yield f"{path}: {_short(served)} != real {_short(real)}"


def _short(value: Any) -> str:
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= 80 else text[:77] + "..."


def provider_entry(document: dict[str, Any], address: str) -> dict[str, Any]:
    """The provider's entry of a whole `providers schema -json` document."""
    entry: dict[str, Any] = document.get("provider_schemas", {}).get(address, {})
    return entry


def differences(
    served: dict[str, Any], real: dict[str, Any], documentation: bool = True
) -> list[str]:
    """Every path where two provider entries differ; `documentation=False` skips descriptions."""
    skip = frozenset() if documentation else DOCUMENTATION_KEYS
    return list(_walk(served, real, "", skip))


def digest(entry: dict[str, Any]) -> str:
    """sha256 of the entry's canonical JSON (sorted keys, no whitespace)."""
    canonical = json.dumps(entry, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(canonical).hexdigest()


REQUIRES_AWS = (
    "terraform {\n  required_providers {\n"
    f'    aws = {{ source = "hashicorp/aws", version = "{PROVIDER_VERSION}" }}\n'
    "  }\n}\n"
)


def terraform_schema(
    terraform: Terraform, provider: OfflineProvider, workdir: Path
) -> dict[str, Any]:
    """`terraform providers schema -json` of `provider`, in a root requiring only hashicorp/aws."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "main.tf").write_text(REQUIRES_AWS, encoding="utf-8")
    run = OfflineRun.start(terraform, workdir, workdir, workdir, provider)
    (workdir / LOCK_FILE).unlink(missing_ok=True)
    for args in (
        ("init", "-backend=false", "-input=false", "-no-color"),
        ("providers", "schema", "-json"),  # 40 MB of JSON: not for the log
    ):
        code, stdout, stderr = run.run(*args, log_stdout=args[0] == "init")
        if code != 0:
            raise OperationError(
                f"terraform {args[0]} for {provider.description} failed in {workdir}:\n"
                + (stderr or stdout).strip()
            )
    document: dict[str, Any] = json.loads(stdout)
    return document


def canonical_gzip(document: dict[str, Any]) -> bytes:
    """The bytes we ship: sorted keys, no whitespace, no gzip timestamp (reproducible)."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    return gzip.compress(text, compresslevel=9, mtime=0)


def aws_entry(document: dict[str, Any]) -> dict[str, Any]:
    return provider_entry(document, PROVIDER_ADDRESS)
