"""CI use, with real Terraform and no terminal: drift exit codes, plan sets, run reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from streamctl.report import document
from support.cli import invoke
from support.fixtures import copy_fixture
from support.runs import layer_root
from support.terraform import TerraformCall

pytestmark = pytest.mark.integration


def mini(tmp_path: Path) -> Path:
    return copy_fixture("mini", tmp_path) / "live" / "dev" / "stack.toml"


def run(manifest: Path, *args: str) -> tuple[int, str]:
    result = invoke([*args, "--stack", str(manifest), "--terraform", "terraform"])
    return result.exit_code, result.output


def serial(manifest: Path, layer: str) -> int:
    state = json.loads((layer_root(manifest, "dev", layer) / "terraform.tfstate").read_text())
    return int(state["serial"])


def test_detailed_exitcode_is_2_for_changes_0_for_none_1_for_errors(tmp_path: Path) -> None:
    manifest = mini(tmp_path)
    assert run(manifest, "preview", "--detailed-exitcode")[0] == 2
    assert run(manifest, "preview")[0] == 0  # without the flag, changes are no error
    assert run(manifest, "up", "-y")[0] == 0
    assert run(manifest, "preview", "--detailed-exitcode")[0] == 0
    code, output = run(manifest, "preview", "--detailed-exitcode", "--layer", "bsae")
    assert code == 1  # a usage error, which would be 2 without the flag
    assert "unknown layer 'bsae' (did you mean 'base'?)" in output


def test_up_plans_applies_the_saved_plans_and_covers_later_create_only_plans(
    tmp_path: Path, terraform_calls: list[TerraformCall]
) -> None:
    manifest = mini(tmp_path)
    plans = tmp_path / "plans"
    assert run(manifest, "preview", "--out", str(plans))[0] == 0
    assert sorted(p.name for p in plans.iterdir()) == ["base.tfplan", "planset.json"]
    terraform_calls.clear()
    code, output = run(manifest, "up", "--plans", str(plans), "--json")
    assert code == 0, output
    commands = [(c.layer, c.command) for c in terraform_calls]
    assert ("base", "apply") in commands and ("base", "plan") not in commands
    assert ("app", "plan") in commands and ("app", "apply") in commands  # waited, then covered


def test_a_stale_plan_set_is_refused_before_anything_applies(tmp_path: Path) -> None:
    manifest = mini(tmp_path)
    assert run(manifest, "up", "-y")[0] == 0
    manifest.write_text(manifest.read_text().replace('"eu-west-1"', '"eu-west-2"'))
    plans = tmp_path / "plans"
    assert run(manifest, "preview", "--out", str(plans))[0] == 0
    assert run(manifest, "up", "-y", "--layer", "base")[0] == 0  # someone applied meanwhile
    before = serial(manifest, "base"), serial(manifest, "app")
    code, output = run(manifest, "up", "--plans", str(plans))
    assert code == 1
    assert "the plan set is stale, so nothing was applied: layer 'base': state is at" in output
    assert (serial(manifest, "base"), serial(manifest, "app")) == before


def test_up_plans_without_a_terminal_does_not_apply_a_later_update(tmp_path: Path) -> None:
    manifest = mini(tmp_path)
    assert run(manifest, "up", "-y")[0] == 0
    manifest.write_text(manifest.read_text().replace('"eu-west-1"', '"eu-west-2"'))
    plans = tmp_path / "plans"
    assert run(manifest, "preview", "--out", str(plans))[0] == 0
    app_before = serial(manifest, "app")
    code, output = run(manifest, "up", "--plans", str(plans))
    assert code == 1
    assert "No terminal to ask on: not applied." in output
    assert "~ terraform_data.this" in output  # what it would have changed, shown
    assert serial(manifest, "app") == app_before


def report_of(path: Path) -> Any:
    doc = json.loads(path.read_text())
    jsonschema.validate(doc, document.schema())
    return doc


def test_reports_of_a_real_run_follow_the_schema(tmp_path: Path) -> None:
    manifest = mini(tmp_path)
    preview_json = tmp_path / "preview.json"
    assert run(manifest, "preview", "--report", str(preview_json))[0] == 0
    doc = report_of(preview_json)
    assert {row["layer"]: row["status"] for row in doc["layers"]} == {
        "base": "planned",
        "app": "waiting",
    }
    assert doc["totals"]["resources"] == {"add": 0, "change": 0, "destroy": 0}
    up_json, up_html = tmp_path / "up.json", tmp_path / "out" / "up.html"
    code, _ = run(manifest, "up", "-y", "--report", str(up_json), "--report", str(up_html))
    assert code == 0
    doc = report_of(up_json)
    assert doc["result"] == "ok" and doc["totals"]["resources"]["add"] == 2
    assert doc["critical_path"] == ["base", "app"]
    assert [a["how"] for a in doc["approvals"]] == ["yes", "covered"]
    for row in doc["layers"]:
        assert [p["phase"] for p in row["phases"]] == ["plan", "apply"]
        assert Path(row["log"]).is_file()
    assert up_html.read_text().startswith("<!doctype html>")


def test_a_report_needs_a_known_suffix(tmp_path: Path) -> None:
    code, output = run(mini(tmp_path), "preview", "--report", str(tmp_path / "r.txt"))
    assert code == 2
    assert "name a .json or .html file" in output
