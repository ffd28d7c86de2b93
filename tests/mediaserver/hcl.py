"""Reading the media server's HCL with python-hcl2: plain values, resources by address."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import hcl2

REPO = Path(__file__).resolve().parents[2]
LIVE = REPO / "live" / "mediaserver"
MODULES = REPO / "modules"
# Dependency order of the stack manifest; the guide's phases in the order they come.
LAYERS = (
    "network",
    "security",
    "storage",
    "config",
    "monitoring",
    "iam",
    "registry",
    "alb",
    "ecs",
    "autoscaling",
)
MODULE_NAMES = (
    "service-security",
    "media-bucket",
    "s3-bucket",  # shared with the platform's storage module
    "ecr",
    "ecs-iam",
    "ssm-config",
    "alb",
    "ecs-service",
    "app-autoscaling",
    "service-monitoring",
)


def clean(value: Any) -> Any:
    """Drop python-hcl2's bookkeeping keys and the quotes it keeps on string literals."""
    if isinstance(value, str):
        return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value
    if isinstance(value, list):
        return [clean(item) for item in value]
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items() if not str(k).startswith("__")}
    return value


@functools.cache
def parse(directory: Path) -> tuple[dict[str, Any], ...]:
    docs = []
    for path in sorted(directory.glob("*.tf")):
        with path.open(encoding="utf-8") as handle:
            docs.append(clean(hcl2.load(handle)))
    return tuple(docs)


def blocks(directory: Path, kind: str) -> dict[str, Any]:
    """name -> body of the `kind` blocks (variable, output, module, locals merged)."""
    found: dict[str, Any] = {}
    for doc in parse(directory):
        for entry in doc.get(kind, []):
            found |= entry
    return found


def typed(directory: Path, kind: str) -> dict[str, dict[str, Any]]:
    """'type.name' -> body of every resource/data/ephemeral block of a directory."""
    found: dict[str, dict[str, Any]] = {}
    for doc in parse(directory):
        for entry in doc.get(kind, []):
            for type_name, named in entry.items():
                found |= {f"{type_name}.{name}": body for name, body in named.items()}
    return found


def resource(module: str, address: str) -> dict[str, Any]:
    return typed(MODULES / module, "resource")[address]


def default(module: str, variable: str) -> Any:
    return blocks(MODULES / module, "variable")[variable]["default"]


def text(directory: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.tf")))
