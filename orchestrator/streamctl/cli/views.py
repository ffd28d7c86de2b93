"""Tables, trees and documents the commands print; they know results, not Terraform."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.tree import Tree

from streamctl.manifest import Stack
from streamctl.results import LayerResult
from streamctl.terraform.layer import OutputValue

if TYPE_CHECKING:
    from streamctl.aws.state_bucket import BootstrapStep
    from streamctl.aws.verify import Check

SENSITIVE = "(sensitive)"
Found = Mapping[str, Mapping[str, OutputValue] | None]  # layer -> outputs, None: not applied


def run_document(
    stack: Stack, target: str, log_dir: str, results: Mapping[str, LayerResult]
) -> dict[str, Any]:
    """The `--json` document of preview, up and down."""
    return {
        "stack": stack.name,
        "environment": stack.environment,
        "target": target,
        "layers": [r.as_json() for r in results.values()],
        "log_dir": log_dir,
    }


def _mask(value: OutputValue, show: bool) -> Any:
    return SENSITIVE if value.sensitive and not show else value.value


def outputs_document(found: Found, show_secrets: bool) -> dict[str, Any]:
    return {
        name: None
        if values is None
        else {
            key: {"value": _mask(v, show_secrets), "sensitive": v.sensitive}
            for key, v in values.items()
        }
        for name, values in found.items()
    }


def flat_outputs(found: Found, show_secrets: bool) -> tuple[dict[str, Any], list[str]]:
    """One object of every output (a name two layers share gets `<layer>_` in front), and
    the names of the sensitive ones left out: a script reading `.password` must get no
    value rather than the word "(sensitive)" as one."""
    counts: dict[str, int] = {}
    for values in found.values():
        for key in values or {}:
            counts[key] = counts.get(key, 0) + 1
    flat: dict[str, Any] = {}
    left_out: list[str] = []
    for name, values in found.items():
        for key, v in (values or {}).items():
            flat_key = key if counts[key] == 1 else f"{name}_{key}"
            if v.sensitive and not show_secrets:
                left_out.append(flat_key)
            else:
                flat[flat_key] = v.value
    return flat, left_out


def outputs_table(
    stack: Stack, found: Found, show_secrets: bool, unreadable: Sequence[str] = ()
) -> Table:
    table = Table(title=f"Outputs of {stack.name} ({stack.environment})", title_justify="left")
    for column in ("layer", "output"):
        table.add_column(column)
    # fold, not the default ellipsis: a value cut short is a wrong value (ARNs, IDs)
    table.add_column("value", overflow="fold")
    for name in [*found, *unreadable]:
        if name in unreadable:
            table.add_row(name, "", "[bold red](state unreadable: see below)[/]")
            continue
        values = found[name]
        if values is None:
            table.add_row(name, "", "[dim](not applied)[/]")
            continue
        if not values:  # applied, but declares no outputs: say so rather than show nothing
            table.add_row(name, "", "[dim](no outputs)[/]")
        for key, v in values.items():
            table.add_row(name, key, str(_mask(v, show_secrets)))
    return table


def status_table(stack: Stack, target: str, rows: Sequence[Mapping[str, Any]]) -> Table:
    table = Table(title=f"{stack.name} ({stack.environment}, {target})", title_justify="left")
    for column in ("layer", "applied", "resources", "last run", "when"):
        table.add_column(column, overflow="fold")
    for row in rows:
        applied = {True: "yes", False: "no", None: f"[bold red]{row['state']}[/]"}[row["applied"]]
        if row["problem"] and row["applied"] is not None:
            applied += f" [bold red]({row['state']})[/]"
        table.add_row(
            row["layer"],
            applied,
            "?" if row["resources"] is None else str(row["resources"]),
            last_run(row["last_operation"], row["last_result"]),
            _local_time(row["last_run_at"]),
        )
    return table


COMMAND_OF = {"apply": "up", "destroy": "down"}  # what the record calls the operation


def last_run(operation: str | None, result: str | None) -> str:
    """'applied by up', 'unchanged by up', 'failed in down': not 'apply applied'."""
    if not result:
        return ""
    command = COMMAND_OF.get(operation or "", operation or "a run")
    return f"{result} {'in' if result == 'failed' else 'by'} {command}"


def _local_time(iso: str | None) -> str:
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def graph_document(stack: Stack) -> dict[str, Any]:
    """`graph --json`: the layers in dependency order, each with what it takes from which."""
    return {
        "stack": stack.name,
        "environment": stack.environment,
        "layers": [
            {
                "layer": name,
                "path": str(stack.layers[name].path),
                "depends_on": list(stack.layers[name].upstream),
                "inputs": {
                    var: {"layer": ref.layer, "output": ref.output}
                    for var, ref in stack.layers[name].inputs.items()
                },
                "after": list(stack.layers[name].depends_on),
            }
            for name in stack.order()
        ],
    }


def graph_dot(stack: Stack) -> str:
    edges = stack.edges
    lines = [f'digraph "{stack.name}" {{', "  rankdir=LR;"]
    lines += [f'  "{n}";' for n in edges]
    lines += [f'  "{dep}" -> "{n}";' for n, deps in edges.items() for dep in deps]
    return "\n".join([*lines, "}"])


def graph_mermaid(stack: Stack) -> str:
    edges = stack.edges
    lines = ["graph LR"] + [f"  {n}" for n, deps in edges.items() if not deps]
    lines += [f"  {dep} --> {n}" for n, deps in edges.items() for dep in deps]
    return "\n".join(lines)


def graph_tree(stack: Stack) -> Tree:
    """Layers in dependency order, each with what it takes from which layer."""
    root = Tree(f"[bold]{stack.name}[/] ({stack.environment})")
    for name in stack.order():
        layer = stack.layers[name]
        node = root.add(
            f"[bold]{name}[/]" + ("" if layer.upstream else " [dim](no dependencies)[/]")
        )
        for var, ref in layer.inputs.items():
            node.add(f"{var} [dim]<-[/] {ref}")
        for dep in layer.depends_on:
            node.add(f"[dim]after[/] {dep}")
    return root


def checks_table(checks: Sequence[Check], title: str) -> Table:
    """verify: each check with pass/fail and the reason."""
    table = Table(title=title, title_justify="left")
    table.add_column("check")
    table.add_column("result")
    table.add_column("reason")
    for check in checks:
        result = "[green]pass[/]" if check.passed else "[bold red]FAIL[/]"
        table.add_row(check.name, result, check.reason)
    return table


def checks_summary(checks: Sequence[Check]) -> str:
    return f"{sum(c.passed for c in checks)}/{len(checks)} checks passed"


def bootstrap_table(bucket: str, steps: Sequence[BootstrapStep]) -> Table:
    table = Table(title=f"State bucket {bucket}", title_justify="left")
    for column in ("setting", "result"):
        table.add_column(column)
    for step in steps:
        table.add_row(step.name, ("set: " if step.changed else "ok: ") + step.detail)
    return table
