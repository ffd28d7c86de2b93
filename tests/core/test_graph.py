"""The layer DAG: stable order, cycles printed as a path, closures."""

from __future__ import annotations

import pytest

from streamctl import graph
from streamctl.errors import ConfigError

PLATFORM = {
    "kms": (),
    "network": (),
    "security": ("network", "kms"),
    "storage": ("kms",),
    "database": ("network", "security", "kms"),
    "compute": ("network", "security"),
    "cdn": ("compute", "storage"),
    "dns": ("cdn", "compute"),
    "observability": ("compute", "database"),
}


def test_order_keeps_manifest_order_among_ready_layers() -> None:
    assert graph.topological_order({"b": (), "a": (), "c": ()}) == ["b", "a", "c"]
    assert graph.topological_order(PLATFORM) == list(PLATFORM)


def test_order_puts_a_dependency_first_even_when_listed_later() -> None:
    edges = {"app": ("db",), "web": (), "db": ()}
    # web is ready at once and comes before db in the manifest; app must wait for db.
    assert graph.topological_order(edges) == ["web", "db", "app"]


def test_order_is_the_same_on_every_call() -> None:
    orders = {tuple(graph.topological_order(PLATFORM)) for _ in range(20)}
    assert len(orders) == 1


@pytest.mark.parametrize(
    ("edges", "cycle"),
    [
        ({"a": ("b",), "b": ("a",)}, ["a", "b", "a"]),
        ({"a": ("a",)}, ["a", "a"]),
        ({"x": (), "a": ("c",), "b": ("a",), "c": ("b",)}, ["a", "c", "b", "a"]),
    ],
)
def test_find_cycle_returns_the_path_back_to_its_start(
    edges: dict[str, tuple[str, ...]], cycle: list[str]
) -> None:
    assert graph.find_cycle(edges) == cycle


def test_no_cycle_in_a_dag() -> None:
    assert graph.find_cycle(PLATFORM) is None


def test_order_of_a_cycle_is_a_config_error_printing_it() -> None:
    with pytest.raises(ConfigError, match=r"a -> b -> a"):
        graph.topological_order({"a": ("b",), "b": ("a",)})


def test_dependents_reverse_the_edges() -> None:
    reverse = graph.dependents_of(PLATFORM)
    assert reverse["kms"] == ["security", "storage", "database"]
    assert reverse["dns"] == []
    assert set(reverse) == set(PLATFORM)


def test_closure_over_dependencies_and_dependents() -> None:
    assert graph.closure(["database"], PLATFORM) == {"database", "network", "security", "kms"}
    assert graph.closure(["compute"], graph.dependents_of(PLATFORM)) == {
        "compute",
        "cdn",
        "dns",
        "observability",
    }
    assert graph.closure(["kms"], PLATFORM) == {"kms"}
