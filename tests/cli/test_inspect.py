"""`show`, `logs`, and what runs leave behind: real Terraform, no terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.cli import invoke
from support.fixtures import copy_fixture

pytestmark = pytest.mark.integration


def mini(tmp_path: Path) -> Path:
    return copy_fixture("mini", tmp_path) / "live" / "dev" / "stack.toml"


def run(manifest: Path, *args: str) -> tuple[int, str]:
    result = invoke([*args, "--stack", str(manifest), "--terraform", "terraform"])
    return result.exit_code, result.output


def run_dirs(manifest: Path) -> list[str]:
    logs = manifest.parent / ".streamctl" / "dev" / "aws" / "logs"
    return sorted(p.name for p in logs.iterdir()) if logs.is_dir() else []


def test_read_only_commands_leave_no_run_behind(tmp_path: Path) -> None:
    manifest = mini(tmp_path)
    assert run(manifest, "up", "-y")[0] == 0
    runs = run_dirs(manifest)
    assert len(runs) == 1
    for command in (["status"], ["outputs"], ["outputs", "--json"], ["logs", "base"]):
        assert run(manifest, *command)[0] == 0, command
    assert run(manifest, "show", "base")[0] == 2  # no saved plan: said, not a run
    assert run_dirs(manifest) == runs


def test_logs_are_kept_for_the_last_runs_the_manifest_names(tmp_path: Path) -> None:
    manifest = mini(tmp_path)
    manifest.write_text(
        manifest.read_text().replace('region = "eu-west-1"', 'region = "eu-west-1"\nkeep_runs = 2')
    )
    for _ in range(3):
        assert run(manifest, "preview")[0] == 0
    assert len(run_dirs(manifest)) == 2


def test_logs_read_as_text_and_raw_keeps_the_json(tmp_path: Path) -> None:
    manifest = mini(tmp_path)
    assert run(manifest, "up", "-y")[0] == 0
    (run_id,) = run_dirs(manifest)
    code, text = run(manifest, "logs", "base")
    assert code == 0
    assert f"Log of base, run {run_id}" in text
    assert "$ terraform plan -input=false -json" in text
    assert "terraform_data.this: Plan to create" in text
    assert "Apply complete! Resources: 1 added, 0 changed, 0 destroyed." in text
    assert '{"@level"' not in text
    code, raw = run(manifest, "logs", "base", "--run", run_id[:15], "--raw")
    assert code == 0 and '{"@level"' in raw
    code, text = run(manifest, "logs", "base", "--run", "19990101")
    assert code == 2 and f"no run matching --run 19990101 (latest runs: {run_id})" in text


def test_show_prints_the_saved_plan_readably(tmp_path: Path) -> None:
    manifest = mini(tmp_path)
    assert run(manifest, "up", "-y")[0] == 0
    manifest.write_text(manifest.read_text().replace('"eu-west-1"', '"eu-west-2"'))
    assert run(manifest, "preview")[0] == 0
    code, text = run(manifest, "show", "base")
    assert code == 0
    assert "Saved plan of base" in text
    assert "~ terraform_data.this" in text
    assert '~ input.region = "eu-west-1" -> "eu-west-2"' in text
    code, text = run(manifest, "show", "bsae")
    assert code == 2 and "did you mean 'base'?" in text
