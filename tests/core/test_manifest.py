"""Manifest checks: every error names the file, the layer and the key, before Terraform."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from streamctl.errors import ConfigError
from streamctl.manifest import Input, VerifyCheck, load_stack

NETWORK_TF = """
variable "region" {
  type    = string
  default = "us-east-1"
}
output "vpc_id" {
  value = "vpc-1"
}
"""
SECURITY_TF = """
variable "vpc_id" {
  type = string
}
variable "allowed_cidr" {
  type    = string
  default = "10.0.0.0/8"
}
output "sg_id" {
  value = "sg-${var.vpc_id}"
}
"""
DATABASE_TF = """
variable "sg_id" {
  type = string
}
variable "master_password" {
  type      = string
  sensitive = true
}
output "endpoint" {
  value = "db"
}
"""
GOOD = """
[stack]
name = "s"
environment = "test"
region = "us-west-2"

[layers.network]
path = "network"

[layers.security]
path = "security"
inputs = { vpc_id = "network.vpc_id" }
vars = { allowed_cidr = "0.0.0.0/0" }

[layers.database]
path = "database"
depends_on = ["network"]
inputs = { sg_id = "security.sg_id" }
secrets = { master_password = "DB_PASSWORD" }
"""


def write_stack(root: Path, manifest: str, layers: dict[str, str] | None = None) -> Path:
    layers = (
        {"network": NETWORK_TF, "security": SECURITY_TF, "database": DATABASE_TF}
        if layers is None
        else layers
    )
    for name, text in layers.items():
        (root / name).mkdir(parents=True, exist_ok=True)
        (root / name / "main.tf").write_text(textwrap.dedent(text))
    file = root / "stack.toml"
    file.write_text(textwrap.dedent(manifest))
    return file


def load_error(file: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_stack(file)
    assert caught.value.exit_code == 2
    return str(caught.value)


def test_a_good_manifest_loads_with_its_wiring(tmp_path: Path) -> None:
    stack = load_stack(write_stack(tmp_path, GOOD))
    assert list(stack.layers) == ["network", "security", "database"]
    database = stack.layers["database"]
    assert database.inputs == {"sg_id": Input("security", "sg_id")}
    assert database.upstream == ("security", "network")
    assert database.secrets == {"master_password": "DB_PASSWORD"}
    assert database.path == (tmp_path / "database").resolve()
    assert stack.layers["security"].vars == {"allowed_cidr": "0.0.0.0/0"}
    assert stack.order() == ["network", "security", "database"]
    assert stack.stack_values() == {"environment": "test", "region": "us-west-2"}


def test_unknown_layer_in_inputs(tmp_path: Path) -> None:
    file = write_stack(tmp_path, GOOD.replace('"network.vpc_id"', '"netwrk.vpc_id"'))
    message = load_error(file)
    assert str(file) in message
    assert "layer 'security'" in message
    assert "inputs.vpc_id" in message
    assert "unknown layer 'netwrk'" in message


def test_unknown_layer_in_depends_on(tmp_path: Path) -> None:
    file = write_stack(tmp_path, GOOD.replace('depends_on = ["network"]', 'depends_on = ["dns"]'))
    message = load_error(file)
    assert str(file) in message
    assert "layer 'database'" in message
    assert "depends_on" in message
    assert "'dns'" in message


def test_cycle_is_printed_as_a_path(tmp_path: Path) -> None:
    manifest = GOOD.replace(
        '[layers.network]\npath = "network"',
        '[layers.network]\npath = "network"\ndepends_on = ["database"]',
    )
    file = write_stack(tmp_path, manifest)
    message = load_error(file)
    assert str(file) in message
    assert "cycle" in message
    assert "network -> database -> security -> network" in message


def test_input_whose_variable_the_layer_does_not_declare(tmp_path: Path) -> None:
    file = write_stack(
        tmp_path, GOOD.replace('{ vpc_id = "network.vpc_id" }', '{ vpc = "network.vpc_id" }')
    )
    message = load_error(file)
    assert str(file) in message
    assert "layer 'security'" in message
    assert "inputs.vpc" in message
    assert "declares no variable 'vpc'" in message


def test_input_whose_output_the_upstream_does_not_declare(tmp_path: Path) -> None:
    file = write_stack(tmp_path, GOOD.replace('"network.vpc_id"', '"network.vpc"'))
    message = load_error(file)
    assert str(file) in message
    assert "layer 'security'" in message
    assert "inputs.vpc_id" in message
    assert "layer 'network' declares no output 'vpc'" in message


def test_required_variable_neither_wired_set_nor_secret(tmp_path: Path) -> None:
    file = write_stack(tmp_path, GOOD.replace('secrets = { master_password = "DB_PASSWORD" }', ""))
    message = load_error(file)
    assert str(file) in message
    assert "layer 'database'" in message
    assert "variable 'master_password'" in message
    assert "no default" in message


@pytest.mark.parametrize("key", ["vars", "secrets"])
def test_vars_or_secrets_for_an_undeclared_variable(tmp_path: Path, key: str) -> None:
    table = '{ colour = "blue" }' if key == "vars" else '{ colour = "COLOUR" }'
    manifest = GOOD.replace(
        '[layers.network]\npath = "network"', f'[layers.network]\npath = "network"\n{key} = {table}'
    )
    file = write_stack(tmp_path, manifest)
    message = load_error(file)
    assert str(file) in message
    assert "layer 'network'" in message
    assert f"{key}.colour" in message


def test_stack_values_satisfy_required_variables_that_declare_them(tmp_path: Path) -> None:
    layers = {"only": 'variable "region" {\n  type = string\n}\n'}
    manifest = '[stack]\nname = "s"\nregion = "eu-west-1"\n[layers.only]\npath = "only"\n'
    stack = load_stack(write_stack(tmp_path, manifest, layers))
    assert stack.stack_values()["region"] == "eu-west-1"
    without_region = manifest.replace('region = "eu-west-1"\n', "")
    message = load_error(write_stack(tmp_path, without_region, layers))
    assert "layer 'only'" in message
    assert "variable 'region'" in message


def test_missing_layer_path(tmp_path: Path) -> None:
    file = write_stack(tmp_path, GOOD.replace('path = "security"', 'path = "securty"'))
    message = load_error(file)
    assert str(file) in message
    assert "layer 'security'" in message
    assert "path 'securty' does not exist" in message


def test_bad_toml_names_the_file_and_the_line(tmp_path: Path) -> None:
    file = write_stack(tmp_path, GOOD.replace('path = "security"', 'path = "security'))
    message = load_error(file)
    assert str(file) in message
    assert "invalid TOML" in message
    assert "line 11" in message


def test_unknown_key_in_a_layer(tmp_path: Path) -> None:
    file = write_stack(tmp_path, GOOD.replace('path = "security"', 'path = "security"\ninput = {}'))
    message = load_error(file)
    assert str(file) in message
    assert "layer 'security'" in message
    assert "unknown key(s) input" in message


def test_unknown_key_in_the_stack_table(tmp_path: Path) -> None:
    file = write_stack(tmp_path, GOOD.replace('region = "us-west-2"', 'regoin = "us-west-2"'))
    message = load_error(file)
    assert str(file) in message
    assert "[stack]" in message
    assert "unknown key(s) regoin" in message


def test_unknown_top_level_table(tmp_path: Path) -> None:
    file = write_stack(tmp_path, GOOD + '\n[layer.extra]\npath = "x"\n')
    message = load_error(file)
    assert str(file) in message
    assert "unknown table(s) layer" in message


def test_input_reference_without_an_output_part(tmp_path: Path) -> None:
    file = write_stack(tmp_path, GOOD.replace('"network.vpc_id"', '"network"'))
    message = load_error(file)
    assert "layer 'security'" in message
    assert "inputs.vpc_id" in message
    assert "'layer.output'" in message


def test_variable_set_twice(tmp_path: Path) -> None:
    file = write_stack(
        tmp_path, GOOD.replace('vars = { allowed_cidr = "0.0.0.0/0" }', 'vars = { vpc_id = "x" }')
    )
    message = load_error(file)
    assert "layer 'security'" in message
    assert "variable 'vpc_id' is set more than once" in message


def test_unparsable_terraform_names_the_tf_file_and_layer(tmp_path: Path) -> None:
    file = write_stack(tmp_path, GOOD)
    (tmp_path / "network" / "broken.tf").write_text('output "x" {\n  value = \n')
    message = load_error(file)
    assert "layer 'network'" in message
    assert str((tmp_path / "network" / "broken.tf").resolve()) in message


def test_missing_manifest_says_how_to_choose_one(tmp_path: Path) -> None:
    message = load_error(tmp_path / "nope" / "stack.toml")
    assert "nope/stack.toml" in message
    assert "--stack" in message


def test_no_layers(tmp_path: Path) -> None:
    message = load_error(write_stack(tmp_path, '[stack]\nname = "s"\n', {}))
    assert "at least one layer" in message


VERIFY = """
[verify.vpc]
kind = "vpc"
id = "network.vpc_id"
cidr_block = "10.0.0.0/16"
"""


def test_verify_tables_load_with_their_references(tmp_path: Path) -> None:
    stack = load_stack(write_stack(tmp_path, GOOD + VERIFY))
    (check,) = stack.verify.values()
    assert check == VerifyCheck(
        "vpc", "vpc", {"id": Input("network", "vpc_id")}, {"cidr_block": "10.0.0.0/16"}
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('kind = "vpc"', 'kind = "vpcc"'), "'kind' must be one of: vpc, subnets"),
        (('cidr_block = "10.0.0.0/16"', 'cidr = "10.0.0.0/16"'), "unknown key(s) cidr for kind"),
        (('id = "network.vpc_id"\n', ""), "'id' is missing (VPC id)"),
        (('cidr_block = "10.0.0.0/16"', ""), "'cidr_block' is missing (the VPC's CIDR block)"),
        (('"network.vpc_id"', '"netwrk.vpc_id"'), "id = 'netwrk.vpc_id' names unknown layer"),
        (('"network.vpc_id"', '"network.vpc"'), "layer 'network' declares no output 'vpc'"),
        (('"network.vpc_id"', '"network"'), "id = 'network' must have the form 'layer.output'"),
        (('cidr_block = "10.0.0.0/16"', "cidr_block = 16"), "cidr_block = 16 must be a string"),
    ],
)
def test_a_wrong_verify_table_names_the_file_the_check_and_the_key(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    file = write_stack(tmp_path, GOOD + VERIFY.replace(*change))
    message = load_error(file)
    assert str(file) in message
    assert "verify 'vpc'" in message
    assert expected in message


def test_verify_values_keep_their_types(tmp_path: Path) -> None:
    subnets = '[verify.s]\nkind = "subnets"\nid = "network.vpc_id"\nmin_azs = true\n'
    message = load_error(write_stack(tmp_path, GOOD + subnets))
    assert "min_azs = True must be a whole number" in message


def test_a_bucket_check_must_say_what_to_check(tmp_path: Path) -> None:
    bucket = '[verify.b]\nkind = "s3_bucket"\nid = "network.vpc_id"\n'
    message = load_error(write_stack(tmp_path, GOOD + bucket))
    assert "say what to check: one or more of versioning, encryption" in message
