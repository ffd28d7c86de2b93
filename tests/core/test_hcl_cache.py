"""Parsed .tf files are kept by content: a second command reads them without python-hcl2,
a changed file is parsed again, and a broken cache never stops a command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from streamctl.hcl import CACHE_ENV, read_interface

REPO = Path(__file__).resolve().parents[2]
LOAD_DEV = f"""
import sys
from pathlib import Path
from streamctl.manifest import load_stack
stack = load_stack(Path({str(REPO / "live" / "dev" / "stack.toml")!r}))
print(len(stack.layers), "hcl2" in sys.modules)
"""


def _write_module(directory: Path, variable: str) -> Path:
    directory.mkdir(exist_ok=True)
    (directory / "main.tf").write_text(
        f'variable "{variable}" {{\n  type = string\n}}\n\noutput "out" {{\n  value = 1\n}}\n'
    )
    return directory


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(directory))
    return directory


def test_a_second_load_of_live_dev_needs_no_parser(cache: Path) -> None:
    env = {**os.environ, CACHE_ENV: str(cache)}
    first, second = (
        subprocess.run(
            [sys.executable, "-c", LOAD_DEV], env=env, capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(2)
    )
    assert first == ["9", "True"]  # parsed, and kept
    assert second == ["9", "False"]  # read back: python-hcl2 never imported
    assert len(list(cache.glob("*.json"))) >= 9


def test_a_changed_file_is_parsed_again(cache: Path, tmp_path: Path) -> None:
    module = _write_module(tmp_path / "m", "first")
    assert list(read_interface(module).variables) == ["first"]
    _write_module(module, "second")
    assert list(read_interface(module).variables) == ["second"]
    assert len(list(cache.glob("*.json"))) == 2


def test_a_damaged_entry_is_parsed_again_and_replaced(cache: Path, tmp_path: Path) -> None:
    module = _write_module(tmp_path / "m", "name")
    read_interface(module)
    (entry,) = cache.glob("*.json")
    entry.write_text('{"variable": [')
    assert list(read_interface(module).variables) == ["name"]
    assert "variable" in json.loads(entry.read_text())


def test_a_cache_that_cannot_be_written_only_costs_the_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))  # a directory under a file
    module = _write_module(tmp_path / "m", "name")
    assert read_interface(module).outputs == {"out": False}


def test_an_empty_setting_keeps_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    module = _write_module(tmp_path / "m", "name")
    assert list(read_interface(module).variables) == ["name"]
    assert not (tmp_path / "xdg").exists()
