"""The one error handler: expected errors keep their codes, Ctrl-C is 130, a bug is 3."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from streamctl.cli import deploy_commands
from streamctl.cli.offline_commands import offline_app
from streamctl.errors import OperationError
from support.cli import invoke
from support.fixtures import copy_fixture


@pytest.fixture
def stack(tmp_path: Path) -> str:
    return str(copy_fixture("mini", tmp_path) / "stack.toml")


def _raise(exc: BaseException) -> object:
    def fail(*_: object, **__: object) -> object:
        raise exc

    return fail


def test_a_bug_exits_3_and_names_the_log_with_its_traceback(
    stack: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(deploy_commands, "open_stack", _raise(RuntimeError("no such thing")))
    result = invoke(["graph", "--stack", stack])
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "bug: streamctl failed unexpectedly (RuntimeError: no such thing)" in result.stderr
    (log,) = tmp_path.glob("streamctl-bug-*.log")
    assert str(log) in result.stderr.replace("\n", "")
    text = log.read_text()
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: no such thing" in text
    assert log.stat().st_mode & 0o077 == 0  # private: messages can name paths and values


@pytest.mark.parametrize(
    ("raised", "code", "said"),
    [
        (OperationError("terraform apply failed"), 1, "error: terraform apply failed"),
        (
            KeyboardInterrupt(),
            130,
            "interrupted: every running Terraform was asked to stop cleanly",
        ),
    ],
)
def test_expected_errors_keep_their_exit_codes(
    stack: str, monkeypatch: pytest.MonkeyPatch, raised: BaseException, code: int, said: str
) -> None:
    monkeypatch.setattr(deploy_commands, "open_stack", _raise(raised))
    result = invoke(["graph", "--stack", stack])
    assert result.exit_code == code
    assert said in result.stderr
    assert "Traceback" not in result.output


def test_usage_errors_stay_typers_own(stack: str) -> None:
    result = invoke(["graph", "--stack", stack, "--no-such-option"])
    assert result.exit_code == 2
    assert "No such option" in result.output


def test_the_offline_app_has_the_same_handler(tmp_path: Path) -> None:
    missing = tmp_path / "none.toml"
    result = CliRunner().invoke(offline_app, ["stack", str(missing)], catch_exceptions=False)
    assert result.exit_code == 2
    assert f"error: {missing}: no such stack manifest" in result.stderr
