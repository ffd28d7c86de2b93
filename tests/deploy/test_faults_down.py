"""Fault injection, teardown and wiring: real Terraform on the `chain` stack.

`down` fails while a selected layer still holds resources; a dependent is destroyed from
the inputs of its last apply once its upstream's outputs are gone; a repeated `down` is a
quiet success; an upstream output that is applied but null reaches its dependent as null.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from support.cli import statuses
from support.faults import API_KEY, chain_stack, layer_data, run_json

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAULTS_API_KEY", API_KEY)


def args(manifest: Path, *extra: str) -> list[str]:
    return ["--stack", str(manifest), "--terraform", "terraform", *extra]


def resources(manifest: Path) -> dict[str, int]:
    code, doc, _ = run_json(["status", *args(manifest)])
    assert code == 0, doc
    return {row["layer"]: row["resources"] for row in doc["layers"]}


def destroy_by_hand(data: Path) -> None:
    """`terraform destroy` in the layer's working copy, outside streamctl."""
    workdir = next(p.parent for p in data.glob("tree/**/main.tf"))
    var_files = [
        f"-var-file={data / name}" for name in ("inputs.tfvars.json", "secrets.tfvars.json")
    ]
    subprocess.run(
        ["terraform", f"-chdir={workdir}", "apply", "-destroy", "-auto-approve", *var_files],
        check=True,
        capture_output=True,
        env={**os.environ, "TF_IN_AUTOMATION": "1"},
    )


def test_a_null_output_reaches_its_dependent_as_null(tmp_path: Path) -> None:
    manifest = chain_stack(tmp_path)
    code, report, _ = run_json(["up", "--yes", *args(manifest)])
    assert code == 0, report
    assert statuses(report) == {"source": "applied", "consumer": "applied"}
    # null met `nullable = false` with a default: Terraform's own rule gave the default.
    code, outputs, _ = run_json(["outputs", *args(manifest)])
    assert outputs["consumer"]["note"]["value"] == "fallback"
    assert "nothing" not in outputs["source"]  # Terraform keeps no null output in state
    code, report, _ = run_json(["up", "--yes", *args(manifest)])
    assert code == 0 and set(statuses(report).values()) == {"unchanged"}


def test_down_finishes_a_partial_teardown_from_the_last_applied_inputs(tmp_path: Path) -> None:
    manifest = chain_stack(tmp_path)
    assert run_json(["up", "--yes", *args(manifest)])[0] == 0
    assert resources(manifest) == {"source": 4, "consumer": 3}
    # The upstream goes first, outside streamctl: its outputs are gone, the dependent's
    # 3 resources remain.
    destroy_by_hand(layer_data(manifest, "source"))
    consumer = layer_data(manifest, "consumer")
    kept = consumer / "applied-inputs.tfvars.json"
    assert json.loads(kept.read_text())["source_id"]
    saved = tmp_path / "applied-inputs.saved"
    shutil.move(kept, saved)

    # Without the inputs of its last apply the dependent cannot be planned: down fails
    # (it used to say "waiting" and exit 0 with 3 resources left).
    code, report, _ = run_json(["down", "--yes", *args(manifest, "--accept-state-loss")])
    assert code == 1
    rows = {r["layer"]: r for r in report["layers"]}
    assert rows["consumer"]["status"] == "failed"
    assert "cannot plan its destroy: waiting for layer 'source'" in rows["consumer"]["reason"]
    code, doc, _ = run_json(["status", *args(manifest)])
    assert {r["layer"]: r["resources"] for r in doc["layers"]}["consumer"] == 3

    # With them (streamctl keeps them after every apply) the teardown finishes.
    shutil.move(saved, kept)
    code, report, _ = run_json(["down", "--yes", *args(manifest)])
    assert code == 0, report
    assert statuses(report) == {"source": "skipped", "consumer": "destroyed"}
    assert resources(manifest) == {"source": 0, "consumer": 0}

    # A repeated down is a quiet success: nothing planned, nothing asked.
    code, report, _ = run_json(["down", *args(manifest, "--yes")])
    assert code == 0
    assert {r["reason"] for r in report["layers"]} == {"nothing to destroy"}


def test_down_fails_while_a_selected_layer_still_holds_resources(tmp_path: Path) -> None:
    manifest = chain_stack(tmp_path)
    assert run_json(["up", "--yes", *args(manifest)])[0] == 0
    # A resource Terraform cannot destroy: its state entry says it is prevented.
    consumer = layer_data(manifest, "consumer")
    main = next(consumer.glob("tree/**/main.tf")).resolve()
    original = main.read_text()
    main.write_text(
        original.replace(
            "  for_each = toset",
            "  lifecycle {\n    prevent_destroy = true\n  }\n  for_each = toset",
        )
    )
    try:
        code, report, _ = run_json(["down", "--yes", *args(manifest)])
    finally:
        main.write_text(original)
    assert code == 1
    rows = {r["layer"]: r for r in report["layers"]}
    assert rows["consumer"]["status"] == "failed"
    assert rows["source"]["status"] != "destroyed"  # nothing was destroyed
    assert resources(manifest) == {"source": 4, "consumer": 3}


def test_a_layer_of_outputs_only_is_destroyed_and_its_dependent_too(tmp_path: Path) -> None:
    # A layer of data sources and outputs (the media server's network) holds no
    # resources, but its state still answers `outputs`: down must empty it too.
    (tmp_path / "lookup").mkdir()
    (tmp_path / "lookup" / "main.tf").write_text('output "zone" {\n  value = "zone-a"\n}\n')
    (tmp_path / "user").mkdir()
    (tmp_path / "user" / "main.tf").write_text(
        'variable "zone" {\n  type = string\n}\n\n'
        'resource "terraform_data" "this" {\n  input = var.zone\n}\n'
    )
    manifest = tmp_path / "stack.toml"
    manifest.write_text(
        '[stack]\nname = "lookup"\nenvironment = "faults"\n\n'
        '[layers.lookup]\npath = "lookup"\n\n'
        '[layers.user]\npath = "user"\ninputs = { zone = "lookup.zone" }\n'
    )
    assert run_json(["up", "--yes", *args(manifest)])[0] == 0

    code, report, _ = run_json(["down", "--yes", *args(manifest)])
    assert code == 0, report
    assert statuses(report) == {"lookup": "destroyed", "user": "destroyed"}
    code, outputs, _ = run_json(["outputs", *args(manifest)])
    assert code == 0 and outputs["lookup"] in (None, {}), outputs

    code, report, _ = run_json(["down", "--yes", *args(manifest)])
    assert code == 0 and set(statuses(report).values()) == {"skipped"}, report
