"""Redaction of secret values in every form they take in what streamctl writes.

A secret reaches text raw, JSON-escaped by Terraform (Go escapes `<`, `>` and `&` as
`\\u003c`, `\\u003e`, `\\u0026`), JSON-escaped twice (a plan inside an event), and
shell-quoted (a provisioner's command line). Sensitive values can be maps, lists and
numbers: every leaf is a secret of its own, and so is the whole value as JSON.
"""

from __future__ import annotations

import json
import re
import shlex
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

REDACTED = "(redacted)"
# Very short values would redact ordinary words; Terraform secrets are longer.
MIN_LENGTH = 4


def _json_inner(text: str, *, ascii_only: bool) -> str:
    return json.dumps(text, ensure_ascii=ascii_only)[1:-1]


def _go_json_inner(text: str) -> str:
    """What Go's encoding/json makes of a string (HTML-safe escaping, UTF-8 kept)."""
    inner = _json_inner(text, ascii_only=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        inner = inner.replace(char, escaped)
    return inner.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def forms(secret: str) -> set[str]:
    """Every spelling of `secret` that redaction must catch."""
    found = {secret}
    for escaped in (
        _json_inner(secret, ascii_only=True),
        _json_inner(secret, ascii_only=False),
        _go_json_inner(secret),
    ):
        found.add(escaped)
        found.add(_json_inner(escaped, ascii_only=True))  # JSON inside a JSON string
        found.add(_go_json_inner(escaped))
    found.add(shlex.quote(secret))
    found.add(secret.replace("'", "'\\''"))  # inside '...' in sh
    found.add(re.sub(r'(["\\$`])', r"\\\1", secret))  # inside "..." in sh
    found.add(repr(secret)[1:-1])
    found.add(quote(secret, safe=""))
    return {form for form in found if len(form) >= MIN_LENGTH}


def leaves(value: Any) -> list[str]:
    """The secrets inside a (sensitive) value: every string and number leaf, and the
    whole value as JSON when it is a collection."""
    found: list[str] = []
    if isinstance(value, bool) or value is None:
        return found
    if isinstance(value, str):
        return [value]
    if isinstance(value, int | float):
        return [str(value), json.dumps(value)]
    if isinstance(value, dict):
        for item in value.values():
            found += leaves(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            found += leaves(item)
    else:
        return [str(value)]
    found.append(json.dumps(value, separators=(",", ":")))
    found.append(json.dumps(value))
    return found


class Redactor:
    """Replaces every known secret value in text; shared by logs, records and the console."""

    def __init__(self) -> None:
        self._forms: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def add(self, values: Iterable[Any]) -> None:
        """Remember secrets: strings, numbers, or whole sensitive maps and lists."""
        new: set[str] = set()
        for value in values:
            for leaf in leaves(value):
                if len(leaf) >= MIN_LENGTH:
                    new |= forms(leaf)
        with self._lock:
            if new - self._forms:
                self._forms |= new
                # Longest first: a secret containing another is replaced whole.
                alternatives = sorted(self._forms, key=len, reverse=True)
                self._pattern = re.compile("|".join(map(re.escape, alternatives)))

    def __call__(self, text: str) -> str:
        with self._lock:
            pattern = self._pattern
        return pattern.sub(REDACTED, text) if pattern else text

    def data(self, value: Any) -> Any:
        """A JSON-like value with every string in it redacted (keys too)."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {self(str(k)): self.data(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.data(v) for v in value]
        if isinstance(value, int | float) and not isinstance(value, bool):
            redacted = self(str(value))
            return value if redacted == str(value) else REDACTED
        return value
