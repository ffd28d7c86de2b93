"""Where Terraform gets providers: a user's mirror, a machine-wide store, the registry.

streamctl runs Terraform with a private CLI config (the user's own, merged, never
edited) whose `provider_installation` takes what a named mirror holds from that mirror,
everything else from the store or the registry.

The store replaces Terraform's shared plugin cache, whose entries one `init` may rewrite
while another layer's Terraform reads them (a checksum error, every time, on a fresh
machine). Store entries are complete before they appear (one rename) and never change:
a layer installs a download into its own `.terraform`, streamctl then moves it into the
store and links it back; unpacked mirrors are linked, never copied; packed mirrors are
unpacked once. So nine layers share one copy of a 675 MB provider and no reader can
see a half-written one.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from streamctl.errors import ConfigError
from streamctl.files import exclusive, user_cache, write_atomic

MIRROR_ENV = "STREAMCTL_PROVIDER_MIRROR"
STORE_ENV = "STREAMCTL_PROVIDER_STORE"
PACKED_PREFIX = "terraform-provider-"


def current_platform() -> str:
    machine = platform.machine().lower()
    arch = {"x86_64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(machine, machine)
    return f"{platform.system().lower()}_{arch}"


@dataclass(frozen=True)
class ProviderMirror:
    """A Terraform filesystem mirror: `HOST/NS/TYPE/VERSION/OS_ARCH/` (unpacked) or
    `HOST/NS/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip` (packed)."""

    path: Path
    layout: Literal["unpacked", "packed"]
    providers: tuple[str, ...]  # source addresses, e.g. registry.terraform.io/hashicorp/aws


def scan_mirror(path: Path) -> ProviderMirror:
    """Read what a mirror directory holds; a directory holding no provider is an error."""
    root = path.expanduser().resolve()
    if not root.is_dir():
        raise ConfigError(
            f"provider mirror {path} is not a directory (--provider-mirror / {MIRROR_ENV})"
        )
    unpacked: set[str] = set()
    packed: set[str] = set()
    for type_dir in root.glob("*/*/*"):
        if not type_dir.is_dir():
            continue
        address = "/".join(type_dir.relative_to(root).parts)
        if any(type_dir.glob(f"{PACKED_PREFIX}*.zip")):
            packed.add(address)
        if any(p.is_dir() for p in type_dir.glob("*/*_*")):
            unpacked.add(address)
    if not unpacked and not packed:
        raise ConfigError(
            f"provider mirror {root} holds no provider: expected HOST/NAMESPACE/TYPE/VERSION/"
            "OS_ARCH/ directories or HOST/NAMESPACE/TYPE/terraform-provider-*.zip files "
            "(fill one with `terraform providers mirror DIR` on a connected machine)"
        )
    layout: Literal["unpacked", "packed"] = "unpacked" if unpacked else "packed"
    return ProviderMirror(root, layout, tuple(sorted(unpacked | packed)))


def mirror_from(explicit: Path | None = None) -> ProviderMirror | None:
    """The mirror named by --provider-mirror, else by $STREAMCTL_PROVIDER_MIRROR."""
    named = explicit or (Path(os.environ[MIRROR_ENV]) if os.environ.get(MIRROR_ENV) else None)
    return scan_mirror(named) if named else None


def default_store() -> Path:
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV])
    return user_cache("providers")


class ProviderStore:
    """One machine's providers, unpacked, each entry written once by a rename."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = (root or default_store()).expanduser()

    @property
    def _lock(self) -> Path:
        return self.root / ".lock"

    def ensure(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                f"cannot create the provider store {self.root} ({exc.strerror}); "
                f"set {STORE_ENV} to a writable directory"
            ) from exc

    def unpack(self, mirror: ProviderMirror) -> None:
        """Unpack a packed mirror's packages for this platform (once per machine)."""
        suffix = f"_{current_platform()}.zip"
        for address in mirror.providers:
            for archive in sorted((mirror.path / address).glob(f"{PACKED_PREFIX}*{suffix}")):
                version = archive.name.removesuffix(suffix).rsplit("_", 1)[-1]
                entry = self.root / address / version / current_platform()
                if not entry.is_dir():
                    self._place(entry, lambda dest, a=archive: _unzip(a, dest))

    def adopt(self, providers_dir: Path) -> None:
        """Move what `init` downloaded into a layer's .terraform into the store, and link it.

        A later layer's `init` then links the store entry, and no Terraform ever writes
        into a directory that another one reads.
        """
        for installed in sorted(providers_dir.glob("*/*/*/*/*_*")):
            if installed.is_symlink() or not installed.is_dir():
                continue
            entry = self.root / installed.relative_to(providers_dir)
            if not entry.is_dir():
                self._place(entry, lambda dest, src=installed: shutil.copytree(src, dest))
            shutil.rmtree(installed)
            installed.symlink_to(entry, target_is_directory=True)

    def _place(self, entry: Path, fill: Any) -> None:
        """Fill a new entry beside its final place, then rename: readers see all or nothing."""
        with exclusive(self._lock):
            if entry.is_dir():  # another process placed it while we waited
                return
            entry.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=entry.parent))
            try:
                fill(staging / "pkg")
                (staging / "pkg").rename(entry)
            finally:
                shutil.rmtree(staging, ignore_errors=True)


def _unzip(archive: Path, dest: Path) -> None:
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(dest)
    for member in dest.rglob("*"):
        if member.is_file() and member.name.startswith(PACKED_PREFIX):
            member.chmod(0o755)  # zip files do not keep the executable bit for Terraform


def user_cli_config() -> Path | None:
    """The user's own CLI config file, as Terraform would find it."""
    named = os.environ.get("TF_CLI_CONFIG_FILE")
    if named:
        return Path(named)
    default = Path.home() / ".terraformrc"
    return default if default.is_file() else None


def _plain(value: Any) -> Any:
    """python-hcl2's document as plain JSON: strings unquoted, block markers dropped."""
    if isinstance(value, str):
        return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items() if k != "__is_block__"}
    return value


def read_user_config(path: Path | None) -> dict[str, Any]:
    if path is None or not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            parsed = {}  # an empty config (common in CI): nothing to parse
        elif text.lstrip().startswith("{"):
            parsed = json.loads(text)
        else:
            import hcl2  # only for an HCL config: parsing (lark) is slow to import

            parsed = hcl2.loads(text)
    except Exception as exc:  # python-hcl2 raises lark errors of many kinds
        raise ConfigError(f"cannot read the Terraform CLI config {path}: {exc}") from exc
    plain: dict[str, Any] = _plain(parsed)
    return plain


def _with_exclusions(methods: Iterable[Mapping[str, Any]], held: list[str]) -> list[Any]:
    """The user's own installation methods, after ours, never for what the mirror holds."""
    kept: list[Any] = []
    for group in methods:
        for kind, blocks in group.items():
            for block in blocks if isinstance(blocks, list) else [blocks]:
                excluded = {*block.get("exclude", []), *held}
                if kind in ("direct", "network_mirror") and held:
                    kept.append({kind: [{**block, "exclude": sorted(excluded)}]})
                else:
                    kept.append({kind: [block]})
    return kept


def cli_config(
    store: ProviderStore, mirror: ProviderMirror | None, user: Mapping[str, Any]
) -> dict[str, Any]:
    """The CLI config Terraform runs with: the user's settings, our provider sources first.

    Terraform lists versions from every source that matches a provider, and fails when one
    of them cannot answer: so what the mirror holds is excluded from every other source.
    """
    held = list(mirror.providers) if mirror else []
    methods: list[Any] = []
    if mirror:
        source = mirror.path if mirror.layout == "unpacked" else store.root
        methods.append({"filesystem_mirror": [{"path": str(source), "include": held}]})
    methods.append(
        {"filesystem_mirror": [{"path": str(store.root), **({"exclude": held} if held else {})}]}
    )
    user_methods = user.get("provider_installation") or []
    if user_methods:
        groups = user_methods if isinstance(user_methods, list) else [user_methods]
        methods += _with_exclusions(groups, held)
    else:
        methods.append({"direct": [{"exclude": held} if held else {}]})
    # The store replaces the plugin cache; a shared cache is what races (module doc).
    dropped = ("provider_installation", "plugin_cache_dir")
    config = {k: v for k, v in user.items() if k not in dropped}
    config["provider_installation"] = [_merge(methods)]
    return config


def _merge(methods: list[Mapping[str, list[Any]]]) -> dict[str, list[Any]]:
    merged: dict[str, list[Any]] = {}
    for method in methods:
        for kind, blocks in method.items():
            merged.setdefault(kind, []).extend(blocks)
    return merged


@dataclass(frozen=True)
class ProviderSetup:
    """What every Terraform of a run gets: the private CLI config and the store."""

    store: ProviderStore
    mirror: ProviderMirror | None
    config_file: Path

    @property
    def env(self) -> dict[str, str]:
        # An empty TF_PLUGIN_CACHE_DIR is unset for Terraform: no shared cache, ever.
        return {"TF_CLI_CONFIG_FILE": str(self.config_file), "TF_PLUGIN_CACHE_DIR": ""}


def provider_setup(
    config_dir: Path, mirror: ProviderMirror | None = None, store: ProviderStore | None = None
) -> ProviderSetup:
    """Write the private CLI config under `config_dir` (0600: user configs hold tokens)."""
    store = store or ProviderStore()
    store.ensure()
    if mirror and mirror.layout == "packed":
        store.unpack(mirror)
    config = cli_config(store, mirror, read_user_config(user_cli_config()))
    text = json.dumps(config, indent=2, sort_keys=True)
    # Named by content, so a changed mirror or user config re-runs `init` (fingerprint).
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    path = config_dir / f"terraform-cli-{digest}.tfrc.json"
    if not path.is_file():
        write_atomic(path, text)
    return ProviderSetup(store, mirror, path)
