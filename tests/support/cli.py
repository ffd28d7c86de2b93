"""Running the CLI in-process and reading what it printed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from typer.testing import CliRunner, Result

from streamctl.cli import app


def invoke(args: Sequence[str]) -> Result:
    """Run the CLI in-process, as a user without a terminal would."""
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def json_stdout(result: Result) -> Any:
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError as exc:
        raise AssertionError(
            f"stdout is not JSON (exit {result.exit_code}):\n{result.stdout}\n"
            f"stderr:\n{result.stderr}"
        ) from exc


def statuses(report: dict[str, Any]) -> dict[str, str]:
    """layer -> status of a `--json` run report."""
    return {row["layer"]: row["status"] for row in report["layers"]}
