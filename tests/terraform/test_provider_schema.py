"""`providers schema -json`: the configuration blocks are decoded, the resource schemas not
(those of hashicorp/aws 5.x are megabytes of JSON and over a gigabyte as objects)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from streamctl.terraform.layer import _provider_configs

pytestmark = pytest.mark.integration
AWS = "registry.terraform.io/hashicorp/aws"
BUILTIN = "terraform.io/builtin/terraform"


def schema_text(directory: Path, config: Path | None = None) -> str:
    env = {"TF_CLI_CONFIG_FILE": str(config)} if config else {}
    for args in (["init", "-input=false"], ["providers", "schema", "-json"]):
        done = subprocess.run(
            ["terraform", *args],
            cwd=directory,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=True,
        )
    return done.stdout


def test_the_configuration_blocks_are_what_the_whole_document_says(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "terraform_data" "this" {}\n')
    text = schema_text(tmp_path)
    whole = json.loads(text)["provider_schemas"]
    found = _provider_configs(text)
    assert found == {"provider_schemas": {n: {"provider": s["provider"]} for n, s in whole.items()}}
    assert BUILTIN in found["provider_schemas"]


def test_the_aws_configuration_block_comes_without_the_resource_schemas(
    tmp_path: Path, real_aws_mirror: Path
) -> None:
    config = tmp_path / "mirror.tfrc"
    config.write_text(
        f'provider_installation {{\n  filesystem_mirror {{\n    path = "{real_aws_mirror}"\n'
        f'    include = ["{AWS}"]\n  }}\n}}\n'
    )
    (tmp_path / "main.tf").write_text(
        'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n'
    )
    found = _provider_configs(schema_text(tmp_path, config))
    assert found is not None
    (entry,) = found["provider_schemas"].values()
    assert set(entry) == {"provider"}  # no resource or data source schemas decoded
    block = entry["provider"]["block"]
    assert {"region", "access_key", "skip_credentials_validation"} <= set(block["attributes"])
    assert "endpoints" in block["block_types"]


def test_text_laid_out_otherwise_is_left_to_a_whole_parse() -> None:
    assert _provider_configs('{"format_version": "1.0", "provider_schemas": {}}') is None
