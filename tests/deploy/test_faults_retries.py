"""Fault injection, retries: a create that fails with a transient error, then succeeds.

Known transient errors are retried with backoff by default, visibly, each retry planning
again (a stale saved plan is never applied); an error matching no pattern is never
retried; the manifest sets attempts, sleep and patterns.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.cli import invoke
from support.fixtures import copy_fixture

pytestmark = pytest.mark.integration

STACK = """
[stack]
name = "faults"
environment = "faults"

[stack.retry]
sleep_seconds = 0
{retry}

[layers.flaky]
path = "flaky"
vars = {{ attempts_file = "{attempts}", message_file = "{message}", failures = 1 }}
"""


def run(tmp_path: Path, message: str, retry: str = "") -> tuple[int, dict[str, object], str, int]:
    """up --json; the layer's row, its log and how many creates were tried."""
    root = tmp_path / "faults"
    if not root.is_dir():
        tmp_path.mkdir(exist_ok=True)
        copy_fixture("faults", tmp_path)
    attempts, message_file = tmp_path / "attempts", tmp_path / "message"
    message_file.write_text(message + "\n")
    manifest = root / "stack.toml"
    manifest.write_text(STACK.format(retry=retry, attempts=attempts, message=message_file))
    result = invoke(["up", "--yes", "--json", "--stack", str(manifest), "--terraform", "terraform"])
    assert "Traceback" not in result.output
    (row,) = json.loads(result.stdout)["layers"]
    log = Path(row["log"]).read_text()
    return result.exit_code, row, log + result.stderr, int(attempts.read_text())


def test_a_transient_error_is_retried_with_a_new_plan(tmp_path: Path) -> None:
    code, row, log, tried = run(tmp_path, "Error: RequestLimitExceeded: Request limit exceeded.")
    assert code == 0 and row["status"] == "applied"
    assert tried == 2 and "after 2 attempts" in str(row["reason"])
    assert "apply failed with a transient error (matched 'RequestLimitExceeded')" in log
    assert "retrying apply (2/3)" in log  # in the log and in the progress on stderr
    # The failed apply used up its saved plan: the retry planned again before applying.
    commands = [line.split()[2] for line in log.splitlines() if line.startswith("$ terraform ")]
    assert [c for c in commands if c in {"plan", "apply"}] == ["plan", "apply", "plan", "apply"]


def test_an_error_matching_no_pattern_is_never_retried(tmp_path: Path) -> None:
    code, row, log, tried = run(tmp_path, "Error: InvalidParameterValue: no such thing")
    assert code == 1 and row["status"] == "failed" and tried == 1
    assert "retrying" not in log


def test_the_manifest_sets_attempts_and_patterns(tmp_path: Path) -> None:
    code, _, log, tried = run(tmp_path, "RequestLimitExceeded", retry="attempts = 1")
    assert code == 1 and tried == 1 and "retrying" not in log

    code, _, _, tried = run(
        tmp_path / "extra", "MyFlakyError: busy", retry='extra_patterns = ["MyFlaky"]'
    )
    assert code == 0 and tried == 2

    replaced = 'patterns = ["MyFlaky"]'  # replaces the defaults
    code, _, _, tried = run(tmp_path / "replaced", "Error: RequestLimitExceeded", retry=replaced)
    assert code == 1 and tried == 1
