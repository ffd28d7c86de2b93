"""Fault injection, manifest: static vars against the variables' full types, and layer
paths that cannot be read, all stopped at load, before any upstream is applied. Values
Terraform converts (numeric strings, extra object attributes, missing optional ones) pass,
and real Terraform applies them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.cli import invoke
from support.fixtures import copy_fixture

pytestmark = pytest.mark.integration

STACK = """
[stack]
name = "faults"
environment = "faults"

[layers.bulky]
path = "bulky"
vars = {{ generation = 1 }}

[layers.typed]
path = "{path}"
depends_on = ["bulky"]

[layers.typed.vars]
{vars}
"""
GOOD = {
    "ports": '[80, "443"]',
    "service": '{ name = "api", labels = { team = "video" }, enabled = "true", extra = 1 }',
    "limits": "{ a = { cpu = 1 } }",
    "pair": '["x", 2]',
}


def manifest(tmp_path: Path, path: str = "typed", **changes: str) -> Path:
    root = tmp_path / "faults"
    if not root.is_dir():
        copy_fixture("faults", tmp_path)
    values = {**GOOD, **changes}
    file = root / "stack.toml"
    file.write_text(
        STACK.format(path=path, vars="\n".join(f"{k} = {v}" for k, v in values.items()))
    )
    return file


def up(file: Path) -> tuple[int, str]:
    result = invoke(["up", "--yes", "--stack", str(file), "--terraform", "terraform"])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr.replace("\n", "")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"ports": '["a"]'},
            "vars.ports = ['a'] does not fit the variable's type (list(number)): "
            "[0]: a number is required, got 'a'",
        ),
        (
            {"service": '{ name = "api", labels = {} }'},
            "(object({name = string, size = optional(number), labels = map(string), "
            "enabled = bool})): attribute 'enabled' is required",
        ),
        (
            {"service": '{ name = "api", labels = { a = [1] }, enabled = true }'},
            ".labels['a']: a string is required",
        ),
        ({"limits": '{ a = { cpu = "lots" } }'}, "['a'].cpu: a number is required, got 'lots'"),
        ({"pair": '["x"]'}, "a tuple of 2 elements is required"),
    ],
)
def test_a_static_var_that_does_not_fit_its_full_type_stops_before_any_upstream(
    tmp_path: Path, changes: dict[str, str], message: str
) -> None:
    file = manifest(tmp_path, **changes)
    code, stderr = up(file)
    assert code == 2 and "layer 'typed'" in stderr and message in stderr
    assert not (file.parent / ".streamctl").exists()  # bulky was not applied first


def test_values_terraform_converts_pass_and_apply(tmp_path: Path) -> None:
    code, stderr = up(manifest(tmp_path))
    assert code == 0, stderr


def test_a_symlink_loop_as_layer_path_is_a_config_error(tmp_path: Path) -> None:
    file = manifest(tmp_path, path="loop")
    os.symlink("loop", file.parent / "loop")
    code, stderr = up(file)
    assert code == 2
    assert "layer 'typed': path 'loop' cannot be read" in stderr
    assert "Symlink loop" in stderr or "Too many levels of symbolic links" in stderr


def test_an_unreadable_layer_path_is_a_config_error(tmp_path: Path) -> None:
    file = manifest(tmp_path)
    typed = file.parent / "typed"
    typed.chmod(0)
    try:
        if os.geteuid() == 0:
            # Root reads any directory: run streamctl as the owner without root's
            # capabilities (a user namespace maps root to uid 1000), so modes apply.
            command = ["unshare", "--user", "--map-user=1000", sys.executable, "-m"]
            result = subprocess.run(
                [*command, "streamctl", "up", "--yes", "--stack", str(file)],
                capture_output=True,
                text=True,
                check=False,
            )
            assert "Traceback" not in result.stderr
            code, stderr = result.returncode, result.stderr.replace("\n", "")
        else:
            code, stderr = up(file)
    finally:
        typed.chmod(0o755)
    assert code == 2 and "layer 'typed': path 'typed' cannot be read" in stderr, stderr
