"""Command building and engine choice, with the process boundary faked."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

from streamctl.errors import OperationError, TerraformNotFoundError
from streamctl.manifest import Layer, Stack
from streamctl.redaction import Redactor
from streamctl.runlog import LayerLog
from streamctl.terraform.engine import EMBEDDED, GO_GC_PERCENT, Completed, Terraform, find_terraform
from streamctl.terraform.layer import LayerTerraform
from streamctl.terraform.workcopy import LayerWorkCopy

DATA = Path(__file__).parent / "data"


class ScriptedTerraform(Terraform):
    """Answers each subcommand with canned stdout lines and an exit code."""

    def __init__(self, answers: Mapping[str, tuple[int, str, str]] | None = None) -> None:
        super().__init__(["fake-terraform"], "terraform")
        self.answers = dict(answers or {})
        self.calls: list[tuple[list[str], Path, dict[str, str]]] = []

    def run(
        self,
        args: Sequence[str],
        *,
        cwd: Path,
        env: Mapping[str, str] | None = None,
        on_line: Callable[[str], None] | None = None,
        owner: Path | None = None,
        layer: str = "",
    ) -> Completed:
        self.calls.append((list(args), cwd, dict(env or {})))
        code, stdout, stderr = self.answers.get(args[0], (0, "", ""))
        for line in stdout.splitlines():
            if on_line:
                on_line(line)
        return Completed(code, stdout, stderr)

    def commands(self) -> list[str]:
        return [args[0] for args, _, _ in self.calls]


@pytest.fixture
def layer_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "app"
    directory.mkdir()
    (directory / "main.tf").write_text('resource "terraform_data" "this" {}\n')
    return directory


def layer_terraform(layer_dir: Path, fake: ScriptedTerraform) -> LayerTerraform:
    stack = Stack("s", "dev", None, {}, layer_dir.parent / "stack.toml", {})
    ws = LayerWorkCopy(stack, Layer("app", layer_dir), "aws")
    log = LayerLog(ws.root / "app.log", Redactor())
    return LayerTerraform(fake, ws, log)


def test_init_runs_in_the_working_copy(layer_dir: Path) -> None:
    fake = ScriptedTerraform()
    lt = layer_terraform(layer_dir, fake)
    lt.prepare({})
    (args, cwd, env) = fake.calls[0]
    assert args == ["init", "-input=false", "-no-color"]
    assert cwd == lt.copy.workdir
    assert cwd != layer_dir
    # No shared plugin cache: providers come from the store (tests/unit/test_providers.py).
    assert "TF_PLUGIN_CACHE_DIR" not in env
    backend = json.loads((cwd / "zz_streamctl_backend_override.tf.json").read_text())
    assert backend == {"terraform": {"backend": {"local": {"path": str(lt.copy.state_file)}}}}


def test_init_is_skipped_when_nothing_it_depends_on_changed(layer_dir: Path) -> None:
    fake = ScriptedTerraform()
    lt = layer_terraform(layer_dir, fake)
    lt.prepare({})
    (lt.copy.workdir / ".terraform").mkdir()  # what a real init leaves
    lt.prepare({})
    assert fake.commands() == ["init"]
    (layer_dir / "extra.tf").write_text("")
    lt.prepare({})
    assert fake.commands() == ["init", "init"]


def test_plan_saves_a_plan_file_and_reads_the_change_summary(layer_dir: Path) -> None:
    plan_lines = (DATA / "plan_ok_tf1.11.jsonl").read_text()
    fake = ScriptedTerraform({"plan": (0, plan_lines, "")})
    lt = layer_terraform(layer_dir, fake)
    var_files = [lt.copy.inputs_file, lt.copy.secrets_file]
    changes = lt.plan(var_files)
    (args, _, _) = fake.calls[-1]
    assert args == [
        "plan",
        "-input=false",
        "-json",
        f"-out={lt.copy.plan_file}",
        f"-var-file={lt.copy.inputs_file}",
        f"-var-file={lt.copy.secrets_file}",
    ]
    assert (changes.add, changes.change, changes.remove) == (1, 0, 0)
    lt.plan([], destroy=True)
    assert fake.calls[-1][0][-1] == "-destroy"


def test_apply_uses_the_saved_plan_once(layer_dir: Path) -> None:
    fake = ScriptedTerraform({"apply": (0, (DATA / "apply_ok_tf1.11.jsonl").read_text(), "")})
    lt = layer_terraform(layer_dir, fake)
    lt.copy.root.mkdir(parents=True, exist_ok=True)
    lt.copy.plan_file.write_text("plan")
    seen: list[str] = []
    changes = lt.apply(on_event=lambda event: seen.append(event.type))
    assert fake.calls[-1][0] == [
        "apply",
        "-input=false",
        "-json",
        "-auto-approve",
        str(lt.copy.plan_file),
    ]
    assert changes.add == 1
    assert "apply_start" in seen and "apply_complete" in seen
    assert not lt.copy.plan_file.exists()


def test_a_failed_apply_reports_terraform_diagnostics(layer_dir: Path) -> None:
    failing = (DATA / "apply_errored_tf1.11.jsonl").read_text()
    fake = ScriptedTerraform({"apply": (1, failing, "")})
    lt = layer_terraform(layer_dir, fake)
    with pytest.raises(OperationError) as caught:
        lt.apply()
    message = str(caught.value)
    assert message.startswith("terraform apply failed:\nError: local-exec provisioner error")
    assert "(main.tf:2)" in message
    assert "exit status 1" in message


def test_a_failed_init_without_registry_says_how_to_use_a_mirror(layer_dir: Path) -> None:
    stderr = "Error: Failed to query available provider packages\ncould not connect to registry"
    fake = ScriptedTerraform({"init": (1, "", stderr)})
    with pytest.raises(OperationError) as caught:
        layer_terraform(layer_dir, fake).prepare({})
    assert "--provider-mirror DIR" in str(caught.value)
    assert "STREAMCTL_PROVIDER_MIRROR=DIR" in str(caught.value)


def test_outputs_are_not_written_to_the_log(layer_dir: Path) -> None:
    raw = {"token": {"value": "very-secret-token", "sensitive": True, "type": "string"}}
    fake = ScriptedTerraform({"output": (0, json.dumps(raw), "")})
    lt = layer_terraform(layer_dir, fake)
    values = lt.outputs()
    assert values["token"].value == "very-secret-token"
    assert values["token"].sensitive
    assert lt.log.path is not None
    log = lt.log.path.read_text()
    assert "very-secret-token" not in log
    assert "$ terraform output -json" in log


def test_state_resources_counts_managed_resources_only(layer_dir: Path) -> None:
    listing = "terraform_data.a\ndata.aws_caller_identity.this\nmodule.x.terraform_data.b\n"
    fake = ScriptedTerraform({"state": (0, listing, "")})
    assert layer_terraform(layer_dir, fake).state_resources() == 2


# -- choosing the engine ---------------------------------------------------------------------


def test_embedded_engine_runs_the_worker_in_this_python() -> None:
    engine = find_terraform(EMBEDDED)
    assert engine.kind == EMBEDDED
    assert engine.argv == (sys.executable, "-m", "streamctl.terraform.embedded_worker")


def test_named_executable_not_found_is_a_usage_error() -> None:
    with pytest.raises(TerraformNotFoundError) as caught:
        find_terraform("terraform-that-does-not-exist")
    assert caught.value.exit_code == 2
    assert "terraform-that-does-not-exist" in str(caught.value)
    assert "embedded" in str(caught.value)


def test_environment_variable_names_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STREAMCTL_TERRAFORM", EMBEDDED)
    assert find_terraform().kind == EMBEDDED
    assert find_terraform("terraform").kind == "terraform"  # the option wins


def test_no_executable_on_path_falls_back_to_embedded(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_terraform().kind == EMBEDDED


def test_a_tofu_executable_is_found_and_labelled(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    tofu = tmp_path / "tofu"
    tofu.write_text('#!/bin/sh\necho \'{"terraform_version": "1.9.1"}\'\n')
    tofu.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    engine = find_terraform()
    assert (engine.kind, engine.argv) == ("tofu", (str(tofu),))
    assert engine.version == (1, 9, 1)
    assert engine.label == f"tofu 1.9.1 ({tofu})"


def test_run_streams_lines_and_adds_automation_environment(tmp_path: Path) -> None:
    script = tmp_path / "fake"
    script.write_text('#!/bin/sh\necho "one $TF_IN_AUTOMATION"\necho two\necho oops >&2\nexit 3\n')
    script.chmod(0o755)
    lines: list[str] = []
    result = Terraform([str(script)], "terraform").run(["x"], cwd=tmp_path, on_line=lines.append)
    assert lines == ["one 1", "two"]
    assert (result.returncode, result.stderr, result.ok) == (3, "oops\n", False)


def test_terraform_runs_with_a_lazier_go_collector_unless_the_user_set_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "fake"
    script.write_text('#!/bin/sh\necho "GOGC=$GOGC"\n')
    script.chmod(0o755)
    engine = Terraform([str(script)], "terraform")
    monkeypatch.delenv("GOGC", raising=False)
    assert engine.run(["x"], cwd=tmp_path).stdout == f"GOGC={GO_GC_PERCENT}\n"
    monkeypatch.setenv("GOGC", "50")
    assert engine.run(["x"], cwd=tmp_path).stdout == "GOGC=50\n"
