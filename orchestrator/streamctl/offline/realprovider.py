"""Finding the real hashicorp/aws 5.100.0 provider binary for offline validation and tests.

The real provider's validators catch enum, ARN, JSON and naming errors that a schema alone
cannot, so offline runs use it whenever a filesystem mirror on this machine holds it:
first a mirror named explicitly (--provider-mirror), then $STREAMCTL_PROVIDER_MIRROR, then
the places machines of ours are provisioned with one. `STREAMCTL_OFFLINE_PROVIDER` picks:
`auto` (the default: real if found, else the schema-only plugin), `real` (an error when
none is found: for CI, which must not fall back silently) or `schema-only`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from streamctl.errors import ConfigError
from streamctl.offline.mirror import (
    OfflineProvider,
    prepare_mirror,
)
from streamctl.offline.schema import PROVIDER_ADDRESS, PROVIDER_VERSION
from streamctl.terraform.providers import MIRROR_ENV, current_platform

MODE_ENV = "STREAMCTL_OFFLINE_PROVIDER"
MODES = ("auto", "real", "schema-only")
# Where this project's machines (developers' and CI's) carry an unpacked mirror.
MACHINE_MIRRORS = (Path("/opt/tf-plugins"),)


@dataclass(frozen=True)
class RealProvider:
    """The real provider package in a filesystem mirror (unpacked binary or packed zip)."""

    mirror: Path
    package: Path
    found_by: str  # "--provider-mirror", "$STREAMCTL_PROVIDER_MIRROR" or "machine mirror"

    @property
    def packed(self) -> bool:
        return self.package.suffix == ".zip"

    def describe(self) -> str:
        return f"real hashicorp/aws {PROVIDER_VERSION} from {self.mirror} ({self.found_by})"


@dataclass(frozen=True)
class ProviderSearch:
    """What a search found, or why offline runs use the schema-only plugin instead."""

    found: RealProvider | None
    looked: tuple[str, ...] = ()
    schema_only_asked: bool = False

    def why_not(self) -> str:
        if self.schema_only_asked:
            return f"{MODE_ENV}=schema-only"
        places = ", ".join(self.looked) or "no mirror named and no machine mirror"
        return f"no hashicorp/aws {PROVIDER_VERSION} for {current_platform()} in {places}"


def package_in(mirror: Path) -> Path | None:
    """The provider package in `mirror` for this platform: an unpacked binary, else a zip."""
    platform_name = current_platform()
    unpacked = mirror / PROVIDER_ADDRESS / PROVIDER_VERSION / platform_name
    for binary in sorted(unpacked.glob("terraform-provider-aws_v*")):
        if binary.is_file() and os.access(binary, os.X_OK):
            return binary
    packed_name = f"terraform-provider-aws_{PROVIDER_VERSION}_{platform_name}.zip"
    packed = mirror / PROVIDER_ADDRESS / packed_name
    return packed if packed.is_file() else None


def search_real_provider(
    explicit: Path | None = None,
    environ: Mapping[str, str] | None = None,
    machine_mirrors: Sequence[Path] | None = None,
) -> ProviderSearch:
    """Apply $STREAMCTL_OFFLINE_PROVIDER; look in `explicit`, the variable, machine mirrors."""
    environ = os.environ if environ is None else environ
    mode = environ.get(MODE_ENV) or "auto"
    if mode not in MODES:
        raise ConfigError(f"{MODE_ENV}={mode!r} is not one of: {', '.join(MODES)}")
    if mode == "schema-only":
        return ProviderSearch(None, schema_only_asked=True)
    candidates: list[tuple[Path, str]] = []
    if explicit is not None:
        candidates.append((explicit, "--provider-mirror"))
    if environ.get(MIRROR_ENV):
        candidates.append((Path(environ[MIRROR_ENV]), f"${MIRROR_ENV}"))
    machine = MACHINE_MIRRORS if machine_mirrors is None else machine_mirrors
    candidates += [(path, "machine mirror") for path in machine]
    looked: list[str] = []
    for path, found_by in candidates:
        mirror = path.expanduser().resolve()
        package = package_in(mirror)
        if package is not None:
            return ProviderSearch(RealProvider(mirror, package, found_by), tuple(looked))
        looked.append(f"{path} ({found_by})")
    search = ProviderSearch(None, tuple(looked))
    if mode == "real":
        raise ConfigError(
            f"{MODE_ENV}=real, but there is {search.why_not()}: name a mirror holding it "
            f"with --provider-mirror or {MIRROR_ENV}, or unset {MODE_ENV}"
        )
    return search


def find_real_provider(
    explicit: Path | None = None,
    environ: Mapping[str, str] | None = None,
    machine_mirrors: Sequence[Path] | None = None,
) -> RealProvider | None:
    """The real provider offline runs should use, or None for the schema-only plugin."""
    return search_real_provider(explicit, environ, machine_mirrors).found


def offline_provider(
    work_dir: Path, explicit: Path | None = None, environ: Mapping[str, str] | None = None
) -> OfflineProvider:
    """The provider offline runs use: the real one when found, else the schema-only plugin."""
    search = search_real_provider(explicit, environ)
    if search.found is not None:
        return prepare_real(work_dir, search.found)
    fallback = prepare_mirror(work_dir)
    return replace(fallback, description=f"{fallback.description} ({search.why_not()})")


def prepare_real(root: Path, real: RealProvider) -> OfflineProvider:
    """The CLI config that takes the real provider from its mirror, as `up` would.

    streamctl's own provider setup: the user's CLI config merged in, an unpacked mirror
    linked into each working copy, a packed one unpacked once into the provider store.
    """
    from streamctl.terraform.providers import provider_setup, scan_mirror

    root = root.resolve()
    setup = provider_setup(root, scan_mirror(real.mirror))
    return OfflineProvider(
        root=root,
        mirror=real.mirror,
        cli_config=setup.config_file,
        plugin=real.package,
        description=real.describe(),
        real=True,
    )
