"""One approval per run, and when to ask again.

The first review shows the whole run: the layers planned now, with their resources,
and the layers waiting for an upstream, with what they wait for. Approving it covers
later plans of the same run that only create resources; a later plan that updates,
replaces or destroys anything is asked about again, showing exactly those resources.
`each=True` asks for every plan (the behaviour before one approval per run).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from streamctl.review.plan import LayerPlan


@dataclass(frozen=True)
class Waiting:
    layer: str
    waits_for: tuple[str, ...]  # upstream layers of this run not applied yet


class Kind(StrEnum):
    FIRST = "first"  # the run's first review: everything known
    LATER = "later"  # a layer planned after its upstreams applied (--approve-each)
    RECHECK = "recheck"  # a later plan that changes what exists: asked again


@dataclass(frozen=True)
class Review:
    """What is shown before a question: plans and, on the first one, who waits."""

    kind: Kind
    plans: tuple[LayerPlan, ...]
    waiting: tuple[Waiting, ...] = ()
    destroy: bool = False

    @property
    def layers(self) -> tuple[str, ...]:
        return tuple(p.layer for p in self.plans)


class How(StrEnum):
    ASKED = "asked"  # the user answered
    YES = "yes"  # --yes: approved without asking
    COVERED = "covered"  # a later create-only plan, covered by the first approval
    PLAN_SET = "plan-set"  # up --plans: the saved plan set was reviewed before


@dataclass(frozen=True)
class Decision:
    layers: tuple[str, ...]
    approved: bool
    how: How
    kind: Kind
    at: float = field(default_factory=time.time)  # when answered (wall clock, for reports)
    asked_at: float | None = None  # when the question was put (None: nobody was asked)


Ask = Callable[[Review], bool]
Tell = Callable[[Review, Decision], None]  # a decision made without asking


class ApprovalGate:
    """Decides per plan whether to ask; thread-safe (layers plan concurrently), and
    one question at a time."""

    def __init__(
        self,
        ask: Ask,
        *,
        yes: bool = False,
        each: bool = False,
        tell: Tell | None = None,
        cancel: Callable[[], None] | None = None,
    ) -> None:
        self._ask = ask
        self._tell = tell
        self._cancel = cancel
        self.yes = yes
        self.each = each
        self.decisions: list[Decision] = []
        self._first_approved = False
        self._lock = threading.Lock()

    def _decide(self, review: Review) -> bool:
        if self.yes:
            self._record(review, Decision(review.layers, True, How.YES, review.kind))
            return True
        asked_at = time.time()
        approved = self._ask(review)
        self.decisions.append(
            Decision(review.layers, approved, How.ASKED, review.kind, asked_at=asked_at)
        )
        return approved

    def _record(self, review: Review, decision: Decision) -> None:
        self.decisions.append(decision)
        if self._tell is not None:
            self._tell(review, decision)

    def first(
        self, plans: Sequence[LayerPlan], waiting: Sequence[Waiting] = (), *, destroy: bool = False
    ) -> bool:
        """The run's first review. With nothing planned there is nothing to approve."""
        with self._lock:
            if not plans:
                return True
            approved = self._decide(Review(Kind.FIRST, tuple(plans), tuple(waiting), destroy))
            self._first_approved = approved
            return approved

    def cancel(self) -> None:
        """Ctrl-C while a layer's thread may be asking: the question must give up (the
        signal reaches only the main thread), so the run can stop."""
        if self._cancel is not None:
            self._cancel()

    def first_from_plan_set(self, layers: Sequence[str]) -> None:
        """up --plans: the plan set, reviewed when it was written, is the first approval."""
        with self._lock:
            self.decisions.append(Decision(tuple(layers), True, How.PLAN_SET, Kind.FIRST))
            self._first_approved = True

    @property
    def covers_creating(self) -> bool:
        """Whether a later plan that only creates would pass without a question (its
        review is then one line, so the plan needs no resource details)."""
        return not self.each and (self._first_approved or self.yes)

    def later(self, plan: LayerPlan) -> bool:
        """A layer planned once its upstreams applied."""
        with self._lock:
            if self.each or not (self._first_approved or self.yes):
                # Nothing approved yet (the first review had nothing planned): ask in full.
                return self._decide(Review(Kind.LATER, (plan,)))
            if plan.creates_only:
                covered = Decision((plan.layer,), True, How.COVERED, Kind.LATER)
                self._record(Review(Kind.LATER, (plan,)), covered)
                return True
            return self._decide(Review(Kind.RECHECK, (plan.touching_existing(),)))


def waiting_on(
    waiting: Sequence[str], upstream: Mapping[str, Sequence[str]], pending: set[str]
) -> list[Waiting]:
    """For each waiting layer, the upstreams it waits for: those of this run that will
    change (pending), or wait themselves."""
    return [
        Waiting(name, tuple(u for u in upstream.get(name, ()) if u in pending)) for name in waiting
    ]
