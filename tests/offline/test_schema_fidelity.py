"""The schema the plugin serves, as Terraform sees it, is the real hashicorp/aws 5.100.0's.

Both sides come from `terraform providers schema -json`: the plugin's through its offline
mirror, the real provider's from a filesystem mirror holding the binary. Where no binary
exists, the plugin's schema is held to the digest recorded from the real provider instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from streamctl.offline.mirror import prepare_mirror
from streamctl.offline.realprovider import MACHINE_MIRRORS, MODE_ENV, search_real_provider
from streamctl.offline.realprovider import offline_provider as choose_provider
from streamctl.offline.schemadiff import aws_entry, differences, digest, terraform_schema
from streamctl.terraform.engine import Terraform

pytestmark = pytest.mark.integration

# schemadiff.digest() of the hashicorp/aws entry of `terraform providers schema -json`
# (Terraform 1.11.4) with the real 5.100.0 provider, linux_amd64: the bytes
# scripts/build_aws_schema.sh bundles. Any change to the bundle must come from the provider.
REAL_SCHEMA_SHA256 = "d1399e06cdad2e0b6ef98294b390931e34f845f666335c03f328b50d5df5c62f"


@pytest.fixture(scope="module")
def served(terraform: Terraform, offline_work: Path) -> dict[str, Any]:
    provider = prepare_mirror(offline_work)
    return aws_entry(terraform_schema(terraform, provider, offline_work / "schema" / "served"))


@pytest.fixture(scope="module")
def real(terraform: Terraform, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The real provider's schema; skipped (visibly) only on machines without a mirror."""
    environ = {k: v for k, v in os.environ.items() if k != MODE_ENV}
    search = search_real_provider(environ=environ)
    if search.found is None:
        present = [str(m) for m in MACHINE_MIRRORS if m.exists()]
        if present:
            pytest.fail(f"{', '.join(present)} exists but {search.why_not()}")
        pytest.skip(f"{search.why_not()}: the digest test stands in for this one")
    work = tmp_path_factory.mktemp("real-schema")
    provider = choose_provider(work, search.found.mirror, {MODE_ENV: "real"})
    assert provider.real
    return aws_entry(terraform_schema(terraform, provider, work / "root"))


def test_plugin_serves_no_difference_from_the_real_provider(
    served: dict[str, Any], real: dict[str, Any]
) -> None:
    found = differences(served, real)
    assert found == [], f"{len(found)} differences, first: " + "\n".join(found[:20])


def test_the_recorded_digest_is_the_real_providers(real: dict[str, Any]) -> None:
    assert digest(real) == REAL_SCHEMA_SHA256


def test_plugin_serves_the_schema_recorded_from_the_real_provider(served: dict[str, Any]) -> None:
    # Runs everywhere, binary or not: the whole path (bundle, protobuf, Terraform) is exact.
    assert digest(served) == REAL_SCHEMA_SHA256


# What the schema generated from cdktf code got wrong (a check of 143 public module
# directories found these), as Terraform now sees them from the plugin.


def _resource(served: dict[str, Any], name: str) -> dict[str, Any]:
    block: dict[str, Any] = served["resource_schemas"][name]["block"]
    return block


@pytest.mark.parametrize(
    ("resource", "attribute", "collection"),
    [
        ("aws_s3tables_table_bucket", "encryption_configuration", None),
        ("aws_auditmanager_assessment", "roles", "set"),
        ("aws_bedrockagent_agent", "guardrail_configuration", "list"),
        ("aws_emr_cluster", "placement_group_config", "list"),
        ("aws_lexv2models_bot_version", "locale_specification", "map"),
    ],
)
def test_object_attributes_are_attributes_not_blocks(
    served: dict[str, Any], resource: str, attribute: str, collection: str | None
) -> None:
    block = _resource(served, resource)
    assert attribute not in block.get("block_types", {})
    kind = block["attributes"][attribute]["type"]
    if collection is None:
        assert kind[0] == "object"
    else:
        assert (kind[0], kind[1][0]) == (collection, "object")


def test_data_source_nested_blocks_are_all_there(served: dict[str, Any]) -> None:
    rule = served["data_source_schemas"]["aws_lb_listener_rule"]["block"]
    action = rule["block_types"]["action"]["block"]["block_types"]
    assert {"redirect", "fixed_response", "forward", "authenticate_oidc"} <= set(action)
    condition = rule["block_types"]["condition"]["block"]["block_types"]
    assert {"host_header", "path_pattern", "source_ip"} <= set(condition)


def test_ephemeral_resources_and_write_only_attributes(served: dict[str, Any]) -> None:
    assert set(served["ephemeral_resource_schemas"]) == {
        "aws_cognito_identity_openid_token_for_developer_identity",
        "aws_eks_cluster_auth",
        "aws_kms_secrets",
        "aws_lambda_invocation",
        "aws_secretsmanager_random_password",
        "aws_secretsmanager_secret_version",
        "aws_ssm_parameter",
    }
    password = _resource(served, "aws_rds_cluster")["attributes"]["master_password_wo"]
    assert password["write_only"] and password["sensitive"]


def test_schema_versions_and_optional_computed_arguments(served: dict[str, Any]) -> None:
    assert served["resource_schemas"]["aws_instance"]["version"] == 1
    cidr = _resource(served, "aws_vpc")["attributes"]["cidr_block"]
    assert cidr["optional"] and cidr["computed"]
    assert set(served["functions"]) == {"arn_build", "arn_parse", "trim_iam_role_path"}
