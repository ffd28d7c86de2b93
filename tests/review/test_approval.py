"""One approval per run: later create-only plans are covered, anything else asks again."""

from __future__ import annotations

import threading

from streamctl.review.approval import ApprovalGate, How, Kind, Review, Waiting, waiting_on
from streamctl.review.plan import Action, LayerPlan, ResourceChange
from support.answers import Asker


def plan(layer: str, *actions: Action) -> LayerPlan:
    return LayerPlan(
        layer, tuple(ResourceChange(f"x.r{i}", action) for i, action in enumerate(actions))
    )


def test_one_approval_covers_later_plans_that_only_create() -> None:
    ask = Asker(True)
    gate = ApprovalGate(ask)
    waiting = [Waiting("app", ("base",))]
    assert gate.first([plan("base", Action.CREATE)], waiting)
    assert gate.later(plan("app", Action.CREATE, Action.CREATE))
    assert len(ask.reviews) == 1
    (first,) = ask.reviews
    assert first.kind is Kind.FIRST and first.waiting == tuple(waiting)
    assert [(d.layers, d.how) for d in gate.decisions] == [
        (("base",), How.ASKED),
        (("app",), How.COVERED),
    ]


def test_a_later_plan_that_changes_what_exists_asks_again_showing_only_that() -> None:
    ask = Asker(True, False)
    gate = ApprovalGate(ask)
    gate.first([plan("base", Action.CREATE)])
    later = plan("app", Action.CREATE, Action.REPLACE, Action.DELETE, Action.UPDATE)
    assert not gate.later(later)
    recheck = ask.reviews[1]
    assert recheck.kind is Kind.RECHECK
    (shown,) = recheck.plans
    assert [r.action for r in shown.resources] == [Action.REPLACE, Action.DELETE, Action.UPDATE]


def test_approve_each_asks_for_every_later_plan() -> None:
    ask = Asker(True, True)
    gate = ApprovalGate(ask, each=True)
    gate.first([plan("base", Action.CREATE)])
    gate.later(plan("app", Action.CREATE))
    assert [r.kind for r in ask.reviews] == [Kind.FIRST, Kind.LATER]


def test_yes_never_asks_but_records_each_decision() -> None:
    ask = Asker()
    gate = ApprovalGate(ask, yes=True)
    assert gate.first([plan("base", Action.CREATE)])
    assert gate.later(plan("app", Action.UPDATE))
    assert ask.reviews == []
    assert [d.how for d in gate.decisions] == [How.YES, How.YES]


def test_nothing_planned_first_means_nothing_asked_and_a_later_plan_asks_in_full() -> None:
    ask = Asker(True)
    gate = ApprovalGate(ask)
    assert gate.first([])
    assert gate.later(plan("app", Action.CREATE))
    assert [r.kind for r in ask.reviews] == [Kind.LATER]


def test_one_question_at_a_time_from_concurrent_layers() -> None:
    inside = threading.Event()
    overlapped: list[bool] = []

    def ask(review: Review) -> bool:
        overlapped.append(inside.is_set())
        inside.set()
        threading.Event().wait(0.01)
        inside.clear()
        return True

    gate = ApprovalGate(ask)
    gate.first([plan("base", Action.CREATE)])
    threads = [
        threading.Thread(target=gate.later, args=(plan(f"l{i}", Action.UPDATE),)) for i in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert overlapped == [False] * 5


def test_waiting_on_names_the_upstreams_that_will_change() -> None:
    upstream = {"app": ("base", "kms"), "web": ("app",)}
    found = waiting_on(["app", "web"], upstream, pending={"base", "app"})
    assert found == [Waiting("app", ("base",)), Waiting("web", ("app",))]
