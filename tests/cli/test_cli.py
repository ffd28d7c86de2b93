"""The command line through CliRunner: exit codes, messages, --json shapes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from support.cli import invoke, json_stdout, statuses
from support.fixtures import copy_fixture
from support.terraform import TerraformCall, use_private_tf_config

RUN_KEYS = {"stack", "environment", "target", "layers", "log_dir"}
LAYER_RESULT_KEYS = {"layer", "status", "reason", "changes", "duration_seconds", "log"}
STATUS_ROW_KEYS = {
    "layer",
    "applied",
    "resources",
    "state",
    "problem",
    "last_operation",
    "last_result",
    "last_run_at",
}


def assert_clean_failure(result: Result, code: int, *needles: str) -> None:
    """An expected error: the exit code, a message naming what is wrong, no traceback."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert "error:" in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


@pytest.fixture
def platform9(tmp_path: Path) -> Path:
    return copy_fixture("platform9", tmp_path) / "stack.toml"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return copy_fixture("mini", tmp_path) / "live" / "dev" / "stack.toml"


# -- graph -----------------------------------------------------------------------------


def test_graph_dot(platform9: Path) -> None:
    result = invoke(["graph", "--stack", str(platform9), "--format", "dot"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == 'digraph "platform9" {'
    assert lines[-1] == "}"
    assert '  "network" -> "security";' in lines
    assert '  "kms" -> "security";' in lines
    assert '  "database" -> "observability";' in lines
    assert sum("->" in line for line in lines) == 14


def test_graph_mermaid(platform9: Path) -> None:
    result = invoke(["graph", "--stack", str(platform9), "--format", "mermaid"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "graph LR"
    assert "  kms" in lines and "  network" in lines  # roots listed on their own
    assert "  network --> security" in lines
    assert "  cdn --> dns" in lines
    assert sum("-->" in line for line in lines) == 14


def test_graph_tree_lists_layers_in_dependency_order(platform9: Path) -> None:
    result = invoke(["graph", "--stack", str(platform9)])
    assert result.exit_code == 0
    text = result.stdout
    assert text.index("kms") < text.index("security") < text.index("database")
    assert "vpc_id <- network.vpc_id" in text


def test_graph_unknown_format(platform9: Path) -> None:
    result = invoke(["graph", "--stack", str(platform9), "--format", "svg"])
    assert_clean_failure(result, 2, "svg", "dot", "mermaid")


def test_env_option_finds_live_env_stack(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini.parents[2])
    assert invoke(["graph", "--env", "dev", "-f", "mermaid"]).stdout.splitlines() == [
        "graph LR",
        "  base",
        "  base --> app",
    ]


# -- configuration and usage errors (exit 2, before Terraform) ---------------------------


def test_missing_manifest(tmp_path: Path, terraform_calls: list[TerraformCall]) -> None:
    result = invoke(["preview", "--stack", str(tmp_path / "nope.toml")])
    assert_clean_failure(result, 2, "nope.toml", "no such stack manifest")
    assert terraform_calls == []


def test_env_without_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(["status", "--env", "staging"])
    assert_clean_failure(result, 2, "live/staging/stack.toml")


def test_bad_manifest_names_file_layer_and_key(
    platform9: Path, terraform_calls: list[TerraformCall]
) -> None:
    text = platform9.read_text().replace('"network.vpc_id"', '"network.vpc"')
    platform9.write_text(text)
    result = invoke(["up", "--yes", "--stack", str(platform9)])
    assert_clean_failure(result, 2, str(platform9), "layer 'security'", "inputs.vpc_id")
    assert terraform_calls == []


@pytest.mark.parametrize(("value", "kind"), [('["a", 1]', "string"), ("{ a = 1 }", "string")])
def test_static_var_of_the_wrong_type_stops_before_any_terraform(
    mini: Path, value: str, kind: str, terraform_calls: list[TerraformCall]
) -> None:
    # app waits for base: without a check at load, base is applied before Terraform
    # first sees the bad value.
    mini.write_text(mini.read_text().replace('greeting = "hello"', f"greeting = {value}"))
    result = invoke(["up", "--yes", "--stack", str(mini)])
    assert_clean_failure(result, 2, "layer 'app'", "vars.greeting", f"type ({kind})")
    assert terraform_calls == []


def test_static_number_var_rejects_a_word(tmp_path: Path) -> None:
    manifest = copy_fixture("branches", tmp_path) / "concurrent.toml"
    manifest.write_text(
        manifest.read_text().replace("sleep_seconds = 3 }", 'sleep_seconds = "x" }', 1)
    )
    result = invoke(["graph", "--stack", str(manifest)])
    assert_clean_failure(result, 2, "layer 'slow_a'", "vars.sleep_seconds", "(number)")


def test_layer_path_without_tf_files(mini: Path) -> None:
    (mini.parent / "typo").mkdir()
    mini.write_text(mini.read_text().replace('path = "base"', 'path = "typo"'))
    result = invoke(["preview", "--stack", str(mini)])
    assert_clean_failure(result, 2, "layer 'base'", "path 'typo' holds no .tf files")


def test_manifest_that_is_not_utf8(tmp_path: Path) -> None:
    manifest = tmp_path / "stack.toml"
    manifest.write_text('[stack]\nname = "x"\n', encoding="utf-16")  # an editor's choice
    result = invoke(["status", "--stack", str(manifest)])
    assert_clean_failure(result, 2, str(manifest), "not UTF-8", "save it as UTF-8")


def test_layer_path_that_is_a_file_says_so(mini: Path) -> None:
    text = mini.read_text().replace('path = "base"', 'path = "base/main.tf"')
    mini.write_text(text)
    result = invoke(["graph", "--stack", str(mini)])
    assert_clean_failure(result, 2, "layer 'base'", "path 'base/main.tf' is a file")
    assert "does not exist" not in result.stderr


@pytest.mark.parametrize("command", ["preview", "up", "outputs", "status"])
def test_unknown_layer_names_the_stack_layers(
    platform9: Path, command: str, terraform_calls: list[TerraformCall]
) -> None:
    args = [command, "--stack", str(platform9), "-l", "databse"]
    result = invoke([*args, "--yes"] if command == "up" else args)
    assert_clean_failure(
        result, 2, "unknown layer 'databse'", "kms, network, security", "observability"
    )
    assert terraform_calls == []


@pytest.mark.parametrize("command", [["preview"], ["up", "--yes"]])
def test_missing_secret_stops_before_any_terraform(
    platform9: Path,
    command: list[str],
    terraform_calls: list[TerraformCall],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("STREAMCTL_TEST_DB_PASSWORD", raising=False)
    result = invoke([*command, "--stack", str(platform9), "--terraform", "terraform"])
    assert_clean_failure(result, 2, "STREAMCTL_TEST_DB_PASSWORD", "layer 'database'")
    assert terraform_calls == []
    assert not (platform9.parent / ".streamctl" / "test" / "aws" / "kms").exists()


@pytest.mark.parametrize("command", ["up", "down"])
def test_no_yes_and_no_terminal_refuses(
    platform9: Path, command: str, terraform_calls: list[TerraformCall]
) -> None:
    result = invoke([command, "--stack", str(platform9)])
    assert_clean_failure(result, 2, "--yes", "preview")
    assert terraform_calls == []


def test_parallelism_must_be_positive(platform9: Path) -> None:
    result = invoke(["preview", "--stack", str(platform9), "--parallelism", "0"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# -- reading a stack that was never applied (no Terraform needed) --------------------------


def test_outputs_of_a_fresh_stack(mini: Path, terraform_calls: list[TerraformCall]) -> None:
    result = invoke(["outputs", "--stack", str(mini), "--json"])
    assert result.exit_code == 0
    assert json_stdout(result) == {"base": None, "app": None}
    flat = invoke(["outputs", "--stack", str(mini), "--flat"])
    assert (flat.exit_code, json_stdout(flat)) == (0, {})
    table = invoke(["outputs", "--stack", str(mini)])
    assert table.exit_code == 0
    assert "(not applied)" in table.stdout
    assert terraform_calls == []


def test_status_of_a_fresh_stack(mini: Path, terraform_calls: list[TerraformCall]) -> None:
    result = invoke(["status", "--stack", str(mini), "--json"])
    assert result.exit_code == 0
    report = json_stdout(result)
    assert set(report) == {"stack", "environment", "target", "layers"}
    assert (report["stack"], report["environment"], report["target"]) == ("mini", "dev", "aws")
    for row in report["layers"]:
        assert set(row) == STATUS_ROW_KEYS
        assert (row["applied"], row["resources"], row["last_result"]) == (False, 0, None)
    assert terraform_calls == []


# -- commands that run Terraform ------------------------------------------------------------


@pytest.fixture(scope="module")
def applied_mini(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Any]]:
    """The mini stack applied once with the terraform executable; read-only afterwards."""
    root = tmp_path_factory.mktemp("applied")
    with pytest.MonkeyPatch.context() as mp:
        use_private_tf_config(mp, root)
        manifest = copy_fixture("mini", root) / "live" / "dev" / "stack.toml"
        result = invoke(
            ["up", "--yes", "--json", "--stack", str(manifest), "--terraform", "terraform"]
        )
        assert result.exit_code == 0, result.output
        yield manifest, json_stdout(result)


@pytest.mark.integration
def test_up_json_shape(applied_mini: tuple[Path, Any]) -> None:
    manifest, report = applied_mini
    assert set(report) == RUN_KEYS
    assert (report["stack"], report["environment"], report["target"]) == ("mini", "dev", "aws")
    assert Path(report["log_dir"]).is_relative_to(manifest.parent / ".streamctl" / "dev" / "aws")
    assert [row["layer"] for row in report["layers"]] == ["base", "app"]
    for row in report["layers"]:
        assert set(row) == LAYER_RESULT_KEYS
        assert row["status"] == "applied"
        assert row["changes"] == {"add": 1, "change": 0, "destroy": 0}
        assert row["duration_seconds"] > 0
        assert Path(row["log"]).parent == Path(report["log_dir"])


@pytest.mark.integration
def test_outputs_json_masks_sensitive_values(applied_mini: tuple[Path, Any]) -> None:
    manifest, _ = applied_mini
    result = invoke(["outputs", "--json", "--stack", str(manifest), "--terraform", "terraform"])
    assert result.exit_code == 0
    found = json_stdout(result)
    assert set(found) == {"base", "app"}
    assert set(found["base"]) == {"id", "name", "tags", "token"}
    assert found["base"]["name"] == {"value": "base-dev-eu-west-1", "sensitive": False}
    assert found["base"]["tags"]["value"] == {"Project": "streamctl-tests"}
    assert found["base"]["token"] == {"value": "(sensitive)", "sensitive": True}
    assert found["app"]["label"]["value"] == "hello-base-dev-eu-west-1"
    shown = json_stdout(invoke(["outputs", "--json", "--show-secrets", "--stack", str(manifest)]))
    assert shown["base"]["token"]["value"] == "tok-" + shown["base"]["id"]["value"]


@pytest.mark.integration
def test_outputs_flat_prefixes_clashing_names(applied_mini: tuple[Path, Any]) -> None:
    manifest, _ = applied_mini
    result = invoke(["outputs", "--flat", "--stack", str(manifest), "--terraform", "terraform"])
    assert result.exit_code == 0
    flat = json_stdout(result)
    # `id` is declared by both layers: prefixed; the other names stay plain. The sensitive
    # `token` is left out, never given "(sensitive)" as its value.
    assert set(flat) == {"base_id", "app_id", "name", "tags", "label"}
    assert flat["base_id"] != flat["app_id"]
    shown = json_stdout(invoke(["outputs", "--flat", "--show-secrets", "--stack", str(manifest)]))
    assert shown["token"] == "tok-" + flat["base_id"]


@pytest.mark.integration
def test_outputs_table_masks_sensitive_values(applied_mini: tuple[Path, Any]) -> None:
    manifest, _ = applied_mini
    flat = json_stdout(invoke(["outputs", "--flat", "--show-secrets", "--stack", str(manifest)]))
    result = invoke(["outputs", "--stack", str(manifest)])
    assert result.exit_code == 0
    assert "(sensitive)" in result.stdout
    assert flat["token"] not in result.stdout
    assert "hello-base-dev-eu-west-1" in result.stdout


@pytest.mark.integration
def test_outputs_table_folds_long_values_never_cuts_them(
    applied_mini: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A narrow terminal, or a pipe (80 columns): a value cut short with an ellipsis is a
    # wrong value to copy or grep; the table must wrap it instead.
    from streamctl.cli.console import out

    manifest, _ = applied_mini
    flat = json_stdout(invoke(["outputs", "--flat", "--stack", str(manifest)]))
    monkeypatch.setattr(out, "width", 44)
    result = invoke(["outputs", "--stack", str(manifest)])
    assert result.exit_code == 0
    assert "…" not in result.stdout
    cells = [line.split("│")[3].strip() for line in result.stdout.splitlines() if "│" in line]
    assert flat["base_id"] in "".join(cells)


@pytest.mark.integration
def test_status_json_after_up(applied_mini: tuple[Path, Any]) -> None:
    manifest, _ = applied_mini
    result = invoke(["status", "--json", "--stack", str(manifest), "--terraform", "terraform"])
    assert result.exit_code == 0
    report = json_stdout(result)
    assert set(report) == {"stack", "environment", "target", "layers"}
    for row in report["layers"]:
        assert set(row) == STATUS_ROW_KEYS
        assert row["applied"] is True
        assert row["resources"] == 1
        assert (row["last_operation"], row["last_result"]) == ("apply", "applied")
        assert row["last_run_at"]


@pytest.mark.integration
def test_preview_json_of_a_fresh_stack(mini: Path) -> None:
    result = invoke(["preview", "--json", "--stack", str(mini), "--terraform", "terraform"])
    assert result.exit_code == 0, result.output
    report = json_stdout(result)
    assert set(report) == RUN_KEYS
    base, app = report["layers"]
    assert set(base) == set(app) == LAYER_RESULT_KEYS
    assert (base["status"], base["changes"]) == ("planned", {"add": 1, "change": 0, "destroy": 0})
    assert app["status"] == "waiting"
    assert "base" in app["reason"]
    assert app["changes"] is None


def summary_rows(stdout: str) -> dict[str, str]:
    """layer -> its summary table row, with the detail column's wrapped lines joined."""
    rows: dict[str, str] = {}
    name = ""
    for line in stdout.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) < 2:
            continue
        name = cells[0] or name
        rows[name] = (rows.get(name, "") + " " + " ".join(cells[1:])).strip()
    return rows


@pytest.mark.integration
def test_a_failed_layer_exits_1_without_traceback(tmp_path: Path) -> None:
    manifest = copy_fixture("branches", tmp_path) / "failing.toml"
    result = invoke(["up", "--yes", "--stack", str(manifest), "--terraform", "terraform"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "broken failed" in result.stderr
    assert "local-exec provisioner error" in result.stderr
    assert "blocked by failed layer 'broken'" in result.stdout
    assert "Logs:" in result.stdout
    # Without a terminal, progress is plain lines, one per step, prefixed by the layer.
    assert "[solo] applied: +1 ~0 -0" in result.stdout
    assert "[after_broken] waiting: waiting for layer 'broken'" in result.stdout
    # The summary and the progress line name the error, not only "terraform apply failed:".
    assert "[broken] failed: terraform apply failed: Error: local-exec provisioner error" in (
        result.stdout
    )
    assert "local-exec provisioner error" in summary_rows(result.stdout)["broken"]


@pytest.mark.integration
def test_layers_that_never_ran_terraform_leave_no_empty_log(tmp_path: Path) -> None:
    manifest = copy_fixture("branches", tmp_path) / "failing.toml"
    result = invoke(["up", "--yes", "--json", "--stack", str(manifest), "--terraform", "terraform"])
    log_dir = Path(json_stdout(result)["log_dir"])
    logs = sorted(p.name for p in log_dir.iterdir())
    # after_* waited, so `up` initialised them during the preview (their init is then off
    # the critical path), and then were blocked: an init and no plan in their logs.
    assert logs == ["after_after.log", "after_broken.log", "broken.log", "solo.log"]
    assert all((log_dir / name).stat().st_size for name in logs)
    for name in ("after_after.log", "after_broken.log"):
        commands = [ln for ln in (log_dir / name).read_text().splitlines() if ln.startswith("$ ")]
        assert [c.split()[2] for c in commands] == ["init"], commands


@pytest.mark.integration
def test_an_engine_that_is_not_terraform_gets_a_message_not_a_traceback(
    mini: Path, tmp_path: Path
) -> None:
    # A saved plan, read back with `show -json` (outputs of a local state need no Terraform).
    assert invoke(["preview", "--stack", str(mini), "--terraform", "terraform"]).exit_code == 0
    fake = tmp_path / "not-terraform"
    fake.write_text("#!/bin/sh\necho usage: not-terraform\n")
    fake.chmod(0o755)
    result = invoke(["show", "base", "--stack", str(mini), "--terraform", str(fake)])
    assert_clean_failure(result, 1, "printed no JSON", f"is {fake} Terraform or OpenTofu?")


@pytest.mark.integration
def test_a_failed_apply_reports_the_time_it_took(tmp_path: Path) -> None:
    layer = tmp_path / "slow_failure"
    layer.mkdir()
    (layer / "main.tf").write_text(
        'resource "terraform_data" "this" {\n'
        '  provisioner "local-exec" {\n    command = "sleep 2; exit 1"\n  }\n}\n'
    )
    manifest = tmp_path / "stack.toml"
    manifest.write_text('[stack]\nname = "x"\n[layers.slow_failure]\npath = "slow_failure"\n')
    result = invoke(["up", "--yes", "--json", "--stack", str(manifest), "--terraform", "terraform"])
    assert result.exit_code == 1, result.output
    (row,) = json_stdout(result)["layers"]
    assert row["status"] == "failed"
    assert row["duration_seconds"] >= 2  # the sleep alone; not only the plan's time


@pytest.mark.integration
def test_outputs_table_names_an_applied_layer_without_outputs(tmp_path: Path) -> None:
    manifest = copy_fixture("branches", tmp_path) / "concurrent.toml"
    args = ["--stack", str(manifest), "--terraform", "terraform"]
    assert invoke(["up", "--yes", "-l", "slow_a", *args]).exit_code == 0
    rows = summary_rows(invoke(["outputs", *args]).stdout)
    assert rows["slow_a"] == "(no outputs)"
    assert rows["slow_b"] == "(not applied)"


@pytest.mark.integration
def test_a_failed_layer_json_report(tmp_path: Path) -> None:
    manifest = copy_fixture("branches", tmp_path) / "failing.toml"
    result = invoke(["up", "--yes", "--json", "--stack", str(manifest), "--terraform", "terraform"])
    assert result.exit_code == 1
    assert statuses(json_stdout(result)) == {
        "broken": "failed",
        "after_broken": "blocked",
        "after_after": "blocked",
        "solo": "applied",
    }
