"""The manifest is found from any directory of the repository, as git finds .git."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.cli import invoke
from support.fixtures import copy_fixture


def test_commands_work_from_inside_an_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_fixture("mini", tmp_path)
    monkeypatch.chdir(root / "live" / "dev" / "app")
    result = invoke(["graph"])
    assert result.exit_code == 0, result.output
    assert "mini (dev)" in result.output
    monkeypatch.chdir(root / "modules")
    assert invoke(["graph", "--format", "dot"]).exit_code == 0


def test_an_environment_that_does_not_exist_lists_those_that_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_fixture("mini", tmp_path)
    monkeypatch.chdir(root / "modules")
    result = invoke(["graph", "--env", "deb"])
    assert result.exit_code == 2
    text = " ".join(result.output.split())  # unwrapped
    assert "no stack manifest for environment 'deb'" in text
    assert f"from {root / 'modules'} upward" in text
    assert f"environments found: dev ({root / 'live' / 'dev' / 'stack.toml'})" in text
    assert "(did you mean 'dev'?)" in text


def test_outside_a_repository_it_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(["status"])
    assert result.exit_code == 2
    assert "looked for stack.toml and live/dev/stack.toml" in " ".join(result.output.split())
