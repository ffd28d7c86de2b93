"""The retry policy: Terragrunt's retryable errors by default, manifest overrides checked."""

from __future__ import annotations

import pytest

from streamctl.errors import ConfigError, OperationError
from streamctl.retry_policy import DEFAULT_PATTERNS, RetryPolicy, from_manifest


def fail(message: str) -> ConfigError:
    return ConfigError(message)


def test_known_transient_errors_match_and_others_do_not() -> None:
    policy = RetryPolicy()
    for message in (
        "Error installing provider: net/http: TLS handshake timeout",
        "api error Throttling: Rate exceeded",
        "operation error EC2: RunInstances, RequestLimitExceeded",
        "read tcp 10.0.0.1:443: read: connection reset by peer",
    ):
        assert policy.matching(message), message
    assert policy.matching("InvalidParameterValue: bad CIDR") is None


def test_call_retries_transient_errors_only_and_says_so() -> None:
    said: list[tuple[int, float]] = []
    tries: list[int] = []

    def flaky() -> str:
        tries.append(1)
        if len(tries) < 3:
            raise OperationError("Throttling: slow down")
        return "done"

    policy = RetryPolicy(attempts=3, sleep_seconds=2, max_sleep_seconds=3)
    result = policy.call(flaky, on_retry=lambda n, _, s: said.append((n, s)), sleep=lambda _: None)
    assert result == "done" and said == [(2, 2.0), (3, 3.0)]

    def broken() -> str:
        tries.append(1)
        raise OperationError("InvalidParameterValue")

    tries.clear()
    with pytest.raises(OperationError, match="InvalidParameterValue"):
        policy.call(broken, on_retry=lambda *_: None, sleep=lambda _: None)
    assert len(tries) == 1


def test_manifest_settings_are_checked() -> None:
    policy = from_manifest({"attempts": 5, "extra_patterns": ["Busy"]}, fail)
    assert policy.attempts == 5 and policy.patterns == (*DEFAULT_PATTERNS, "Busy")
    assert from_manifest({"patterns": ["Only"]}, fail).patterns == ("Only",)
    for raw, message in (
        ({"attempts": 0}, "retry.attempts"),
        ({"sleep_seconds": "x"}, "retry.sleep_seconds"),
        ({"patterns": ["("]}, "is not a regular expression"),
        ({"tries": 2}, "unknown key"),
    ):
        with pytest.raises(ConfigError, match=message):
            from_manifest(raw, fail)
