"""validate/test --offline are never silent: a row per directory or run, then a total."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.cli import invoke
from support.fixtures import copy_fixture

pytestmark = pytest.mark.integration
LAYERS = {"kms", "network", "security", "storage", "database", "compute", "cdn", "dns",
          "observability"}  # fmt: skip
ROW = re.compile(r" +(\d+\.\d)s (.+)")


def rows(output: str) -> list[tuple[float, str]]:
    return [(float(m[1]), m[2]) for m in map(ROW.fullmatch, output.splitlines()) if m]


def test_validate_offline_prints_a_row_per_layer_and_a_total(tmp_path: Path) -> None:
    stack = copy_fixture("platform9", tmp_path) / "stack.toml"
    result = invoke(["validate", "--offline", "--stack", str(stack), "--terraform", "terraform"])
    assert result.exit_code == 0, result.output
    found = rows(result.stdout)
    assert {text for _, text in found} == {f"{layer}: valid" for layer in LAYERS}
    stamps = [at for at, _ in found]
    assert stamps == sorted(stamps)  # printed as each finished, not in manifest order
    assert re.fullmatch(
        r"Total: 9 valid, 0 invalid, 9 directories in \d+\.\ds", result.stdout.splitlines()[-1]
    )


def test_test_offline_prints_each_stack_run_and_a_total(tmp_path: Path) -> None:
    stack = copy_fixture("platform9", tmp_path) / "stack.toml"
    result = invoke(["test", "--offline", "--stack", str(stack), "--terraform", "terraform"])
    assert result.exit_code == 0, result.output
    texts = [text for _, text in rows(result.stdout)]
    runs = [t for t in texts if ": run " in t]
    assert runs == [f"stack platform9 (test): run {layer}: pass" for layer in (
        "kms", "network", "security", "storage", "database", "compute", "cdn", "dns",
        "observability")]  # fmt: skip
    assert texts[-1] == "stack platform9 (test): pass (9 runs)"
    assert re.fullmatch(
        r"Total: 1 passed, 0 failed; 9 runs: 9 pass, 0 fail, 0 skip; \d+\.\ds",
        result.stdout.splitlines()[-1],
    )
