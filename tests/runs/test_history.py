"""Run directories: pruning to the last N, finding a layer's log, reading it as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from streamctl.errors import UsageError
from streamctl.runs.history import find_log, prune, runs
from streamctl.runs.logtext import readable

LOGS = Path(__file__).parent / "data"


def make_runs(logs: Path, count: int) -> list[str]:
    ids = [f"20261201T1000{i:02d}-42-{i}" for i in range(count)]
    for run_id in ids:
        (logs / run_id).mkdir(parents=True)
        (logs / run_id / "kms.log").write_text("x\n")
    return ids


def test_prune_keeps_the_newest_runs_and_nothing_else_is_touched(tmp_path: Path) -> None:
    ids = make_runs(tmp_path, 25)
    (tmp_path / "notes").mkdir()  # not a run: never pruned
    removed = prune(tmp_path, keep=20)
    assert [r.id for r in removed] == ids[:5]
    assert [r.id for r in runs(tmp_path)] == ids[5:]
    assert (tmp_path / "notes").is_dir()


def test_runs_sort_by_start_then_count_across_pids(tmp_path: Path) -> None:
    for name in ("20261201T100000-99-2", "20261201T100000-7-10", "20261130T230000-5-1"):
        (tmp_path / name).mkdir()
    assert [r.id for r in runs(tmp_path)] == [
        "20261130T230000-5-1",
        "20261201T100000-99-2",
        "20261201T100000-7-10",
    ]


def test_find_log_takes_the_newest_run_with_that_layer_or_the_one_named(tmp_path: Path) -> None:
    ids = make_runs(tmp_path, 3)
    (tmp_path / ids[2] / "kms.log").unlink()
    run, log = find_log(tmp_path, "kms")
    assert run.id == ids[1] and log == tmp_path / ids[1] / "kms.log"
    assert find_log(tmp_path, "kms", ids[0])[0].id == ids[0]
    with pytest.raises(UsageError, match="has no log of layer 'kms'"):
        find_log(tmp_path, "kms", ids[2])
    with pytest.raises(UsageError, match="3 runs matching --run 20261201"):
        find_log(tmp_path, "kms", "20261201")
    with pytest.raises(UsageError, match="no log of layer 'dns'"):
        find_log(tmp_path, "dns")


def test_a_log_reads_as_commands_and_messages_not_json() -> None:
    lines = list(readable((LOGS / "applied.log").read_text()))
    texts = [line.text for line in lines]
    assert texts[0] == "terraform init -input=false -no-color"
    assert "terraform_data.this: Plan to create" in texts
    assert "Apply complete! Resources: 1 added, 0 changed, 0 destroyed." in texts
    assert not any(t.startswith("{") for t in texts)
    assert not any(t == "Terraform 1.11.4" for t in texts)
    events = [line for line in lines if line.kind == "event"]
    assert all(len(line.time) == 8 for line in events)


def test_diagnostics_keep_their_detail() -> None:
    lines = list(readable((LOGS / "failed.log").read_text()))
    errors = [line for line in lines if line.kind == "diagnostic"]
    assert errors[0].text.startswith("Error: Reference to undeclared input variable")
    assert errors[0].level == "error"
    assert any('"missing"' in line.text for line in errors[1:])
