"""The review screen names each resource with its action; details show attributes."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from streamctl.cli.review_screen import review_screen
from streamctl.review.approval import Kind, Review, Waiting
from streamctl.review.plan import layer_plan

PLANS = Path(__file__).parent.parent / "review" / "data"


def text_of(review: Review, *, details: bool = False) -> str:
    console = Console(width=120, record=True, no_color=True)
    console.print(
        review_screen(review, lambda s: s.replace("secret1", "(redacted)"), details=details)
    )
    return console.export_text()


def mixed() -> Review:
    plan = layer_plan("app", json.loads((PLANS / "mixed.json").read_text()))
    return Review(Kind.FIRST, (plan,), (Waiting("web", ("app",)),))


def test_resources_with_symbols_the_forcing_attribute_and_who_waits() -> None:
    text = text_of(mixed())
    assert "  -/+ terraform_data.repl  (replaced: triggers_replace forces it)" in text
    assert "    + terraform_data.new" in text
    assert "    - terraform_data.gone  (not in the configuration any more)" in text
    assert "    ~ terraform_data.keep" in text
    assert "web  waits for app" in text
    assert "Resources: 1 to create, 2 to update, 1 to replace, 1 to destroy, in 1 layer(s)" in text
    assert "input" not in text  # attributes only with details


def test_details_show_attributes_masked_and_what_forces_replacement() -> None:
    text = text_of(mixed(), details=True)
    assert '~ input = "a" -> "b"' in text
    assert "~ triggers_replace[0] = " in text and "# forces replacement" in text
    assert "secret1" not in text and "secret2" not in text
    assert "(sensitive value)" in text and "(redacted)" in text
