"""The approval prompt's answers, with a scripted console (the terminal tests drive a real one)."""

from __future__ import annotations

import io
import os
import sys
import threading
import time
from contextlib import nullcontext

import pytest
from rich.console import Console

from streamctl.cli.approval_prompt import Asker
from streamctl.review.approval import Kind, Review
from streamctl.review.plan import Action, LayerPlan, ResourceChange


class Scripted(Console):
    """A console that records what it printed and answers from a list."""

    def __init__(self, *answers: str) -> None:
        super().__init__(file=io.StringIO(), width=300, no_color=True)
        self.answers = list(answers)

    def read(self, cancelled: threading.Event) -> str:
        answer = self.answers.pop(0)
        self.file.write(answer + "\n")  # as the terminal echoes it
        return answer + "\n"

    def text(self) -> str:
        value = self.file.getvalue()  # type: ignore[attr-defined]
        return str(value)

    @property
    def prompts(self) -> list[str]:
        marks = ("[y/N/details]: ", "(or details): ")
        found = []
        for line in self.text().splitlines():
            for mark in marks:
                if mark in line:
                    found.append(line[: line.index(mark) + len(mark)])
        return found


def destroy_review() -> Review:
    plans = tuple(
        LayerPlan(name, (ResourceChange("terraform_data.this", Action.DELETE),), destroy=True)
        for name in ("app", "base")
    )
    return Review(Kind.FIRST, plans, destroy=True)


def asker(console: Scripted, *, type_environment: bool) -> Asker:
    return Asker(console, nullcontext, str, "prod", type_environment, read=console.read)


@pytest.fixture(autouse=True)
def a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)


def test_an_emulator_down_asks_yes_or_no() -> None:
    console = Scripted("y")
    assert asker(console, type_environment=False).ask(destroy_review())
    assert console.prompts == ["Destroy these resources? [y/N/details]: "]


def test_a_real_environment_wants_its_name_and_says_what_goes() -> None:
    console = Scripted("y")
    assert not asker(console, type_environment=True).ask(destroy_review())
    assert console.prompts == [
        "This destroys 2 resource(s) in 2 layer(s) of environment 'prod'. "
        "Type the environment name to confirm (or details): "
    ]
    assert asker(Scripted("prod"), type_environment=True).ask(destroy_review())


def test_details_then_an_answer() -> None:
    console = Scripted("details", "n")
    assert not asker(console, type_environment=False).ask(destroy_review())
    assert len(console.prompts) == 2
    assert "Not approved: nothing of it is applied." in console.text()


def test_without_a_terminal_nothing_is_approved(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    console = Scripted()
    assert not asker(console, type_environment=False).ask(destroy_review())
    assert "No terminal to ask on: not applied." in console.text()


def test_an_interrupt_ends_a_question_waiting_in_another_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read_end, write_end = os.pipe()  # a terminal nobody types into
    monkeypatch.setattr(sys, "stdin", os.fdopen(read_end))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    console = Scripted()
    waiting = Asker(console, nullcontext, str, "prod", False)  # reads stdin itself
    answers: list[bool] = []
    thread = threading.Thread(target=lambda: answers.append(waiting.ask(destroy_review())))
    thread.start()
    deadline = time.monotonic() + 30
    while "[y/N/details]: " not in console.text():  # the question is waiting on stdin
        assert time.monotonic() < deadline, "the question was never asked"
        time.sleep(0.01)
    waiting.cancel()  # what the scheduler does on Ctrl-C
    thread.join()
    assert answers == [False]
    assert "Interrupted: not applied." in console.text()
    os.close(write_end)
