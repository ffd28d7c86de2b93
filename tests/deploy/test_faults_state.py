"""Fault injection, state integrity: real Terraform on terraform_data stacks.

A state that does not parse is named as such (never as a held lock), shown as unreadable
by status and outputs with the backup to restore, while healthy layers are still shown;
a state emptied or lost without a destroy by streamctl is refused before any plan unless
--accept-state-loss; errored.tfstate after a failed state write is detected and the
`terraform state push` recovery printed.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from support.cli import invoke, statuses
from support.faults import chain_stack, layer_data, layer_logs, run_json

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAULTS_API_KEY", "K3y<&>value-9f31")


def args(manifest: Path, *extra: str) -> list[str]:
    return ["--stack", str(manifest), "--terraform", "terraform", *extra]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def applied(tmp_path: Path) -> Path:
    manifest = chain_stack(tmp_path)
    code, report, _ = run_json(["up", "--yes", *args(manifest)])
    assert code == 0 and statuses(report) == {"source": "applied", "consumer": "applied"}
    return manifest


def test_a_state_that_does_not_parse_is_named_so_and_shown_as_unreadable(applied: Path) -> None:
    state = layer_data(applied, "source") / "terraform.tfstate"
    state.write_text('{"version": 4, "serial": 3, garbage')

    code, report, _ = run_json(["up", "--yes", *args(applied)])
    assert code == 1
    row = {r["layer"]: r for r in report["layers"]}["source"]
    assert row["status"] == "failed"
    assert f"state file {state} is not valid Terraform state" in row["reason"]
    assert "terraform.tfstate.backup" in row["reason"]
    assert "force-unlock" not in json.dumps(report) and "state lock" not in json.dumps(report)
    assert statuses(report)["consumer"] == "blocked"

    code, doc, _ = run_json(["status", *args(applied)])
    assert code == 1
    rows = {r["layer"]: r for r in doc["layers"]}
    assert rows["source"]["state"] == "unreadable" and rows["source"]["applied"] is None
    assert "is not valid Terraform state" in rows["source"]["problem"]
    assert (rows["consumer"]["state"], rows["consumer"]["resources"]) == ("ok", 3)

    table = invoke(["status", *args(applied)])
    assert table.exit_code == 1 and "unreadable" in table.stdout
    outputs = invoke(["outputs", *args(applied)])
    assert outputs.exit_code == 1 and "Traceback" not in outputs.output
    assert "state unreadable" in outputs.stdout and "fallback" in outputs.stdout  # consumer
    assert "is not valid Terraform state" in outputs.stderr


@pytest.mark.parametrize("how", ["emptied", "deleted", "resources removed"])
def test_a_state_that_lost_resources_is_refused_before_any_plan(applied: Path, how: str) -> None:
    source, consumer = layer_data(applied, "source"), layer_data(applied, "consumer")
    state = source / "terraform.tfstate"
    if how == "emptied":
        state.write_text("")
    elif how == "deleted":
        state.unlink()
    else:
        doc = json.loads(state.read_text())
        doc["resources"] = []
        doc["serial"] += 1
        state.write_text(json.dumps(doc))
    consumer_before = digest(consumer / "terraform.tfstate")
    logs_before = layer_logs(applied, "source")

    code, report, _ = run_json(["up", "--yes", *args(applied)])
    assert code == 1
    reason = {r["layer"]: r for r in report["layers"]}["source"]["reason"]
    assert "layer 'source':" in reason and "it held 4 resource(s)" in reason
    assert "streamctl destroyed nothing since" in reason and "--accept-state-loss" in reason
    assert statuses(report)["consumer"] == "blocked"
    # Refused before any plan: no Terraform ran on source, the dependent is untouched.
    assert layer_logs(applied, "source") == logs_before
    assert digest(consumer / "terraform.tfstate") == consumer_before
    code, doc, _ = run_json(["status", *args(applied)])
    assert code == 1 and {r["layer"]: r["state"] for r in doc["layers"]}["source"] == "lost"

    # The explicit flag lets the user proceed (here: re-create what is really gone).
    code, report, _ = run_json(["up", "--yes", *args(applied, "--accept-state-loss")])
    assert code == 0, report
    assert statuses(report)["source"] == "applied"
    code, report, _ = run_json(["up", "--yes", *args(applied)])
    assert code == 0 and set(statuses(report).values()) == {"unchanged"}


BULKY = """
[stack]
name = "faults"
environment = "faults"

[layers.bulky]
path = "bulky"
vars = {{ generation = {generation} }}
"""


def test_errored_tfstate_is_detected_and_the_state_push_recovery_printed(tmp_path: Path) -> None:
    manifest = chain_stack(tmp_path)
    manifest.write_text(BULKY.format(generation=1))
    data = layer_data(manifest, "bulky")
    assert invoke(["up", "--yes", *args(manifest)]).exit_code == 0
    # A backup Terraform cannot write (a directory in its place): the apply succeeds in
    # AWS terms but the state write fails, and Terraform saves errored.tfstate.
    (data / "terraform.tfstate.backup").mkdir()
    manifest.write_text(BULKY.format(generation=2))
    code, report, _ = run_json(["up", "--yes", *args(manifest)])
    assert code == 1
    (row,) = report["layers"]
    (errored,) = data.glob("tree/**/errored.tfstate")  # in the working copy Terraform ran in
    workdir = errored.parent
    # errored.tfstate keeps the old serial, so Terraform's own advice (state push) is
    # refused: the printed command forces it.
    push = f"terraform -chdir={workdir} state push -force errored.tfstate"
    assert "could not write this layer's state" in row["reason"] and push in row["reason"]
    assert (workdir / "errored.tfstate").is_file()

    # Until it is pushed, nothing plans on the stale state.
    code, report, _ = run_json(["up", "--yes", *args(manifest)])
    assert code == 1 and push in report["layers"][0]["reason"]
    code, doc, _ = run_json(["status", *args(manifest)])
    assert code == 1 and doc["layers"][0]["state"] == "errored"

    # The printed recovery works.
    (data / "terraform.tfstate.backup").rmdir()
    subprocess.run(push.split(), check=True, capture_output=True)
    (workdir / "errored.tfstate").unlink()
    # errored.tfstate recorded the destroy half of the replacement (Terraform stopped at
    # the failed write): pushed, the state says what exists, and up creates the new one.
    code, report, _ = run_json(["up", "--yes", *args(manifest)])
    assert code == 0 and statuses(report) == {"bulky": "applied"}
    assert report["layers"][0]["changes"] == {"add": 1, "change": 0, "destroy": 0}
    code, report, _ = run_json(["up", "--yes", *args(manifest)])
    assert code == 0 and statuses(report) == {"bulky": "unchanged"}
