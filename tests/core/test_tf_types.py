"""Parsing Terraform type constraints and Terraform's conversion rules for manifest values."""

from __future__ import annotations

import pytest

from streamctl.tf_types import TypeSyntaxError, mismatch, parse


def test_types_as_python_hcl2_spells_them_parse() -> None:
    assert str(parse("${list(number)}")) == "list(number)"
    kind = parse('${object({name = string, "x-y" = optional(list(string), ["a", ")"]), n = any})}')
    assert kind.kind == "object" and set(kind.attributes) == {"name", "x-y", "n"}
    assert kind.attributes["x-y"][1] is True  # optional, default skipped
    assert str(parse("tuple([string, map(bool)])")) == "tuple([string, map(bool)])"
    with pytest.raises(TypeSyntaxError):
        parse("list(numbr)")


@pytest.mark.parametrize(
    ("value", "expression"),
    [
        (1, "string"),
        (True, "string"),
        ("5", "number"),
        ("true", "bool"),
        ([1, "2"], "set(number)"),
        ({"a": 1, "extra": "dropped"}, "object({a = number})"),
        ({}, "object({a = optional(number)})"),
        (["a", 1], "any"),
    ],
)
def test_what_terraform_converts_passes(value: object, expression: str) -> None:
    assert mismatch(value, parse(expression)) is None


@pytest.mark.parametrize(
    ("value", "expression", "problem"),
    [
        (["a"], "list(number)", "[0]: a number is required"),
        ([1], "string", "a string is required"),
        ({"a": {"b": "x"}}, "map(object({b = number}))", "['a'].b: a number is required"),
        ({}, "object({a = number})", "attribute 'a' is required"),
        ("yes", "bool", "a bool is required"),
        ([1, 2, 3], "tuple([number, number])", "a tuple of 2 elements"),
    ],
)
def test_what_terraform_refuses_is_named(value: object, expression: str, problem: str) -> None:
    found = mismatch(value, parse(expression))
    assert found is not None and problem in found
