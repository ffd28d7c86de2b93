"""Working copies: local modules resolve, sources stay untouched, generated files rotate."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from streamctl.files import write_atomic
from streamctl.manifest import Layer, Stack
from streamctl.terraform.workcopy import LayerWorkCopy, local_module_dirs
from support.fixtures import snapshot


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A checkout shaped like the platform: live/dev/<layer> using ../../modules/x."""
    root = tmp_path / "repo"
    (root / "modules" / "x").mkdir(parents=True)
    (root / "modules" / "x" / "main.tf").write_text('output "v" {\n  value = "x"\n}\n')
    (root / "modules" / "y").mkdir()
    (root / "modules" / "y" / "main.tf").write_text('output "v" {\n  value = "y"\n}\n')
    layer = root / "live" / "dev" / "app"
    layer.mkdir(parents=True)
    (layer / "main.tf").write_text('module "x" {\n  source = "../../../modules/x"\n}\n')
    (layer / ".terraform.lock.hcl").write_text("# lock\n")
    (layer / "terraform.tfstate").write_text("{}")
    (root / "live" / "dev" / "stack.toml").write_text("")
    # A sibling layer of the same environment, to be linked beside the real directory.
    (root / "live" / "dev" / "other").mkdir()
    (root / "live" / "dev" / "other" / "main.tf").write_text("")
    return root


def work_copy(repo: Path) -> LayerWorkCopy:
    layer = Layer("app", (repo / "live" / "dev" / "app").resolve())
    stack = Stack("s", "dev", None, {}, (repo / "live" / "dev" / "stack.toml").resolve(), {})
    return LayerWorkCopy(stack, layer, "aws")


def test_local_module_dirs_follow_sources(repo: Path) -> None:
    found = local_module_dirs(repo / "live" / "dev" / "app")
    assert found == {(repo / "live/dev/app").resolve(), (repo / "modules/x").resolve()}


def test_namespace_per_environment_target_and_layer(repo: Path) -> None:
    copy = work_copy(repo)
    assert copy.root == (repo / "live/dev/.streamctl/dev/aws/app").resolve()
    assert copy.state_file.parent == copy.root
    assert not copy.state_file.is_relative_to(copy.tree)


def test_working_copy_keeps_relative_module_sources_resolvable(repo: Path) -> None:
    copy = work_copy(repo)
    workdir = copy.build({})
    assert workdir == copy.tree / "live" / "dev" / "app"
    assert workdir.is_dir() and not workdir.is_symlink()
    module_main = workdir / "../../../modules/x/main.tf"
    assert module_main.read_text() == (repo / "modules/x/main.tf").read_text()
    assert (workdir / "main.tf").is_symlink()
    assert (workdir / "main.tf").resolve() == (repo / "live/dev/app/main.tf").resolve()
    assert (workdir.parent / "other").is_symlink()


def test_source_dirs_are_never_written(repo: Path) -> None:
    before = snapshot(repo)
    copy = work_copy(repo)
    workdir = copy.build({"zz_streamctl_a.tf.json": {"locals": {"a": 1}}})
    (workdir / ".terraform").mkdir()
    (workdir / ".terraform" / "plugin").write_text("x")
    copy.build({"zz_streamctl_b.tf.json": {"locals": {"b": 2}}})
    after = {k: v for k, v in snapshot(repo).items() if not k.startswith("live/dev/.streamctl")}
    assert after == before
    assert not list(repo.glob("live/dev/app/zz_streamctl_*"))
    assert not (repo / "live/dev/app/.terraform").exists()


def test_generated_files_are_replaced_on_rebuild(repo: Path) -> None:
    copy = work_copy(repo)
    workdir = copy.build({"zz_streamctl_a.tf.json": {"locals": {"a": 1}}})
    assert (
        workdir / "zz_streamctl_a.tf.json"
    ).read_text() == '{\n  "locals": {\n    "a": 1\n  }\n}'
    copy.build({"zz_streamctl_b.tf.json": {"locals": {"b": 2}}})
    assert not (workdir / "zz_streamctl_a.tf.json").exists()
    assert (workdir / "zz_streamctl_b.tf.json").is_file()
    assert not (workdir / "zz_streamctl_b.tf.json").is_symlink()


def test_a_generated_looking_file_in_the_source_is_not_linked(repo: Path) -> None:
    (repo / "live/dev/app/zz_streamctl_leftover.tf.json").write_text("{}")
    workdir = work_copy(repo).build({})
    assert not (workdir / "zz_streamctl_leftover.tf.json").exists()


def test_lock_file_is_copied_not_linked(repo: Path) -> None:
    copy = work_copy(repo)
    workdir = copy.build({})
    lock = workdir / ".terraform.lock.hcl"
    assert lock.is_file() and not lock.is_symlink()
    assert lock.read_text() == "# lock\n"
    # Terraform rewrites its lock file; the checkout's copy must not follow.
    lock.write_text("# changed by terraform init\n")
    assert (repo / "live/dev/app/.terraform.lock.hcl").read_text() == "# lock\n"


def test_state_in_the_source_is_not_brought_into_the_copy(repo: Path) -> None:
    workdir = work_copy(repo).build({})
    assert not (workdir / "terraform.tfstate").exists()


def test_terraform_data_dir_survives_a_rebuild(repo: Path) -> None:
    copy = work_copy(repo)
    workdir = copy.build({})
    (workdir / ".terraform").mkdir()
    (workdir / ".terraform" / "marker").write_text("kept")
    copy.build({})
    assert (workdir / ".terraform" / "marker").read_text() == "kept"


def test_a_new_source_file_appears_and_a_deleted_one_goes(repo: Path) -> None:
    copy = work_copy(repo)
    workdir = copy.build({})
    (repo / "live/dev/app/extra.tf").write_text("")
    copy.build({})
    assert (workdir / "extra.tf").is_symlink()
    (repo / "live/dev/app/extra.tf").unlink()
    copy.build({})
    assert not (workdir / "extra.tf").exists() and not (workdir / "extra.tf").is_symlink()


def test_fingerprint_changes_with_a_module_file(repo: Path) -> None:
    copy = work_copy(repo)
    copy.build({})
    first = copy.fingerprint("engine")
    assert copy.fingerprint("engine") == first
    (repo / "modules/x/main.tf").write_text('output "v" {\n  value = "changed"\n}\n')
    assert copy.fingerprint("engine") != first
    assert copy.fingerprint("other engine") != copy.fingerprint("engine")


def test_write_atomic_is_0600_even_when_replacing(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "vars.json"
    path.parent.mkdir()
    path.write_text("old")
    path.chmod(0o644)
    write_atomic(path, '{"secret": "x"}')
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == '{"secret": "x"}'
