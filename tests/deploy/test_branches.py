"""A failing layer blocks only its dependents; independent layers run at the same time."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.cli import invoke, json_stdout, statuses
from support.fixtures import copy_fixture
from support.runs import apply_span, layer_root

pytestmark = pytest.mark.integration


def test_failing_layer_blocks_dependents_and_independent_branch_completes(
    tmp_path: Path, engine: str
) -> None:
    manifest = copy_fixture("branches", tmp_path) / "failing.toml"
    result = invoke(["up", "--yes", "--json", "--stack", str(manifest), "--terraform", engine])
    assert result.exit_code == 1, result.output
    report = json_stdout(result)
    assert statuses(report) == {
        "broken": "failed",
        "after_broken": "blocked",
        "after_after": "blocked",
        "solo": "applied",
    }
    reasons = {row["layer"]: row["reason"] for row in report["layers"]}
    assert "local-exec provisioner error" in reasons["broken"]
    assert reasons["after_broken"] == "blocked by failed layer 'broken'"
    assert reasons["after_after"] == "blocked by failed layer 'broken'"
    # Blocked layers never ran Terraform: no plan, no state.
    for name in ("after_broken", "after_after"):
        assert not (layer_root(manifest, "failing", name) / "terraform.tfstate").exists()
    assert (layer_root(manifest, "failing", "solo") / "terraform.tfstate").is_file()


def run_sleepers(tmp_path: Path, engine: str, *extra: str) -> tuple[Path, Path]:
    manifest = copy_fixture("branches", tmp_path) / "concurrent.toml"
    args = ["up", "--yes", "--json", "--stack", str(manifest), "--terraform", engine, *extra]
    result = invoke(args)
    assert result.exit_code == 0, result.output
    report = json_stdout(result)
    assert statuses(report) == {"slow_a": "applied", "slow_b": "applied"}
    log_dir = Path(report["log_dir"])
    return log_dir / "slow_a.log", log_dir / "slow_b.log"


def test_independent_layers_apply_at_the_same_time(tmp_path: Path, engine: str) -> None:
    a, b = (apply_span(log) for log in run_sleepers(tmp_path, engine))
    # Terraform's own event timestamps: each create takes ~3 s; the two intervals overlap.
    assert max(a.start, b.start) < min(a.end, b.end)


@pytest.mark.parametrize("engine", ["terraform"])
def test_parallelism_one_serialises_them(tmp_path: Path, engine: str) -> None:
    # The same measurement must show no overlap when only one layer may run.
    a, b = (apply_span(log) for log in run_sleepers(tmp_path, engine, "--parallelism", "1"))
    first, second = sorted([a, b], key=lambda span: span.start)
    assert first.end <= second.start
