"""The end-of-run summary on screen, rendered from the run report document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from streamctl.cli.summary import summary
from support.reports import report_document


def screen(renderable: Any) -> str:
    from rich.console import Console

    console = Console(width=140, record=True, no_color=True)
    console.print(renderable)
    return console.export_text()


def test_the_summary_has_totals_duration_answers_and_masked_outputs(tmp_path: Path) -> None:
    doc = report_document(tmp_path)
    doc["approvals"].append(
        {"layers": ["left"], "approved": True, "how": "covered", "review": "later",
         "asked_at": None, "answered_at": doc["finished_at"], "offset_seconds": 5.0,
         "wait_seconds": 0.0}
    )  # fmt: skip
    outputs = {"base": {"key_arn": ("arn:aws:kms:k", False), "password": ("hunter22", True)}}
    text = screen(summary(doc, "Up", outputs))
    assert "Resources: 4 created, 0 changed, 0 destroyed; 4 layers applied. Duration 10.0s" in text
    assert "Approved at " in text and ": the run (base planned then)" in text
    assert "Covered by the first approval (only create): left" in text
    assert "arn:aws:kms:k" in text and "(sensitive)" in text and "hunter22" not in text
    # One time column, saying what it measures: base planned 1 s and applied 2 s.
    assert "time: Terraform's plan + apply of each layer" in text
    base_row = next(line for line in text.splitlines() if line.startswith("│ base"))
    assert "3.0s" in base_row
