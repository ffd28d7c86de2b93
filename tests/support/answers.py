"""A scripted reviewer for the ApprovalGate: the answers given, the reviews it saw."""

from __future__ import annotations

from streamctl.review.approval import Review


class Asker:
    """Answers from a list, in order; keeps every review it was shown."""

    def __init__(self, *answers: bool) -> None:
        self.answers = list(answers)
        self.reviews: list[Review] = []

    def __call__(self, review: Review) -> bool:
        self.reviews.append(review)
        return self.answers.pop(0)
