"""Terraform type constraints, parsed, and whether a manifest value converts to one.

`vars` in the manifest are checked at load against the variable's full type, so that
`list(number)` given `["a"]` stops the run before its upstream layers are applied, not
half-way through a deployment. The rules are Terraform's conversions: numbers and bools
convert to strings, numeric strings to numbers, "true"/"false" to bools; objects need
their non-optional attributes and may carry extra ones (Terraform drops them).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

PRIMITIVES = {"string", "number", "bool", "any"}


@dataclass(frozen=True)
class TfType:
    kind: str  # string number bool any list set map tuple object
    elements: tuple[TfType, ...] = ()  # list/set/map: one; tuple: each
    attributes: dict[str, tuple[TfType, bool]] = field(
        default_factory=dict
    )  # name -> (type, optional)

    def __str__(self) -> str:
        if self.kind in PRIMITIVES:
            return self.kind
        if self.kind == "tuple":
            return f"tuple([{', '.join(map(str, self.elements))}])"
        if self.kind == "object":
            fields = ", ".join(
                f"{name} = {'optional(' + str(t) + ')' if opt else t}"
                for name, (t, opt) in self.attributes.items()
            )
            return f"object({{{fields}}})"
        return f"{self.kind}({self.elements[0]})"


class TypeSyntaxError(ValueError):
    pass


_TOKEN = re.compile(r'\s*(?:([A-Za-z_][A-Za-z0-9_-]*)|("(?:[^"\\]|\\.)*")|(.))')


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self) -> str:
        match = _TOKEN.match(self.text, self.pos)
        return match.group(0).strip() if match and match.group(0).strip() else ""

    def take(self, expected: str | None = None) -> str:
        match = _TOKEN.match(self.text, self.pos)
        token = match.group(0).strip() if match else ""
        if not token or (expected is not None and token != expected):
            raise TypeSyntaxError(f"expected {expected or 'a token'} at {self.text[self.pos :]!r}")
        self.pos = match.end() if match else self.pos
        return token

    def skip_expression(self) -> None:
        """An optional() default: any HCL expression, up to the closing parenthesis."""
        depth = 0
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == '"':
                match = re.compile(r'"(?:[^"\\]|\\.)*"').match(self.text, self.pos)
                self.pos = match.end() if match else len(self.text)
                continue
            if char in "([{":
                depth += 1
            elif char in ")]}":
                if depth == 0:
                    return
                depth -= 1
            self.pos += 1

    def type(self) -> TfType:
        name = self.take()
        if name in PRIMITIVES:
            return TfType(name)
        if name in ("list", "set", "map"):
            self.take("(")
            element = self.type()
            self.take(")")
            return TfType(name, (element,))
        if name == "tuple":
            self.take("(")
            self.take("[")
            elements: list[TfType] = []
            while self.peek() != "]":
                elements.append(self.type())
                if self.peek() == ",":
                    self.take(",")
            self.take("]")
            self.take(")")
            return TfType("tuple", tuple(elements))
        if name == "object":
            self.take("(")
            self.take("{")
            attributes: dict[str, tuple[TfType, bool]] = {}
            while self.peek() != "}":
                key = self.take()
                key = json.loads(key) if key.startswith('"') else key
                self.take("=")
                attributes[key] = self.attribute()
                if self.peek() == ",":
                    self.take(",")
            self.take("}")
            self.take(")")
            return TfType("object", attributes=attributes)
        raise TypeSyntaxError(f"unknown type {name!r}")

    def attribute(self) -> tuple[TfType, bool]:
        if self.peek() != "optional":
            return self.type(), False
        self.take("optional")
        self.take("(")
        inner = self.type()
        if self.peek() == ",":
            self.take(",")
            self.skip_expression()
        self.take(")")
        return inner, True


def parse(expression: str) -> TfType:
    """`${list(number)}` (python-hcl2's spelling) or `list(number)` -> TfType."""
    text = expression.strip()
    if text.startswith("${") and text.endswith("}"):
        text = text[2:-1]
    parser = _Parser(text)
    parsed = parser.type()
    if parser.peek():
        raise TypeSyntaxError(f"unexpected {text[parser.pos :]!r}")
    return parsed


def mismatch(value: Any, expected: TfType, where: str = "") -> str | None:
    """Why `value` does not convert to `expected` (naming the element), or None."""
    at = f"{where}: " if where else ""
    kind = expected.kind
    if kind == "any":
        return None
    if kind == "string":
        return None if not isinstance(value, list | dict) else f"{at}a string is required"
    if kind == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return None
        if isinstance(value, str):
            try:
                float(value)
            except ValueError:
                return f"{at}a number is required, got {value!r}"
            return None
        return f"{at}a number is required"
    if kind == "bool":
        ok = isinstance(value, bool) or value in ("true", "false")
        return None if ok else f"{at}a bool is required"
    if kind in ("list", "set", "tuple"):
        if not isinstance(value, list):
            return f"{at}a list is required"
        if kind == "tuple" and len(value) != len(expected.elements):
            return f"{at}a tuple of {len(expected.elements)} elements is required"
        types = expected.elements if kind == "tuple" else expected.elements * len(value)
        for index, (item, item_type) in enumerate(zip(value, types, strict=False)):
            if problem := mismatch(item, item_type, f"{where}[{index}]"):
                return problem
        return None
    if not isinstance(value, dict):
        return f"{at}a map or object is required"
    if kind == "map":
        for key, item in value.items():
            if problem := mismatch(item, expected.elements[0], f"{where}[{key!r}]"):
                return problem
        return None
    for name, (attribute, optional) in expected.attributes.items():
        if name not in value:
            if not optional:
                return f"{at}attribute {name!r} is required"
            continue
        if problem := mismatch(value[name], attribute, f"{where}.{name}"):
            return problem
    return None
