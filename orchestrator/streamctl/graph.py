"""The layer DAG: stable topological order, cycle reporting, selections."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from streamctl.errors import ConfigError


def find_cycle(edges: Mapping[str, Sequence[str]]) -> list[str] | None:
    """A cycle as [a, b, ..., a] following 'depends on' edges, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in edges.get(node, ()):
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state and (cycle := visit(dep)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in edges:
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def topological_order(edges: Mapping[str, Sequence[str]]) -> list[str]:
    """Dependencies first; ties keep the order of `edges` (the manifest's order)."""
    if cycle := find_cycle(edges):
        raise ConfigError(f"layers form a cycle: {' -> '.join(cycle)}")
    done: set[str] = set()
    order: list[str] = []
    while len(order) < len(edges):
        for node, deps in edges.items():
            if node not in done and all(dep in done for dep in deps):
                done.add(node)
                order.append(node)
                break
    return order


def dependents_of(edges: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Reverse edges: layer -> layers that depend on it directly."""
    reverse: dict[str, list[str]] = {node: [] for node in edges}
    for node, deps in edges.items():
        for dep in deps:
            reverse[dep].append(node)
    return reverse


def closure(start: Iterable[str], step: Mapping[str, Sequence[str]]) -> set[str]:
    """Every node reachable from `start` through `step`, including the start nodes."""
    seen: set[str] = set()
    todo = list(start)
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(step.get(node, ()))
    return seen
