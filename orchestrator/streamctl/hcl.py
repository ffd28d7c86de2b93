"""Read the interface of a Terraform root module: its variables and outputs.

Only `variable` and `output` blocks matter to the manifest checks, so this reads the
.tf and .tf.json files of one directory with python-hcl2 and keeps those two.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hcl2

from streamctl.errors import ConfigError


@dataclass(frozen=True)
class Variable:
    name: str
    required: bool
    sensitive: bool
    kind: str | None = None  # outer type constructor: string, number, list, map, ... or None


def _type_kind(declared: Any) -> str | None:
    """`list(string)` -> "list"; None when no type is declared (any value fits)."""
    if not isinstance(declared, str):
        return None
    text = declared.removeprefix("${").removesuffix("}").strip()
    match = re.match(r"[a-z]+", text)
    return match.group(0) if match else None


@dataclass(frozen=True)
class ModuleInterface:
    variables: dict[str, Variable]
    outputs: dict[str, bool]  # output name -> sensitive
    has_aws_provider_block: bool


def _unquote(name: str) -> str:
    return name[1:-1] if len(name) >= 2 and name[0] == name[-1] == '"' else name


def _blocks(doc: dict[str, Any], kind: str) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    raw = doc.get(kind, [])
    entries = raw if isinstance(raw, list) else [raw]
    for entry in entries:
        for name, body in entry.items():
            found.append((_unquote(name), body if isinstance(body, dict) else {}))
    return found


def _parse(path: Path) -> dict[str, Any]:
    try:
        if path.name.endswith(".tf.json"):
            loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return loaded
        with path.open(encoding="utf-8") as handle:
            parsed: dict[str, Any] = hcl2.load(handle)
            return parsed
    except Exception as exc:  # python-hcl2 raises lark errors of many kinds
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(f"{path}: cannot parse Terraform file: {first_line}") from exc


def read_interface(directory: Path) -> ModuleInterface:
    """Variables and outputs declared by the .tf / .tf.json files of `directory`."""
    variables: dict[str, Variable] = {}
    outputs: dict[str, bool] = {}
    has_aws_provider = False
    files = sorted(directory.glob("*.tf")) + sorted(directory.glob("*.tf.json"))
    for path in files:
        doc = _parse(path)
        for name, body in _blocks(doc, "variable"):
            variables[name] = Variable(
                name=name,
                required="default" not in body,
                sensitive=bool(body.get("sensitive", False)),
                kind=_type_kind(body.get("type")),
            )
        for name, body in _blocks(doc, "output"):
            outputs[name] = bool(body.get("sensitive", False))
        has_aws_provider |= any(name == "aws" for name, _ in _blocks(doc, "provider"))
    return ModuleInterface(variables, outputs, has_aws_provider)
