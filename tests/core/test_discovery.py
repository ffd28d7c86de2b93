"""The manifest is found from any directory, as git finds .git."""

from __future__ import annotations

from pathlib import Path

import pytest

from streamctl.discovery import environments, find_manifest
from streamctl.errors import ConfigError
from streamctl.suggest import did_you_mean


def repo(tmp_path: Path) -> Path:
    for env in ("dev", "staging"):
        manifest = tmp_path / "repo" / "live" / env / "stack.toml"
        manifest.parent.mkdir(parents=True)
        manifest.write_text(f'[stack]\nname = "s"\nenvironment = "{env}"\n')
        (manifest.parent / "network").mkdir()
    (tmp_path / "repo" / "modules" / "kms").mkdir(parents=True)
    return tmp_path / "repo"


def test_from_the_root_a_module_or_a_layer_directory(tmp_path: Path) -> None:
    root = repo(tmp_path)
    dev = root / "live" / "dev" / "stack.toml"
    assert find_manifest(None, root) == dev
    assert find_manifest(None, root / "modules" / "kms") == dev
    assert find_manifest(None, root / "live" / "dev" / "network") == dev
    assert find_manifest("staging", root / "modules") == root / "live" / "staging" / "stack.toml"


def test_standing_in_an_environment_uses_it_unless_another_is_named(tmp_path: Path) -> None:
    root = repo(tmp_path)
    staging = root / "live" / "staging"
    assert find_manifest(None, staging / "network") == staging / "stack.toml"
    assert find_manifest("dev", staging) == root / "live" / "dev" / "stack.toml"


def test_an_unknown_environment_lists_the_ones_that_exist(tmp_path: Path) -> None:
    root = repo(tmp_path)
    with pytest.raises(ConfigError) as caught:
        find_manifest("stagin", root / "modules")
    message = str(caught.value)
    assert "looked for stack.toml and live/stagin/stack.toml" in message
    assert str(root / "modules") in message
    assert "environments found: dev (" in message and "staging (" in message
    assert "did you mean 'staging'?" in message


def test_outside_any_repository_says_where_it_looked(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(ConfigError) as caught:
        find_manifest(None, tmp_path / "elsewhere")
    assert str(tmp_path / "elsewhere") in str(caught.value)
    assert "--stack FILE" in str(caught.value)


def test_environments_are_named_by_their_manifest(tmp_path: Path) -> None:
    root = repo(tmp_path)
    assert set(environments(root / "live" / "dev")) == {"dev", "staging"}


def test_did_you_mean_only_for_close_names() -> None:
    assert did_you_mean("netwrok", ["network", "kms"]) == " (did you mean 'network'?)"
    assert did_you_mean("zzz", ["network", "kms"]) == ""
