"""The package structure, asserted from the code's own imports (read with ast, nothing runs).

- Only streamctl.cli talks to the user: no other module imports typer or rich, or writes
  to stdout/stderr (print, sys.stdout, sys.stderr), except the programs streamctl and
  Terraform start as child processes, whose output is a protocol or a log, not a console.
- No import cycle, counting imports inside functions and under TYPE_CHECKING too.
- Layers: a module imports only from its own unit or from units of lower layers.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import streamctl
from streamctl import graph

ROOT = Path(streamctl.__file__).resolve().parent

# Lowest first. A unit is a top-level module or package of streamctl ("" is the package's
# own __init__, which holds its version). Units of one layer do not import each other.
LAYERS: list[set[str]] = [
    {""},
    {"errors"},
    # plain helpers, no Terraform
    {
        "files",
        "graph",
        "runlog",
        "check_kinds",
        "redaction",
        "retry_policy",
        "tf_types",
        "suggest",
    },
    {"hcl"},  # reading .tf files, their parses kept by content (files)
    {"manifest", "discovery"},  # the stack as data, checked at load; finding its manifest
    {"terraform"},  # the one place Terraform starts, its JSON, a layer's working copy
    {"results", "review", "runs"},  # a layer run, a plan to review, run logs: as data
    {"aws", "report"},  # boto3: the state bucket, verify's checks; a run's report
    {"targets", "offline"},  # where layers deploy; validation without the real provider
    {"deploy"},  # a Deployment, the flows over it, the scheduler
    {"cli"},  # options, the error handler, views: the only code that prints
    {"__main__"},  # entry points: python -m streamctl, python -m streamctl.offline
]
USER_FACING = ("typer", "rich", "click")
# Child processes: the plugin (stdout: go-plugin handshake), the embedded Terraform (its own
# output), the emulator (stdout: emulator.log).
CHILD_PROGRAMS = {
    "streamctl.offline.plugin",
    "streamctl.terraform.embedded_worker",
    "streamctl.targets.moto_main",
}


@dataclass(frozen=True)
class Module:
    name: str  # streamctl.deploy.flows
    tree: ast.Module

    @property
    def unit(self) -> str:
        return _unit(self.name)


def _unit(name: str) -> str:
    """streamctl.deploy.flows -> deploy; every __main__ is an entry point, above all."""
    parts = name.split(".")
    if parts[-1] == "__main__":
        return "__main__"
    return parts[1] if len(parts) > 1 else ""


def _modules() -> list[Module]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = ["streamctl", *path.relative_to(ROOT).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found.append(Module(".".join(parts), ast.parse(path.read_text(), str(path))))
    return found


MODULES = _modules()
NAMES = {m.name for m in MODULES}


def _imports(module: Module) -> Iterator[str]:
    """Every module this one imports, anywhere in it (functions and TYPE_CHECKING too)."""
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:  # relative: resolve against this module's package
                package = module.name.split(".")[: -node.level or None]
                base = ".".join([*package, node.module])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield submodule if submodule in NAMES else base


def _internal_imports(module: Module) -> set[str]:
    return {name for name in _imports(module) if name in NAMES and name != module.name}


def _layer(unit: str) -> int:
    return next(i for i, units in enumerate(LAYERS) if unit in units)


def test_every_unit_has_a_layer() -> None:
    units = {m.unit for m in MODULES}
    placed = set().union(*LAYERS)
    assert units <= placed, f"add to LAYERS: {sorted(units - placed)}"


def test_imports_never_run_from_a_lower_layer_to_a_higher_one() -> None:
    wrong = [
        f"{m.name} (layer {_layer(m.unit)}) imports {target} (layer {_layer(unit)})"
        for m in MODULES
        for target in sorted(_internal_imports(m))
        if (unit := _unit(target)) != m.unit and _layer(unit) >= _layer(m.unit)
    ]
    assert wrong == []


def test_there_is_no_import_cycle() -> None:
    edges = {m.name: tuple(sorted(_internal_imports(m))) for m in MODULES}
    assert graph.find_cycle(edges) is None


def test_only_the_cli_imports_typer_or_rich() -> None:
    wrong = [
        f"{m.name} imports {name}"
        for m in MODULES
        if m.unit != "cli"
        for name in _imports(m)
        if name.split(".")[0] in USER_FACING
    ]
    assert wrong == []


def _writes_to_the_console(tree: ast.Module) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "print":
                yield f"print() at line {node.lineno}"
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "sys"
            and node.attr in {"stdout", "stderr"}
        ):
            yield f"sys.{node.attr} at line {node.lineno}"


def test_only_the_cli_prints() -> None:
    wrong = [
        f"{m.name}: {where}"
        for m in MODULES
        if m.unit != "cli" and m.name not in CHILD_PROGRAMS
        for where in _writes_to_the_console(m.tree)
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import typer", ["rich.x imports typer"]),
        ("def f():\n    print('hi')", ["print() at line 2"]),
        ("import sys\nsys.stderr.write('x')", ["sys.stderr at line 2"]),
    ],
)
def test_the_rules_see_what_they_forbid(source: str, expected: list[str]) -> None:
    # The checks above can fail: each finds what it is written to find.
    module = Module("rich.x", ast.parse(source))
    found = [f"{module.name} imports {n}" for n in _imports(module) if n in USER_FACING]
    assert found + list(_writes_to_the_console(module.tree)) == expected


def test_a_cycle_and_an_upward_import_would_be_found() -> None:
    assert graph.find_cycle({"a": ("b",), "b": ("a",)}) == ["a", "b", "a"]
    assert _layer("deploy") > _layer("targets") > _layer("terraform") > _layer("errors")
