"""The documented CI workflow uses only options streamctl has."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from support.cli import invoke

DOCS = Path(__file__).resolve().parents[2] / "docs"


def streamctl_lines(text: str) -> list[list[str]]:
    joined = re.sub(r"\\\n\s*", " ", text)  # shell line continuations
    found = re.findall(r"^\s*(?:- run: )?(streamctl [^\n#]+)", joined, re.MULTILINE)
    return [shlex.split(line) for line in found]


def test_the_example_workflow_is_valid_yaml_with_plan_and_apply_jobs() -> None:
    workflow = yaml.safe_load((DOCS / "examples" / "streamctl.yml").read_text())
    assert set(workflow["jobs"]) == {"plan", "apply"}
    assert workflow["jobs"]["apply"]["needs"] == "plan"


def test_every_streamctl_command_in_the_ci_docs_exists_with_its_options() -> None:
    commands = streamctl_lines((DOCS / "examples" / "streamctl.yml").read_text())
    commands += streamctl_lines((DOCS / "ci.md").read_text())
    assert {c[1] for c in commands} >= {"preview", "up", "bootstrap"}
    for words in commands:
        help_text = invoke([words[1], "--help"]).output
        for word in words[2:]:
            if word.startswith("--"):
                assert word in help_text, f"{' '.join(words)}: no {word} in `{words[1]} --help`"
