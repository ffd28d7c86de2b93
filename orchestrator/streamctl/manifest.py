"""The stack manifest (`live/<env>/stack.toml`): layers, wiring and their checks.

Everything that can be checked without Terraform is checked here, before any
Terraform runs, with messages that name the file, the layer and the key.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from streamctl import graph, retry_policy, tf_types
from streamctl.check_kinds import KINDS
from streamctl.errors import ConfigError
from streamctl.hcl import ModuleInterface, read_interface
from streamctl.retry_policy import RetryPolicy

LAYER_KEYS = {"path", "inputs", "depends_on", "vars", "secrets"}
STACK_KEYS = {"name", "environment", "region", "tags", "backend", "retry", "keep_runs"}
KEEP_RUNS = 20  # run log directories kept per environment and target
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
# Variables the stack itself hands to every layer that declares them.
STACK_VARIABLES = ("region", "default_tags", "environment")


@dataclass(frozen=True)
class Input:
    layer: str
    output: str

    def __str__(self) -> str:
        return f"{self.layer}.{self.output}"


@dataclass(frozen=True)
class Layer:
    name: str
    path: Path
    depends_on: tuple[str, ...] = ()
    inputs: Mapping[str, Input] = field(default_factory=dict)
    vars: Mapping[str, Any] = field(default_factory=dict)
    secrets: Mapping[str, str] = field(default_factory=dict)
    interface: ModuleInterface = field(
        default_factory=lambda: ModuleInterface({}, {}), compare=False, repr=False
    )

    @property
    def upstream(self) -> tuple[str, ...]:
        """Every layer this one waits for: wired inputs first, then depends_on."""
        names = [i.layer for i in self.inputs.values()] + list(self.depends_on)
        return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class VerifyCheck:
    """One `[verify.<name>]` table: a check kind, the outputs it reads and what it expects."""

    name: str
    kind: str
    refs: Mapping[str, Input]  # parameter -> "layer.output", resolved when verify runs
    values: Mapping[str, Any]  # literal parameters (expected values, label)


@dataclass(frozen=True)
class Stack:
    name: str
    environment: str
    region: str | None
    tags: Mapping[str, str]
    manifest_path: Path
    layers: Mapping[str, Layer]
    backend: Mapping[str, Any] | None = None
    verify: Mapping[str, VerifyCheck] = field(default_factory=dict)
    retry: RetryPolicy = field(default_factory=RetryPolicy)  # [stack.retry]
    keep_runs: int = KEEP_RUNS  # logs of the last N runs are kept, older ones pruned

    @property
    def root(self) -> Path:
        return self.manifest_path.parent

    @property
    def state_dir(self) -> Path:
        return self.root / ".streamctl"

    @property
    def edges(self) -> dict[str, tuple[str, ...]]:
        return {name: layer.upstream for name, layer in self.layers.items()}

    def order(self) -> list[str]:
        return graph.topological_order(self.edges)

    def stack_values(self) -> dict[str, Any]:
        """Values the stack hands to layers declaring a variable of that name."""
        values: dict[str, Any] = {"environment": self.environment}
        if self.region:
            values["region"] = self.region
        if self.tags:
            values["default_tags"] = dict(self.tags)
        return values


class _Reader:
    """Typed access to one TOML table, with errors that say where."""

    def __init__(self, file: Path, where: str) -> None:
        self.file = file
        self.where = where

    def fail(self, message: str) -> ConfigError:
        return ConfigError(f"{self.file}: {self.where}: {message}")

    def table(self, raw: Mapping[str, Any], key: str) -> dict[str, Any]:
        value = raw.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(f"'{key}' must be a table, got {type(value).__name__}")
        return value

    def string(self, raw: Mapping[str, Any], key: str, default: str | None = None) -> str:
        value = raw.get(key, default)
        if not isinstance(value, str) or not value:
            raise self.fail(f"'{key}' must be a non-empty string")
        return value

    def strings(self, raw: Mapping[str, Any], key: str) -> dict[str, str]:
        table = self.table(raw, key)
        for name, value in table.items():
            if not isinstance(value, str):
                raise self.fail(f"{key}.{name} must be a string")
        return table


def _parse_input(reader: _Reader, key: str, ref: str) -> Input:
    layer, dot, output = ref.partition(".")
    if not dot or not layer or not output:
        raise reader.fail(f"{key} = {ref!r} must have the form 'layer.output'")
    return Input(layer, output)


def _check_output(reader: _Reader, key: str, ref: Input, layers: Mapping[str, Layer]) -> None:
    """`ref` names a layer of the stack and an output that layer declares."""
    if ref.layer not in layers:
        raise reader.fail(f"{key} = '{ref}' names unknown layer '{ref.layer}'")
    if ref.output not in layers[ref.layer].interface.outputs:
        raise reader.fail(f"{key} = '{ref}': layer '{ref.layer}' declares no output '{ref.output}'")


def _read_layer(file: Path, name: str, raw: Any) -> Layer:
    reader = _Reader(file, f"layer '{name}'")
    if not NAME.match(name):
        raise reader.fail("layer names use letters, digits, '-' and '_'")
    if not isinstance(raw, dict):
        raise reader.fail("must be a table")
    if unknown := sorted(set(raw) - LAYER_KEYS):
        raise reader.fail(f"unknown key(s) {', '.join(unknown)}; allowed: {sorted(LAYER_KEYS)}")
    try:
        return _read_layer_at(file, name, raw, reader)
    except FileNotFoundError:
        missing = os.path.normpath(file.parent / str(raw["path"]))
        raise reader.fail(f"path '{raw['path']}' does not exist ({missing})") from None
    except (OSError, RuntimeError) as exc:
        # A symlink loop (RuntimeError before Python 3.13) or a directory we may not read.
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        where = getattr(exc, "filename", None) or raw.get("path")
        raise reader.fail(f"path '{raw.get('path')}' cannot be read ({where}: {why})") from None


def _read_layer_at(file: Path, name: str, raw: dict[str, Any], reader: _Reader) -> Layer:
    path = (file.parent / reader.string(raw, "path")).resolve(strict=True)
    if path.exists() and not path.is_dir():
        raise reader.fail(
            f"path '{raw['path']}' is a file; a layer's path is the directory holding its "
            f".tf files ({path.parent})"
        )
    if not path.is_dir():
        raise reader.fail(f"path '{raw['path']}' does not exist ({path})")
    # listdir, not glob: glob takes a directory we may not read for an empty one.
    if not any(entry.endswith((".tf", ".tf.json")) for entry in os.listdir(path)):
        # Terraform would plan an empty root module as "no changes": a silent success
        raise reader.fail(
            f"path '{raw['path']}' holds no .tf files ({path}): point it at the layer's "
            "Terraform root module"
        )
    depends_on = raw.get("depends_on", [])
    if not isinstance(depends_on, list) or not all(isinstance(d, str) for d in depends_on):
        raise reader.fail("'depends_on' must be a list of layer names")
    wired = reader.strings(raw, "inputs")
    inputs = {var: _parse_input(reader, f"inputs.{var}", ref) for var, ref in wired.items()}
    static = reader.table(raw, "vars")
    secrets = reader.strings(raw, "secrets")
    sets = (set(inputs), set(static), set(secrets))
    for clash in sorted((sets[0] & sets[1]) | (sets[0] & sets[2]) | (sets[1] & sets[2])):
        raise reader.fail(f"variable '{clash}' is set more than once (inputs, vars, secrets)")
    try:
        interface = read_interface(path)
    except ConfigError as exc:
        raise reader.fail(str(exc)) from exc
    return Layer(name, path, tuple(depends_on), inputs, static, secrets, interface)


def _check_wiring(file: Path, stack: Stack) -> None:
    provided_by_stack = set(stack.stack_values())
    for layer in stack.layers.values():
        reader = _Reader(file, f"layer '{layer.name}'")
        for dep in layer.depends_on:
            if dep not in stack.layers:
                raise reader.fail(f"depends_on names unknown layer '{dep}'")
        declared = layer.interface.variables
        for var, ref in layer.inputs.items():
            if ref.layer not in stack.layers:
                raise reader.fail(f"inputs.{var} = '{ref}' names unknown layer '{ref.layer}'")
            if var not in declared:
                raise reader.fail(f"inputs.{var}: the layer declares no variable '{var}'")
            _check_output(reader, f"inputs.{var}", ref, stack.layers)
            sensitive = stack.layers[ref.layer].interface.outputs[ref.output]
            if sensitive and not declared[var].sensitive:
                raise reader.fail(_lost_sensitivity(f"inputs.{var} = '{ref}'", var, layer))
        for var in layer.secrets:
            if var in declared and not declared[var].sensitive:
                raise reader.fail(_lost_sensitivity(f"secrets.{var}", var, layer))
        for key, table in (("vars", layer.vars), ("secrets", layer.secrets)):
            for var in table:
                if var not in declared:
                    raise reader.fail(f"{key}.{var}: the layer declares no variable '{var}'")
        for var, value in layer.vars.items():
            if problem := _type_problem(value, declared[var].type_expr, declared[var].kind):
                raise reader.fail(
                    f"vars.{var} = {value!r} does not fit the variable's type {problem}; "
                    "give a value of that type"
                )
        given = set(layer.inputs) | set(layer.vars) | set(layer.secrets) | provided_by_stack
        for var in sorted(v.name for v in declared.values() if v.required and v.name not in given):
            raise reader.fail(
                f"variable '{var}' has no default and is not wired: add it to inputs, vars "
                f"or secrets in {file.name}"
            )
    if cycle := graph.find_cycle(stack.edges):
        raise ConfigError(f"{file}: layers form a cycle: {' -> '.join(cycle)}")


_TYPE_WORDS = {str: "a string", int: "a whole number", bool: "true or false"}


def _read_check(file: Path, name: str, raw: Any, layers: Mapping[str, Layer]) -> VerifyCheck:
    """One [verify.<name>] table, checked like inputs: kind, parameters, outputs."""
    reader = _Reader(file, f"verify '{name}'")
    if not isinstance(raw, dict):
        raise reader.fail("must be a table: kind, id and what the resource must be")
    kind_name = raw.get("kind")
    if kind_name not in KINDS:
        raise reader.fail(f"'kind' must be one of: {', '.join(KINDS)} (got {kind_name!r})")
    kind = KINDS[kind_name]
    allowed = ["kind", *(p.name for p in kind.all_params)]
    if unknown := sorted(set(raw) - set(allowed)):
        raise reader.fail(
            f"unknown key(s) {', '.join(unknown)} for kind '{kind.name}'; allowed: {allowed}"
        )
    refs: dict[str, Input] = {}
    values: dict[str, Any] = {}
    for param in kind.all_params:
        if param.name not in raw:
            if param.required:
                what = (
                    kind.resource if param.name == "id" else param.help or _TYPE_WORDS[param.type]
                )
                raise reader.fail(f"'{param.name}' is missing ({what})")
            continue
        value = raw[param.name]
        if param.ref:
            if not isinstance(value, str):
                raise reader.fail(f"{param.name} must be a 'layer.output' string")
            refs[param.name] = _parse_input(reader, param.name, value)
            _check_output(reader, param.name, refs[param.name], layers)
        elif type(value) is not param.type:  # exact: a bool is no int, an int no bool
            raise reader.fail(f"{param.name} = {value!r} must be {_TYPE_WORDS[param.type]}")
        else:
            values[param.name] = value
    if kind.expects_one_of and not set(kind.expects_one_of) & set(raw):
        raise reader.fail(f"say what to check: one or more of {', '.join(kind.expects_one_of)}")
    return VerifyCheck(name, kind.name, refs, values)


def _lost_sensitivity(what: str, var: str, layer: Layer) -> str:
    # Sensitivity must survive the hop between layers: Terraform prints a variable that
    # is not declared sensitive in plans, errors and logs, whatever fed it.
    return (
        f"{what} is sensitive, but variable '{var}' is not: declare it with "
        f"`sensitive = true` in {layer.path}"
    )


def _type_problem(value: Any, type_expr: str | None, kind: str | None) -> str | None:
    """Why the value does not convert to the variable's full type, or None."""
    if type_expr is not None:
        try:
            expected = tf_types.parse(type_expr)
        except tf_types.TypeSyntaxError:
            expected = None  # a constraint we cannot read: Terraform will judge it
        if expected is not None:
            problem = tf_types.mismatch(value, expected)
            return f"({expected}): {problem}" if problem else None
    return None if _fits(value, kind) else f"({kind})"


def _fits(value: Any, kind: str | None) -> bool:
    """Whether Terraform can convert a TOML value to a type of this outer kind.

    Checked at load so a wrong value stops the run before upstream layers are applied,
    not when Terraform first sees it half-way through a deployment."""
    if kind == "string":
        return not isinstance(value, list | dict)
    if kind == "number":
        if isinstance(value, str):
            try:
                float(value)
            except ValueError:
                return False
            return True
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool) or value in ("true", "false")
    if kind in ("list", "set", "tuple"):
        return isinstance(value, list)
    if kind in ("map", "object"):
        return isinstance(value, dict)
    return True  # any, or no type declared


def load_stack(path: Path) -> Stack:
    """Read and check a stack manifest; raises ConfigError naming what is wrong."""
    file = path.resolve()
    if not file.is_file():
        raise ConfigError(f"{path}: no such stack manifest (use --env NAME or --stack FILE)")
    try:
        doc = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: invalid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{file}: not UTF-8 text ({exc.reason}): save it as UTF-8") from exc
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read the stack manifest: {exc.strerror}") from exc
    top = _Reader(file, "[stack]")
    stack_raw = top.table(doc, "stack")
    if unknown := sorted(set(stack_raw) - STACK_KEYS):
        raise top.fail(f"unknown key(s) {', '.join(unknown)}; allowed: {sorted(STACK_KEYS)}")
    if unknown_top := sorted(set(doc) - {"stack", "layers", "verify"}):
        raise ConfigError(f"{file}: unknown table(s) {', '.join(unknown_top)}")
    layers_raw = _Reader(file, "[layers]").table(doc, "layers")
    if not layers_raw:
        raise ConfigError(f"{file}: no [layers.<name>] tables: a stack needs at least one layer")
    layers = {name: _read_layer(file, name, raw) for name, raw in layers_raw.items()}
    region = stack_raw.get("region")
    if region is not None and not isinstance(region, str):
        raise top.fail("'region' must be a string")
    backend = stack_raw.get("backend")
    if backend is not None and not isinstance(backend, dict):
        raise top.fail("'backend' must be a table")
    keep_runs = stack_raw.get("keep_runs", KEEP_RUNS)
    if isinstance(keep_runs, bool) or not isinstance(keep_runs, int) or keep_runs < 1:
        raise top.fail(f"'keep_runs' must be a whole number >= 1, got {keep_runs!r}")
    verify_raw = _Reader(file, "[verify]").table(doc, "verify")
    verify = {name: _read_check(file, name, raw, layers) for name, raw in verify_raw.items()}
    stack = Stack(
        name=top.string(stack_raw, "name", file.parent.name),
        environment=top.string(stack_raw, "environment", file.parent.name),
        region=region,
        tags=top.strings(stack_raw, "tags"),
        manifest_path=file,
        layers=layers,
        backend=backend,
        verify=verify,
        retry=retry_policy.from_manifest(top.table(stack_raw, "retry"), top.fail),
        keep_runs=keep_runs,
    )
    _check_wiring(file, stack)
    return stack
