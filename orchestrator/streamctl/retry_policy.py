"""Which Terraform failures are transient, and how often and how long to retry them.

The default patterns follow Terragrunt's default retryable errors (TLS handshake and tcp
timeouts, connections reset while loading state or installing providers, 429s, SSM
TooManyUpdates, alarms being updated) plus AWS's throttling codes. An error that matches
no pattern is never retried. The manifest can change them:

    [stack.retry]
    attempts = 3          # runs in all, the first included
    sleep_seconds = 5     # before the first retry; doubles up to max_sleep_seconds
    max_sleep_seconds = 60
    patterns = ["..."]    # replace the defaults (regular expressions, searched)
    extra_patterns = ["..."]  # or add to them
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import tenacity

from streamctl.errors import ConfigError, OperationError

DEFAULT_PATTERNS: tuple[str, ...] = (
    # Terragrunt's defaults
    r"(?s)Failed to load state.*tcp.*timeout",
    r"(?s)Failed to load backend.*TLS handshake timeout",
    r"(?s)Creating metric alarm failed.*request to update this alarm is in progress",
    r"(?s)Error installing provider.*TLS handshake timeout",
    r"(?s)Error configuring the backend.*TLS handshake timeout",
    r"(?s)Error installing provider.*tcp.*timeout",
    r"(?s)Error installing provider.*tcp.*connection reset by peer",
    r"NoSuchBucket: The specified bucket does not exist",
    r"(?s)Error creating SSM parameter: TooManyUpdates:",
    r"(?s)app\.terraform\.io.*: 429 Too Many Requests",
    r"(?s)ssh_exchange_identification.*Connection closed by remote host",
    r"(?s)Client\.Timeout exceeded while awaiting headers",
    r"(?s)Could not download module.*The requested URL returned error: 429",
    # AWS throttling and the network under it
    r"RequestLimitExceeded",
    r"\bThrottling(Exception)?\b",
    r"TooManyRequestsException",
    r"\bSlowDown\b",
    r"TLS handshake timeout",
    r"connection reset by peer",
)
KEYS = {"attempts", "sleep_seconds", "max_sleep_seconds", "patterns", "extra_patterns"}

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    sleep_seconds: float = 5.0
    max_sleep_seconds: float = 60.0
    patterns: tuple[str, ...] = field(default=DEFAULT_PATTERNS)

    def matching(self, message: str) -> str | None:
        """The first pattern the error message matches: None means never retry it."""
        return next((p for p in self.patterns if re.search(p, message)), None)

    def call(
        self,
        operation: Callable[[], T],
        *,
        on_retry: Callable[[int, str, float], None],
        sleep: Callable[[float], None],
    ) -> T:
        """Run `operation`; a transient OperationError runs it again after a backoff.

        on_retry(next_attempt, error, seconds) says so before each sleep."""

        def transient(exc: BaseException) -> bool:
            return isinstance(exc, OperationError) and self.matching(str(exc)) is not None

        def before_sleep(state: tenacity.RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            seconds = state.next_action.sleep if state.next_action else 0.0
            on_retry(state.attempt_number + 1, str(error), seconds)

        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(max(self.attempts, 1)),
            wait=tenacity.wait_exponential(
                multiplier=self.sleep_seconds, min=self.sleep_seconds, max=self.max_sleep_seconds
            ),
            retry=tenacity.retry_if_exception(transient),
            before_sleep=before_sleep,
            sleep=sleep,
            reraise=True,
        )
        return retrying(operation)


def from_manifest(raw: Mapping[str, Any], fail: Callable[[str], ConfigError]) -> RetryPolicy:
    """[stack.retry], checked: a wrong key or value names itself."""
    if unknown := sorted(set(raw) - KEYS):
        raise fail(f"retry: unknown key(s) {', '.join(unknown)}; allowed: {sorted(KEYS)}")
    attempts = raw.get("attempts", RetryPolicy.attempts)
    if not isinstance(attempts, int) or isinstance(attempts, bool) or attempts < 1:
        raise fail("retry.attempts must be a whole number >= 1 (1: never retry)")
    numbers = {}
    for key in ("sleep_seconds", "max_sleep_seconds"):
        value = raw.get(key, getattr(RetryPolicy, key))
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise fail(f"retry.{key} must be a number >= 0")
        numbers[key] = float(value)
    patterns = list(_patterns(raw, "patterns", fail) or DEFAULT_PATTERNS)
    patterns += _patterns(raw, "extra_patterns", fail)
    return RetryPolicy(
        attempts, numbers["sleep_seconds"], numbers["max_sleep_seconds"], tuple(patterns)
    )


def _patterns(
    raw: Mapping[str, Any], key: str, fail: Callable[[str], ConfigError]
) -> Sequence[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise fail(f"retry.{key} must be a list of regular expressions")
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise fail(f"retry.{key}: {pattern!r} is not a regular expression: {exc}") from None
    return value
