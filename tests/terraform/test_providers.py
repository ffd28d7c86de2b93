"""Provider sources: mirrors, the machine-wide store, the private CLI config."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from streamctl.errors import ConfigError
from streamctl.terraform.providers import (
    ProviderStore,
    cli_config,
    current_platform,
    provider_setup,
    read_user_config,
    scan_mirror,
)

AWS = "registry.terraform.io/hashicorp/aws"


def _unpacked(root: Path, address: str = AWS, version: str = "5.100.0") -> Path:
    entry = root / address / version / current_platform()
    entry.mkdir(parents=True)
    (entry / f"terraform-provider-aws_v{version}_x5").write_text("binary")
    return root


def _packed(root: Path, version: str = "3.39.0") -> Path:
    folder = root / AWS
    folder.mkdir(parents=True)
    archive = folder / f"terraform-provider-aws_{version}_{current_platform()}.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(f"terraform-provider-aws_v{version}_x5", "binary")
    return root


def test_an_unpacked_mirror_is_read_with_what_it_holds(tmp_path: Path) -> None:
    mirror = scan_mirror(_unpacked(tmp_path / "m"))
    assert (mirror.layout, mirror.providers) == ("unpacked", (AWS,))


def test_a_packed_mirror_is_read_with_what_it_holds(tmp_path: Path) -> None:
    mirror = scan_mirror(_packed(tmp_path / "m"))
    assert (mirror.layout, mirror.providers) == ("packed", (AWS,))


@pytest.mark.parametrize("make", ["missing", "empty", "file"])
def test_a_mirror_that_holds_nothing_is_a_config_error_naming_it(tmp_path: Path, make: str) -> None:
    path = tmp_path / "m"
    if make == "empty":
        path.mkdir()
    elif make == "file":
        path.write_text("")
    with pytest.raises(ConfigError, match=str(path.name)) as caught:
        scan_mirror(path)
    assert caught.value.exit_code == 2


def test_the_config_takes_what_the_mirror_holds_from_it_and_the_rest_directly(
    tmp_path: Path,
) -> None:
    store = ProviderStore(tmp_path / "store")
    mirror = scan_mirror(_unpacked(tmp_path / "m"))
    methods = cli_config(store, mirror, {})["provider_installation"][0]
    assert methods["filesystem_mirror"] == [
        {"path": str(mirror.path), "include": [AWS]},
        {"path": str(store.root), "exclude": [AWS]},
    ]
    # Terraform fails when any matching source cannot answer: the registry must not be
    # asked for what the mirror holds (an air-gapped machine has no registry).
    assert methods["direct"] == [{"exclude": [AWS]}]


def test_a_packed_mirror_is_unpacked_once_into_the_store(tmp_path: Path) -> None:
    store = ProviderStore(tmp_path / "store")
    mirror = scan_mirror(_packed(tmp_path / "m"))
    setup = provider_setup(tmp_path / "cfg", mirror, store)
    entry = store.root / AWS / "3.39.0" / current_platform() / "terraform-provider-aws_v3.39.0_x5"
    assert entry.read_text() == "binary" and entry.stat().st_mode & 0o111
    config = json.loads(setup.config_file.read_text())
    assert config["provider_installation"][0]["filesystem_mirror"][0] == {
        "path": str(store.root),
        "include": [AWS],
    }
    entry.write_text("kept")  # a second run does not unpack again
    provider_setup(tmp_path / "cfg", mirror, store)
    assert entry.read_text() == "kept"


def test_the_users_own_cli_config_is_merged_never_edited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "user.tfrc"
    text = (
        'plugin_cache_dir = "/home/u/.terraform.d/plugin-cache"\n'
        'credentials "app.terraform.io" {\n  token = "user-token"\n}\n'
        "provider_installation {\n"
        '  network_mirror {\n    url = "https://mirror.example/"\n  }\n'
        '  direct {\n    exclude = ["example.com/a/b"]\n  }\n'
        "}\n"
    )
    user.write_text(text)
    monkeypatch.setenv("TF_CLI_CONFIG_FILE", str(user))
    store = ProviderStore(tmp_path / "store")
    setup = provider_setup(tmp_path / "cfg", scan_mirror(_unpacked(tmp_path / "m")), store)
    config = json.loads(setup.config_file.read_text())
    assert user.read_text() == text
    assert config["credentials"] == [{"app.terraform.io": {"token": "user-token"}}]
    assert "plugin_cache_dir" not in config  # a shared cache is what races
    methods = config["provider_installation"][0]
    assert methods["network_mirror"] == [{"url": "https://mirror.example/", "exclude": [AWS]}]
    assert methods["direct"] == [{"exclude": sorted(["example.com/a/b", AWS])}]
    assert setup.config_file.stat().st_mode & 0o777 == 0o600  # tokens
    assert setup.env == {"TF_CLI_CONFIG_FILE": str(setup.config_file), "TF_PLUGIN_CACHE_DIR": ""}


def test_an_unreadable_user_config_is_a_config_error(tmp_path: Path) -> None:
    broken = tmp_path / "user.tfrc"
    broken.write_text("provider_installation {\n")
    with pytest.raises(ConfigError, match=r"user\.tfrc"):
        read_user_config(broken)


def test_adopt_moves_a_download_into_the_store_and_links_it_back(tmp_path: Path) -> None:
    store = ProviderStore(tmp_path / "store")
    first = _unpacked(tmp_path / "a" / ".terraform" / "providers")
    second = _unpacked(tmp_path / "b" / ".terraform" / "providers")
    store.adopt(first)
    installed = first / AWS / "5.100.0" / current_platform()
    entry = store.root / AWS / "5.100.0" / current_platform()
    assert installed.is_symlink() and installed.resolve() == entry.resolve()
    assert (entry / "terraform-provider-aws_v5.100.0_x5").read_text() == "binary"
    # A second layer's own download is dropped for the store's copy: one copy per machine.
    store.adopt(second)
    assert (second / AWS / "5.100.0" / current_platform()).resolve() == entry.resolve()
    assert not list(store.root.rglob(".incoming-*"))
    store.adopt(first)  # links are left alone
    assert installed.is_symlink()
