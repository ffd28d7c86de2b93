"""One-line headlines of failure reasons for tables and progress lines."""

from __future__ import annotations

from streamctl.results import headline


def test_headline_names_the_error_not_a_preceding_warning() -> None:
    reason = (
        "terraform init failed:\n"
        "There are some problems with the CLI configuration:\n"
        "│ Warning: Unable to open CLI configuration file\n"
        "\n"
        "Error: Failed to query available provider packages\n"
        "Could not retrieve the list of available versions"
    )
    assert headline(reason) == (
        "terraform init failed: Error: Failed to query available provider packages"
    )


def test_headline_takes_the_next_line_after_a_bare_prefix() -> None:
    assert headline("terraform plan failed:\nboom happened\nmore") == (
        "terraform plan failed: boom happened"
    )
    assert headline("blocked by failed layer 'kms'") == "blocked by failed layer 'kms'"
    assert headline("") == ""
