"""Fault injection, secrets: a failing apply that prints a manifest secret, a dependent
that prints a sensitive map's values. Neither reaches anything streamctl writes, raw or
escaped; run records are 0600; a sensitive output wired into a variable that is not
sensitive is a configuration error at load."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from streamctl.redaction import forms
from support.cli import invoke, statuses
from support.faults import API_KEY, MAP_PASSWORD, chain_stack, layer_data

pytestmark = pytest.mark.integration

# Terraform's own files hold the values by design (0600 in a 0700 directory).
TERRAFORM_FILES = {"terraform.tfstate", "terraform.tfstate.backup", "plan.tfplan"}


@pytest.fixture(autouse=True)
def api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAULTS_API_KEY", API_KEY)


def args(manifest: Path, *extra: str) -> list[str]:
    return ["--stack", str(manifest), "--terraform", "terraform", *extra]


def written_by_streamctl(manifest: Path) -> dict[Path, str]:
    found: dict[Path, str] = {}
    for path in (manifest.parent / ".streamctl").rglob("*"):
        if ".terraform" in path.parts or not path.is_file() or path.is_symlink():
            continue
        if path.name in TERRAFORM_FILES or path.name.endswith(".tfvars.json"):
            continue
        found[path] = path.read_text(errors="replace")
    return found


def assert_nowhere(secret: str, *texts: str, files: dict[Path, str]) -> None:
    spellings = {f for f in forms(secret) if len(f) >= 6}
    for text in texts:
        for spelling in spellings:
            assert spelling not in text, spelling
    for path, text in files.items():
        for spelling in spellings:
            assert spelling not in text, f"{spelling!r} in {path}"


def test_a_failing_apply_keeps_the_secret_out_of_json_logs_and_records(tmp_path: Path) -> None:
    manifest = chain_stack(tmp_path, fail=True)
    reports = [tmp_path / "reports" / "run.json", tmp_path / "reports" / "run.html"]
    written = [a for r in reports for a in ("--report", str(r))]
    result = invoke(["up", "--yes", "--json", *written, *args(manifest)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert statuses(report)["source"] == "failed"
    reason = {r["layer"]: r for r in report["layers"]}["source"]["reason"]
    assert "calling with (redacted)" in reason  # the error is there, the value is not
    log = Path(report["layers"][0]["log"]).read_text()
    assert "(redacted)" in log
    files = written_by_streamctl(manifest)
    assert any(p.name == "last-run.json" for p in files)
    files |= {r: r.read_text() for r in reports}  # the run reports quote the reason too
    assert "(redacted)" in files[reports[0]]
    assert_nowhere(API_KEY, result.stdout, result.stderr, files=files)
    for path in layer_data(manifest, "source").iterdir():
        if path.is_file() and path.name in {"last-run.json", "state-record.json"}:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path

    table = invoke(["up", "--yes", *args(manifest)])
    assert_nowhere(API_KEY, table.stdout, table.stderr, files=written_by_streamctl(manifest))


def test_a_sensitive_map_printed_downstream_is_redacted_in_its_log(tmp_path: Path) -> None:
    manifest = chain_stack(tmp_path)
    result = invoke(["up", "--yes", "--json", *args(manifest)])
    assert result.exit_code == 0, result.output
    consumer_log = {r["layer"]: r for r in json.loads(result.stdout)["layers"]}["consumer"]["log"]
    assert "connecting (redacted) (redacted)" in Path(consumer_log).read_text()
    files = written_by_streamctl(manifest)
    assert_nowhere(MAP_PASSWORD, result.stdout, result.stderr, files=files)
    assert_nowhere("54321", result.stdout, result.stderr, files=files)


def test_a_sensitive_output_into_a_plain_variable_is_a_config_error(tmp_path: Path) -> None:
    manifest = chain_stack(tmp_path)
    consumer = manifest.parent / "chain" / "consumer" / "main.tf"
    consumer.write_text(consumer.read_text().replace("  sensitive   = true\n", ""))
    result = invoke(["up", "--yes", *args(manifest)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "inputs.credentials = 'source.credentials' is sensitive, but variable" in (
        result.stderr.replace("\n", " ")
    )
    assert not (manifest.parent / ".streamctl").exists()  # stopped before any Terraform
