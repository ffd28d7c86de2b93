"""Which hashicorp/aws offline runs use: the real one from a mirror, else the schema-only plugin."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from streamctl.cli import app
from streamctl.errors import ConfigError
from streamctl.offline.realprovider import (
    MODE_ENV,
    find_real_provider,
    offline_provider,
    search_real_provider,
)
from streamctl.terraform.providers import MIRROR_ENV, current_platform

ADDRESS = "registry.terraform.io/hashicorp/aws"


def unpacked(root: Path, executable: bool = True) -> Path:
    """A mirror holding a stand-in binary: the search looks at files, never runs them."""
    binary = root / ADDRESS / "5.100.0" / current_platform() / "terraform-provider-aws_v5.100.0_x5"
    binary.parent.mkdir(parents=True)
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755 if executable else 0o644)
    return root


def packed(root: Path, version: str = "5.100.0") -> Path:
    archive = root / ADDRESS / f"terraform-provider-aws_{version}_{current_platform()}.zip"
    archive.parent.mkdir(parents=True)
    archive.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip
    return root


def test_explicit_mirror_first_then_the_variable_then_the_machine(tmp_path: Path) -> None:
    explicit, named, machine = (unpacked(tmp_path / n) for n in ("explicit", "named", "machine"))
    environ = {MIRROR_ENV: str(named)}
    first = find_real_provider(explicit, environ, [machine])
    assert first is not None and (first.mirror, first.found_by) == (explicit, "--provider-mirror")
    second = find_real_provider(None, environ, [machine])
    assert second is not None and (second.mirror, second.found_by) == (named, f"${MIRROR_ENV}")
    third = find_real_provider(None, {}, [machine])
    assert third is not None and (third.mirror, third.found_by) == (machine, "machine mirror")
    assert third.package.name == "terraform-provider-aws_v5.100.0_x5" and not third.packed
    assert third.describe() == f"real hashicorp/aws 5.100.0 from {machine} (machine mirror)"


def test_a_packed_mirror_counts_and_other_versions_do_not(tmp_path: Path) -> None:
    found = find_real_provider(packed(tmp_path / "packed"), {}, [])
    assert found is not None and found.packed
    assert find_real_provider(packed(tmp_path / "old", "5.99.0"), {}, []) is None
    # A binary without the executable bit cannot be started by Terraform.
    assert find_real_provider(unpacked(tmp_path / "noexec", executable=False), {}, []) is None


def test_a_mirror_without_it_is_passed_over_and_named(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    machine = unpacked(tmp_path / "machine")
    search = search_real_provider(empty, {}, [machine])
    assert search.found is not None and search.found.mirror == machine
    assert search.looked == (f"{empty} (--provider-mirror)",)
    missing = search_real_provider(None, {MIRROR_ENV: str(empty)}, [tmp_path / "absent"])
    assert missing.found is None
    assert missing.why_not() == (
        f"no hashicorp/aws 5.100.0 for {current_platform()} in {empty} (${MIRROR_ENV}), "
        f"{tmp_path / 'absent'} (machine mirror)"
    )


def test_modes(tmp_path: Path) -> None:
    machine = unpacked(tmp_path / "machine")
    assert find_real_provider(None, {MODE_ENV: "schema-only"}, [machine]) is None
    assert find_real_provider(None, {MODE_ENV: "real"}, [machine]) is not None
    with pytest.raises(ConfigError, match=f"{MODE_ENV}=real, but there is no hashicorp/aws"):
        find_real_provider(None, {MODE_ENV: "real"}, [tmp_path / "absent"])
    with pytest.raises(ConfigError, match="is not one of: auto, real, schema-only"):
        find_real_provider(None, {MODE_ENV: "sometimes"}, [machine])


def test_without_a_real_provider_offline_runs_fall_back_to_the_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A machine without the binary: no mirror named, the machine's place empty.
    monkeypatch.setattr("streamctl.offline.realprovider.MACHINE_MIRRORS", (tmp_path / "none",))
    provider = offline_provider(tmp_path / "work")
    assert not provider.real
    assert provider.description == (
        "streamctl's schema-only hashicorp/aws 5.100.0 plugin "
        f"(no hashicorp/aws 5.100.0 for {current_platform()} in {tmp_path / 'none'} "
        "(machine mirror))"
    )
    assert provider.plugin.is_file()  # the launcher in the schema-only mirror


@pytest.mark.integration
def test_cli_test_offline_names_the_provider_it_used(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    module_writer: Callable[..., Path],
) -> None:
    module = module_writer(
        tmp_path / "mod",
        'resource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n}\n',
        {"tests/vpc.tftest.hcl": 'mock_provider "aws" {}\n\nrun "applies" {}\n'},
    )
    monkeypatch.chdir(tmp_path)
    found = search_real_provider().found
    for mode, expected in (
        ("auto", found.describe() if found else "streamctl's schema-only"),
        ("schema-only", "streamctl's schema-only hashicorp/aws 5.100.0 plugin"),
    ):
        monkeypatch.setenv(MODE_ENV, mode)
        result = CliRunner().invoke(app, ["test", "--offline", "--module", str(module)])
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert lines[0].startswith(f"Provider: {expected}"), lines
        assert any(
            re.fullmatch(rf" +\d+\.\ds {re.escape(str(module))}: pass \(1 run\)", line)
            for line in lines
        ), lines
