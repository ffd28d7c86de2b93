"""Finding the stack manifest from wherever the user stands, as git finds `.git`.

From the current directory up to the filesystem root, the first of:
- `stack.toml` in the directory itself, when it is the environment asked for (or no
  environment was named): `cd live/dev && streamctl status` works;
- `live/<env>/stack.toml` below it: the repository root, or any directory inside it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

from streamctl.errors import ConfigError
from streamctl.suggest import did_you_mean

MANIFEST = "stack.toml"
DEFAULT_ENV = "dev"


def _upward(start: Path) -> Iterator[Path]:
    current = start.resolve()
    yield current
    yield from current.parents


def _environment_of(manifest: Path) -> str:
    """The manifest's [stack] environment (default: its directory's name)."""
    try:
        doc = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return manifest.parent.name  # load_stack reports what is wrong with it
    stack = doc.get("stack")
    env = stack.get("environment") if isinstance(stack, dict) else None
    return env if isinstance(env, str) else manifest.parent.name


def environments(start: Path) -> dict[str, Path]:
    """Every environment found on the way up: name -> manifest (nearest first)."""
    found: dict[str, Path] = {}
    for directory in _upward(start):
        candidates = [directory / MANIFEST]
        for live in (directory, directory / "live"):
            if live.name == "live" and live.is_dir():
                candidates += sorted(live.glob(f"*/{MANIFEST}"))
        for manifest in candidates:
            if manifest.is_file():
                found.setdefault(_environment_of(manifest), manifest)
    return found


def find_manifest(env: str | None, start: Path | None = None) -> Path:
    """The manifest for `env` (None: the one you stand in, else 'dev'), searched upward;
    a ConfigError saying where it looked and which environments exist otherwise."""
    origin = (start or Path.cwd()).resolve()
    wanted = env or DEFAULT_ENV
    searched: list[Path] = []
    for directory in _upward(origin):
        here = directory / MANIFEST
        if here.is_file() and (env is None or env in {directory.name, _environment_of(here)}):
            return here
        below = directory / "live" / wanted / MANIFEST
        if below.is_file():
            return below
        searched.append(directory)
    raise ConfigError(_not_found(wanted, origin, searched))


def _not_found(env: str, origin: Path, searched: list[Path]) -> str:
    shown = [str(d) for d in searched[:4]] + (["..."] if len(searched) > 5 else [])
    shown += [str(searched[-1])] if len(searched) > 4 else []
    message = (
        f"no stack manifest for environment '{env}': looked for {MANIFEST} and "
        f"live/{env}/{MANIFEST} from {origin} upward ({', '.join(shown)})"
    )
    known = environments(origin)
    if known:
        listing = ", ".join(f"{name} ({path})" for name, path in sorted(known.items()))
        message += f"; environments found: {listing}{did_you_mean(env, known)}"
        message += "; choose one with --env NAME"
    else:
        message += "; run streamctl inside the repository, or name a manifest with --stack FILE"
    return message
