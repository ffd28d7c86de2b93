"""Asking for approval on the terminal: the review, the question, `details`, the answer.

Everything is printed with the live table paused (cli.progress), so the review and the
typed answer stay in the scrollback. Destroying a real-AWS environment asks for its name
to be typed, with what it destroys; emulator targets and --yes do not.
"""

from __future__ import annotations

import select
import sys
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from rich.console import Console
from rich.text import Text

from streamctl.cli.review_screen import question, review_screen
from streamctl.review.approval import ApprovalGate, Decision, How, Review

YES = {"y", "yes"}
DETAILS = {"d", "details"}
POLL_SECONDS = 0.2


class QuestionCancelledError(Exception):
    """The run was interrupted while a layer's thread waited for an answer."""


def read_answer(cancelled: threading.Event) -> str:
    """A line from the terminal, given up when `cancelled` is set.

    Later plans are asked about in their layer's thread, where Ctrl-C does not arrive and
    a blocking input() would hold the run (and Terraform's clean stop) until Enter. The
    terminal delivers a line only once Enter is pressed, so waiting for stdin to become
    readable, a little at a time, reads the same line and can stop in between."""
    while not cancelled.is_set():
        readable, _, _ = select.select([sys.stdin], [], [], POLL_SECONDS)
        if readable:
            line = sys.stdin.readline()
            if not line:
                raise EOFError
            return line
    raise QuestionCancelledError


@dataclass(frozen=True)
class Asker:
    console: Console
    paused: Callable[[], AbstractContextManager[None]]  # the live view steps aside
    redact: Callable[[str], str]
    environment: str
    type_environment: bool  # down of a real environment: type its name to confirm
    read: Callable[[threading.Event], str] = read_answer
    cancelled: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self.cancelled.set()

    def _input(self, prompt: str) -> str:
        self.console.print(Text(prompt, style="bold"), end="")  # Text: no markup
        try:
            return self.read(self.cancelled).strip()
        except EOFError:
            # Ctrl-D at the question: the interrupt it is (exit 130, nothing applied).
            raise KeyboardInterrupt from None

    def ask(self, review: Review) -> bool:
        try:
            return self._ask(review)
        except QuestionCancelledError:
            self.console.print("\nInterrupted: not applied.", style="yellow")
            return False

    def _ask(self, review: Review) -> bool:
        with self.paused():
            self.console.print(review_screen(review, self.redact))
            if not sys.stdin.isatty():
                # Only a later plan gets here (a run that must ask needs a terminal from
                # the start): `up --plans` in CI, with nobody to ask.
                self.console.print(
                    "No terminal to ask on: not applied. Review it with `streamctl preview`, "
                    "or run with --yes.",
                    style="bold yellow",
                )
                return False
            while True:
                if review.destroy and self.type_environment:
                    answer = self._input(self._destroy_prompt(review))
                    approved = answer == self.environment
                else:
                    answer = self._input(f"{question(review)} [y/N/details]: ")
                    approved = answer.lower() in YES
                if answer.lower() in DETAILS:
                    self.console.print(review_screen(review, self.redact, details=True))
                    continue
                verdict = "Approved." if approved else "Not approved: nothing of it is applied."
                self.console.print(Text(verdict, style="green" if approved else "yellow"))
                return approved

    def _destroy_prompt(self, review: Review) -> str:
        resources = sum(p.remove for p in review.plans)
        return (
            f"This destroys {resources} resource(s) in {len(review.plans)} layer(s) of "
            f"environment '{self.environment}'. Type the environment name to confirm "
            "(or details): "
        )

    def tell(self, review: Review, decision: Decision) -> None:
        """A decision made without asking, said in the scrollback."""
        if decision.how is How.YES:
            with self.paused():
                self.console.print(review_screen(review, self.redact))
                self.console.print(Text("Approved by --yes.", style="green"))
        elif decision.how is How.COVERED:
            (plan,) = review.plans
            self.console.print(
                Text(
                    f"{plan.layer}: planned +{plan.add}, only creates: covered by the approval",
                    style="dim",
                )
            )


def approval_gate(asker: Asker, *, yes: bool, each: bool) -> ApprovalGate:
    return ApprovalGate(asker.ask, yes=yes, each=each, tell=asker.tell, cancel=asker.cancel)
