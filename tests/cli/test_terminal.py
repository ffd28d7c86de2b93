"""streamctl in a real terminal (tmux, 120x40): one prompt, and a scrollback to read after.

The live table is the only thing in the live region; reviews, answers and the summary
are printed outside it and must all still be there, in order, when the run has ended.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.fixtures import DB_PASSWORD, copy_fixture
from support.tmux import Tmux

pytestmark = pytest.mark.integration
PROMPT = r"Apply these changes\? \[y/N/details\]: $"
LIVE_HEADER = re.compile(r"layer\s+status\s+time\s+resources\s+now")
LAYERS = ["kms", "network", "security", "storage", "database", "compute", "cdn", "dns"]


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[list[Tmux]]:
    opened: list[Tmux] = []
    yield opened
    for session in opened:
        session.close()


def streamctl(terminal: list[Tmux], cwd: Path, *args: str) -> Tmux:
    env = {**os.environ, "STREAMCTL_TEST_DB_PASSWORD": DB_PASSWORD}
    env.pop("NO_COLOR", None)  # a user's terminal: the live table, colours
    command = [sys.executable, "-m", "streamctl", *args, "--terraform", "terraform"]
    session = Tmux(command, cwd=cwd, env=env, width=120, height=40)
    terminal.append(session)
    return session


def test_a_fresh_nine_layer_up_asks_once_and_the_scrollback_keeps_everything(
    tmp_path: Path, terminal: list[Tmux]
) -> None:
    stack = copy_fixture("platform9", tmp_path)
    tty = streamctl(terminal, stack, "up", "--stack", "stack.toml")
    tty.wait_for(PROMPT)
    tty.send("y", "Enter")
    assert tty.exit_code() == 0
    screen = tty.scrollback()
    print(screen)  # the capture, for the record (pytest -s)

    assert screen.count("Apply these changes?") == 1
    review = screen[: screen.index("Apply these changes?")]
    # The first review: the planned layers with their resources, the waiting ones with
    # what they wait for.
    assert re.search(r"kms\s+\+1 ~0 -0\n\s+\+ terraform_data\.this", review)
    assert re.search(r"network\s+\+1 ~0 -0\n\s+\+ terraform_data\.this", review)
    assert re.search(r"security\s+waits for network, kms", review)
    assert re.search(r"observability\s+waits for compute, database", review)
    assert "Resources: 2 to create, 0 to update, 0 to replace, 0 to destroy" in review
    after = screen[screen.index("Apply these changes?") :]
    # The typed answer stays on its line, nothing drawn over it.
    assert after.startswith("Apply these changes? [y/N/details]: y\nApproved.")
    for layer in ("security", "storage", "database", "compute", "cdn", "dns", "observability"):
        assert f"{layer}: planned +1, only creates: covered by the approval" in after
    # The summary, with totals and what was approved.
    for layer in [*LAYERS, "observability"]:
        assert re.search(rf"│ {layer}\s+│ applied\s+│ 1 │ 0 │ 0 │\s+\d+\.\d+s", after)
    assert re.search(r"Resources: 9 created, 0 changed, 0 destroyed; 9 layers applied\. "
                     r"Duration \d+\.\ds", after)  # fmt: skip
    assert re.search(r"Approved at \d\d:\d\d:\d\d: the run \(kms, network planned then\)", after)
    assert "Covered by the first approval (only create):" in after
    assert "│ database      │ connection_string   │ (sensitive)" in after
    # The live table was only ever in the live region: no frame of it is left behind.
    assert not LIVE_HEADER.search(screen)


def test_details_shows_attributes_then_asks_again(tmp_path: Path, terminal: list[Tmux]) -> None:
    manifest = copy_fixture("mini", tmp_path) / "live" / "dev" / "stack.toml"
    tty = streamctl(terminal, tmp_path, "up", "--stack", str(manifest))
    tty.wait_for(PROMPT)
    tty.send("details", "Enter")
    tty.wait_for(r"details\]: details\n(.|\n)*details\]: $")
    tty.send("n", "Enter")
    assert tty.exit_code() == 1
    screen = tty.scrollback()
    details = screen.split("details]: details", 1)[1]
    assert re.search(r"\+ input\.environment = \"dev\"", details)
    assert re.search(r"\+ id = \(known after apply\)", details)
    assert "Not approved: nothing of it is applied." in screen
    assert screen.count("Apply these changes?") == 2


def test_yes_still_shows_the_review_and_says_it_was_approved_by_yes(
    tmp_path: Path, terminal: list[Tmux]
) -> None:
    manifest = copy_fixture("mini", tmp_path) / "live" / "dev" / "stack.toml"
    tty = streamctl(terminal, tmp_path, "up", "-y", "--stack", str(manifest))
    assert tty.exit_code() == 0
    screen = tty.scrollback()
    assert "Apply these changes?" not in screen
    review = screen.index("Review: what this run will change")
    assert review < screen.index("Approved by --yes.") < screen.index("Resources: 2 created")
    assert not LIVE_HEADER.search(screen)


def test_down_of_a_real_environment_asks_for_its_name(tmp_path: Path, terminal: list[Tmux]) -> None:
    manifest = copy_fixture("mini", tmp_path) / "live" / "dev" / "stack.toml"
    assert streamctl(terminal, tmp_path, "up", "-y", "--stack", str(manifest)).exit_code() == 0
    prompt = (
        r"This destroys 2 resource\(s\) in 2 layer\(s\) of environment 'dev'\. "
        r"Type the environment name to confirm \(or details\): $"
    )
    wrong = streamctl(terminal, tmp_path, "down", "--stack", str(manifest))
    wrong.wait_for(prompt)
    wrong.send("y", "Enter")  # a reflex "y" destroys nothing
    assert wrong.exit_code() == 1
    assert "Not approved" in wrong.scrollback()
    right = streamctl(terminal, tmp_path, "down", "--stack", str(manifest))
    right.wait_for(prompt)
    right.send("dev", "Enter")
    assert right.exit_code() == 0
    assert re.search(r"│ base\s+│ destroyed", right.scrollback())


def test_a_later_update_asks_again_and_ctrl_c_there_stops_the_run(
    tmp_path: Path, terminal: list[Tmux]
) -> None:
    manifest = copy_fixture("mini", tmp_path) / "live" / "dev" / "stack.toml"
    assert streamctl(terminal, tmp_path, "up", "-y", "--stack", str(manifest)).exit_code() == 0
    manifest.write_text(manifest.read_text().replace('"eu-west-1"', '"eu-west-2"'))
    tty = streamctl(terminal, tmp_path, "up", "--stack", str(manifest))
    tty.wait_for(PROMPT)
    tty.send("y", "Enter")
    tty.wait_for(r"Apply the changes to app\? \[y/N/details\]: $")
    screen = tty.scrollback()
    again = screen[screen.index("Asking again: app") :]
    assert re.search(r"app\s+\+0 ~1 -0\n\s+~ terraform_data\.this\n", again)
    tty.send("C-c")  # asked in the layer's thread: Ctrl-C must still stop the run
    assert tty.exit_code() == 130
    assert "Interrupted: not applied." in tty.scrollback()
