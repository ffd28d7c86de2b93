"""Read Terraform files: a root module's interface (variables, outputs) and its blocks.

The one place that parses .tf (python-hcl2) and .tf.json files: the manifest checks read
`variable` and `output` blocks, local mode reads `provider` blocks.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from streamctl.errors import ConfigError
from streamctl.files import user_cache, write_atomic

CACHE_ENV = "STREAMCTL_HCL_CACHE"  # a directory; empty: no cache


@dataclass(frozen=True)
class Variable:
    name: str
    required: bool
    sensitive: bool
    kind: str | None = None  # outer type constructor: string, number, list, map, ... or None
    type_expr: str | None = None  # the whole type constraint, e.g. "list(number)"


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


def unquote(value: Any) -> Any:
    """python-hcl2 keeps the quotes of string literals and labels: drop them."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _blocks(doc: dict[str, Any], kind: str) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    raw = doc.get(kind, [])
    entries = raw if isinstance(raw, list) else [raw]
    for entry in entries:
        for name, body in entry.items() if isinstance(entry, dict) else ():
            # .tf.json may give one label several bodies (e.g. provider "aws": [{...}, ...])
            for one in body if isinstance(body, list) else [body]:
                found.append((str(unquote(name)), one if isinstance(one, dict) else {}))
    return found


def _parse(path: Path) -> dict[str, Any]:
    try:
        if path.name.endswith(".tf.json"):
            loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return loaded
        return _parse_hcl(path.read_bytes())
    except ConfigError:
        raise
    except Exception as exc:  # python-hcl2 raises lark errors of many kinds
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(f"{path}: cannot parse Terraform file: {first_line}") from exc


def cache_dir() -> Path | None:
    """Where parsed .tf files are kept, by content: $STREAMCTL_HCL_CACHE, else the user's
    cache directory (beside the provider store); None when the variable is empty."""
    named = os.environ.get(CACHE_ENV)
    if named is not None:
        return Path(named) if named else None
    return user_cache("hcl")


@functools.cache
def _parser_version() -> str:
    return metadata.version("python-hcl2")  # a new parser may read a file differently


def _parse_hcl(source: bytes) -> dict[str, Any]:
    """python-hcl2's document for `source`, parsed once per content and parser version:
    parsing live/dev's files costs a command a quarter of a second, reading them back
    from the cache a few milliseconds."""
    directory = cache_dir()
    entry = None
    if directory is not None:
        digest = hashlib.sha256(source)
        digest.update(b"\0python-hcl2 " + _parser_version().encode())
        entry = directory / f"{digest.hexdigest()}.json"
        try:
            cached: dict[str, Any] = json.loads(entry.read_bytes())
            return cached
        except (OSError, ValueError):
            pass  # not cached yet, or a damaged entry: parse again
    import hcl2  # here: parsing (lark) costs a CLI start noticeably, --help needs none

    parsed: dict[str, Any] = hcl2.loads(source.decode("utf-8"))
    if entry is not None:
        # A read-only or full cache only costs the next command the parse.
        with contextlib.suppress(OSError):
            write_atomic(entry, json.dumps(parsed))
    return parsed


def blocks(path: Path, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """(label, body) of every `kind` block (e.g. "provider") in one .tf or .tf.json file."""
    return _blocks(_parse(path), kind)


# A resource, data or ephemeral block's type, read as text: fast, and enough to know the
# services (ephemeral ones call APIs too: aws_secretsmanager_random_password).
_BLOCK_TYPE = re.compile(r'^\s*(resource|data|ephemeral)\s+"(aws_[a-z0-9_]+)"', re.MULTILINE)


def aws_types(directories: Iterable[Path], *, data: bool = True) -> set[str]:
    """The AWS resource (and, with data, data source and ephemeral) types in `directories`."""
    found: set[str] = set()
    for directory in directories:
        for path in sorted(directory.glob("*.tf")):
            for kind, name in _BLOCK_TYPE.findall(
                path.read_text(encoding="utf-8", errors="replace")
            ):
                if data or kind == "resource":
                    found.add(name)
    return found


def tf_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.tf")) + sorted(directory.glob("*.tf.json"))


def read_interface(directory: Path) -> ModuleInterface:
    """Variables and outputs declared by the .tf / .tf.json files of `directory`."""
    variables: dict[str, Variable] = {}
    outputs: dict[str, bool] = {}
    for path in tf_files(directory):
        doc = _parse(path)
        for name, body in _blocks(doc, "variable"):
            variables[name] = Variable(
                name=name,
                required="default" not in body,
                sensitive=bool(body.get("sensitive", False)),
                kind=_type_kind(body.get("type")),
                type_expr=body["type"] if isinstance(body.get("type"), str) else None,
            )
        for name, body in _blocks(doc, "output"):
            outputs[name] = bool(body.get("sensitive", False))
    return ModuleInterface(variables, outputs)
