"""Human output of offline validation keeps Terraform's diagnostics verbatim."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from streamctl.cli.offline_commands import render_validation
from streamctl.offline.validate import ValidationReport
from streamctl.terraform.events import Diagnostic, diagnostics_from_text
from streamctl.terraform.workcopy import source_path

LONG_DETAIL = (
    'Block type "health_check" is represented by a list of objects, so it must be indexed '
    "using a numeric key, like .health_check[0]. [not markup]"
)


def test_diagnostics_are_printed_unwrapped_with_their_location(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = ValidationReport(
        "web",
        Path("/src/web"),
        False,
        (Diagnostic("error", "Invalid operation", LONG_DETAIL, "/src/web/main.tf", 12, 47),),
        "validate",
    )
    render_validation([report, ValidationReport("db", Path("/src/db"), True, (), "validate")])
    printed = capsys.readouterr().out
    assert "web: invalid" in printed
    assert "Error: Invalid operation" in printed
    assert "on /src/web/main.tf:12" in printed
    assert LONG_DETAIL in printed  # one line, brackets not eaten as Rich markup
    assert "db: valid" in printed
    assert "1 valid, 1 invalid" in printed


def test_init_errors_are_read_from_terraforms_text_output(tmp_path: Path) -> None:
    stderr = (
        "\nError: Failed to query available provider packages\n\n"
        "Could not retrieve the list of available versions for provider hashicorp/random:\n"
        "could not connect to registry.terraform.io\n\n"
        "Error: Unsupported argument\n\n"
        '  on main.tf line 3, in resource "aws_vpc" "x":\n'
        '   3:   cidr_blok = "10.0.0.0/16"\n\n'
        'An argument named "cidr_blok" is not expected here.\n'
    )
    in_source = partial(source_path, tmp_path / "copy", tmp_path / "src")
    first, second = diagnostics_from_text(stderr, in_source)
    assert first.summary == "Failed to query available provider packages"
    assert "hashicorp/random" in first.detail and first.filename == ""
    assert second.summary == "Unsupported argument"
    assert (second.filename, second.line) == (str(tmp_path / "src" / "main.tf"), 3)
    assert second.detail == 'An argument named "cidr_blok" is not expected here.'
