"""The `Target` protocol: where layers deploy (implemented by aws.py and emulator.py).

A target is plain data plus a few hooks. Building one starts nothing, so read-only
commands (outputs, status, verify) can ask it for its namespace and endpoint; only
`start()` makes it reachable (starts the managed emulator), and only runs that will
call Terraform against the AWS API call it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from streamctl.manifest import Layer


class PreparedLayer(Protocol):
    """What a target may ask of a layer whose working copy is initialised."""

    @property
    def workdir(self) -> Path:
        """Where Terraform runs: the layer's directory inside its working copy."""
        ...

    @property
    def data_dir(self) -> Path:
        """The layer's private working data (caches survive rebuilds of the copy)."""
        ...

    def providers_schema(self) -> dict[str, Any]:
        """`terraform providers schema -json` of the initialised copy."""
        ...


class Target(Protocol):
    """Implementations keep these as plain fields; read-only here, so frozen ones fit."""

    @property
    def name(self) -> str:
        """State namespace under .streamctl/<env>/: "aws", "local", "emulator-<host>-<port>"."""
        ...

    @property
    def endpoint(self) -> str | None:
        """The AWS API endpoint of an emulator (None for AWS itself, or not started)."""
        ...

    @property
    def emulated(self) -> bool:
        """An emulator: nothing real to protect (throwaway secrets, dummy credentials)."""
        ...

    @property
    def env(self) -> Mapping[str, str]:
        """Extra environment for Terraform."""
        ...

    def start(self) -> None:
        """Make the target reachable before Terraform talks to it (may start a process)."""
        ...

    def notices(self) -> list[str]:
        """Warnings for the user about the target's state, e.g. an emulator restarted."""
        ...

    def backend(self, layer: Layer) -> Mapping[str, Any] | None:
        """The layer's `backend` block, or None for a local state file in its data."""
        ...

    def provider_files(self, layer: PreparedLayer) -> Mapping[str, Any]:
        """Extra JSON files for the initialised working copy (provider settings)."""
        ...

    def health(self) -> str | None:
        """What is wrong with the target now (an emulator that died), or None: asked when
        layers failed, so that the failure is blamed on its cause."""
        ...

    def applied(self) -> None:
        """Called after each successful apply."""
        ...
