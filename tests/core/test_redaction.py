"""Redaction catches secrets raw, JSON-escaped (Go's and Python's), shell-quoted, nested."""

from __future__ import annotations

import json
import shlex

from streamctl.redaction import REDACTED, Redactor

SECRET = "p<a>ss&'w\"rd-1234"


def redactor(*values: object) -> Redactor:
    redact = Redactor()
    redact.add(values)
    return redact


def test_every_escaped_form_of_a_secret_is_redacted() -> None:
    redact = redactor(SECRET)
    go_json = json.dumps(SECRET)[1:-1].replace("<", "\\u003c").replace(">", "\\u003e")
    go_json = go_json.replace("&", "\\u0026")
    for text in (
        SECRET,
        json.dumps(SECRET),
        go_json,
        json.dumps(json.dumps(SECRET)),  # a JSON document inside a JSON string
        shlex.quote(SECRET),
        "sh -c 'echo " + SECRET.replace("'", "'\\''") + "'",
    ):
        assert SECRET not in redact(text)
        assert REDACTED in redact(text), text
        for piece in ("p\\u003ca\\u003ess", "p<a>ss"):
            assert piece not in redact(text), text


def test_leaves_of_sensitive_maps_and_lists_and_numbers_are_redacted() -> None:
    redact = redactor({"db": {"password": "hunter2-secret", "port": 54321}, "keys": ["k-abcdef"]})
    text = redact('{"password":"hunter2-secret","port":54321,"k":"k-abcdef"}')
    assert "hunter2-secret" not in text and "54321" not in text and "k-abcdef" not in text


def test_short_values_and_booleans_are_left_alone() -> None:
    redact = redactor("abc", True, None)
    assert redact("abc true null") == "abc true null"


def test_data_redacts_strings_inside_documents_and_keeps_their_shape() -> None:
    redact = redactor("s3cr3t-value")
    doc = {"layers": [{"reason": "bad value s3cr3t-value", "n": 1}], "ok": True}
    assert redact.data(doc) == {"layers": [{"reason": f"bad value {REDACTED}", "n": 1}], "ok": True}
