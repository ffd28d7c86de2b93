"""Requirements of the platform document that live in the shape of the HCL, not in values.

A `terraform test` assertion sees planned values only: it cannot tell an inline rule
from a separate one, read a `depends_on`, or say whether a policy came from an
`aws_iam_policy_document`. These checks read the parsed HCL instead (python-hcl2).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from streamctl.manifest import load_stack

from .test_platform_structure import LIVE, MODULE_NAMES, MODULES, REPO, blocks, parse_dir, unquote

# {type}-{purpose}-{environment}; buckets add the account ID for global uniqueness.
NAME_PATTERN = re.compile(
    r"^[a-z0-9]+(-([a-z0-9]+|\$\{each\.(key|value\.number)\}))+-\$\{var\.environment\}(-\$\{var\.account_id\})?$"
)
# Attributes that carry a resource's AWS name (or its Name tag), and the arguments that
# hand one to a shared module (compute names the alb module's resources).
NAME_ATTRIBUTE = re.compile(
    r"(^\s*(?:name|alarm_name|dashboard_name|cluster_identifier|identifier|bucket|comment"
    r"|alb_name|target_group_name|listener_name)|\bName)"
    r'\s*=\s*"([^"]*)"',
    re.MULTILINE,
)
# Names that are not {type}-{purpose}-{env} by nature: AMI filter keys, DNS record
# names (subdomains of the zone) and KMS aliases (checked on their own below).
NOT_RESOURCE_NAMES = re.compile(
    r"^(name|architecture|virtualization-type|opt-in-status|alias/.*|\$\{var\.[a-z_]+\}\..*)$"
)


def resources(directory: Path, kind: str) -> dict[str, dict[str, Any]]:
    """name -> raw body of every resource of type `kind` in a directory."""
    found: dict[str, dict[str, Any]] = {}
    for doc in parse_dir(directory):
        for entry in doc.get("resource", []):
            for type_name, named in entry.items():
                if unquote(type_name) == kind:
                    found |= {unquote(name): body for name, body in named.items()}
    return found


def module_text(name: str) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((MODULES / name).glob("*.tf")))


@pytest.mark.parametrize("name", MODULE_NAMES)
def test_resource_names_follow_type_purpose_environment(name: str) -> None:
    names = [
        value
        for _, value in NAME_ATTRIBUTE.findall(module_text(name))
        if not NOT_RESOURCE_NAMES.match(value)
    ]
    wrong = [value for value in names if not NAME_PATTERN.match(value)]
    assert wrong == [], f"modules/{name}: names outside {{type}}-{{purpose}}-{{env}}"


def test_the_naming_check_sees_every_module_that_names_resources() -> None:
    # Guards the regex above against silently matching nothing.
    counted = {name: len(NAME_ATTRIBUTE.findall(module_text(name))) for name in MODULE_NAMES}
    # storage names one thing, its buckets (the shared s3-bucket module tags them).
    assert all(count >= 2 for name, count in counted.items() if name != "storage"), counted
    assert counted["storage"] == 1, counted


def test_kms_aliases_and_bucket_names_are_the_documents() -> None:
    kms = module_text("kms")
    assert 'name          = "alias/aurora-encryption-${var.environment}"' in kms
    assert 'name          = "alias/s3-encryption-${var.environment}"' in kms
    # The buckets are the shared s3-bucket module, one instance per purpose.
    assert not resources(MODULES / "storage", "aws_s3_bucket")
    bucket = blocks(MODULES / "storage", "module")["bucket"]
    assert (bucket["source"], bucket["for_each"]) == ("../s3-bucket", "${local.buckets}")
    assert bucket["bucket"] == "s3-${each.key}-${var.environment}-${var.account_id}"
    storage = module_text("storage")
    for purpose in ("static-assets", "app-logs", "cloudfront-logs"):
        assert re.search(rf"^\s*{purpose}\s*=", storage, re.MULTILINE), purpose


def test_security_groups_have_no_inline_rules_only_separate_rule_resources() -> None:
    groups = resources(MODULES / "security", "aws_security_group")
    assert set(groups) == {"alb", "ec2", "aurora"}
    for name, body in groups.items():
        assert "ingress" not in body and "egress" not in body, f"aws_security_group.{name}"
    rules = resources(MODULES / "security", "aws_security_group_rule")
    assert {"alb_http_in", "ec2_http_from_alb", "aurora_mysql_from_ec2", "all_out"} <= set(rules)
    # No other module adds rules or groups behind the security module's back.
    for other in MODULE_NAMES:
        if other != "security":
            assert not resources(MODULES / other, "aws_security_group"), other
            assert not resources(MODULES / other, "aws_security_group_rule"), other


@pytest.mark.parametrize("name", MODULE_NAMES)
def test_iam_policies_come_from_policy_documents(name: str) -> None:
    text = module_text(name)
    policies = re.findall(r"^\s*(?:policy|assume_role_policy)\s*=\s*(.+)$", text, re.MULTILINE)
    for value in policies:
        assert re.fullmatch(
            r"data\.aws_iam_policy_document\.[a-z0-9_]+(\[[^]]+\])?\.json", value
        ), f"modules/{name}: {value}"
    assert "jsonencode({\n    Version" not in text
    assert "inline_policy" not in text


def test_the_launch_template_waits_for_the_iam_role_and_its_attachment() -> None:
    template = resources(MODULES / "compute", "aws_launch_template")["this"]
    assert template["depends_on"] == ["${terraform_data.iam_ready}"]
    ready = resources(MODULES / "compute", "terraform_data")["iam_ready"]
    assert ready["input"] == "${var.iam_dependency_ids}"
    # The IDs handed over are the role's, the attachment's and the profile's ...
    outputs = {
        unquote(k): v
        for doc in parse_dir(MODULES / "security")
        for entry in doc.get("output", [])
        for k, v in entry.items()
    }
    value = outputs["ec2_iam_dependency_ids"]["value"]
    for reference in (
        "aws_iam_role.ec2.id",
        "aws_iam_role_policy_attachment.ec2_app.id",
        "aws_iam_instance_profile.ec2.id",
    ):
        assert reference in str(value)
    # ... and the manifest wires them from the security layer into compute.
    stack = load_stack(LIVE / "stack.toml")
    wiring = dict(stack.layers["compute"].inputs)
    source = wiring["ec2_iam_dependency_ids"]
    assert (source.layer, source.output) == ("security", "ec2_iam_dependency_ids")
    assert "iam_dependency_ids    = var.ec2_iam_dependency_ids" in (
        LIVE / "compute" / "main.tf"
    ).read_text(encoding="utf-8")


def test_names_derived_across_layers_match_the_layers_that_create_them() -> None:
    # The security layer names the app-logs bucket and log group of later layers
    # instead of reading them (no cycle): a rename on one side must fail here.
    security = (LIVE / "security" / "main.tf").read_text(encoding="utf-8")
    bucket = module_text("storage")
    assert '"s3-${each.key}-${var.environment}-${var.account_id}"' in bucket
    assert re.search(r"^\s*app-logs\s*=", bucket, re.MULTILINE)
    assert '"arn:aws:s3:::s3-app-logs-${var.environment}-${local.account_id}"' in security
    log_group = '"lg-app-logs-${var.environment}"'
    assert f"coalesce(var.app_log_group_name, {log_group})" in security
    observability = (LIVE / "observability" / "main.tf").read_text(encoding="utf-8")
    assert f"coalesce(var.app_log_group_name, {log_group})" in observability


def test_live_layer_defaults_are_the_documents_values() -> None:
    # Module tests assert module defaults; a live layer that passes its own default
    # would bypass them, so its defaults must be the document's too.
    network = blocks(LIVE / "network", "variable")
    assert network["vpc_cidr"]["default"] == "10.0.0.0/16"
    assert network["public_subnet_cidrs"]["default"] == [
        "10.0.1.0/24",
        "10.0.2.0/24",
        "10.0.3.0/24",
    ]
    assert network["private_subnet_cidrs"]["default"] == [
        "10.0.11.0/24",
        "10.0.12.0/24",
        "10.0.13.0/24",
    ]
    assert blocks(LIVE / "database", "variable")["instance_class"]["default"] == "db.t3.small"
    assert blocks(LIVE / "compute", "variable")["instance_type"]["default"] == "t3.micro"
    dns = (LIVE / "dns" / "main.tf").read_text(encoding="utf-8")
    assert 'coalesce(var.zone_name, "streaming-platform-${var.environment}.example.com")' in dns


def test_compute_builds_its_alb_with_the_shared_module_under_the_platforms_names() -> None:
    # The media server builds its ALB with the same module; the platform keeps its names,
    # instance targets, health check on the HTTP port and AWS's 300 s deregistration delay.
    assert not resources(MODULES / "compute", "aws_lb")
    assert not resources(MODULES / "compute", "aws_lb_target_group")
    call = blocks(MODULES / "compute", "module")["alb"]
    assert call["source"] == "../alb"
    assert {key: call[key] for key in ("alb_name", "target_group_name", "listener_name")} == {
        "alb_name": "alb-web-${var.environment}",
        "target_group_name": "tg-web-${var.environment}",
        "listener_name": "listener-http-${var.environment}",
    }
    assert (call["target_type"], call["deregistration_delay"]) == ("instance", 300)
    assert call["listener_port"] == call["target_port"] == "${var.http_port}"
    assert call["health_check"]["port"] == "${tostring(var.http_port)}"
    assert blocks(REPO / "live" / "mediaserver" / "alb", "module")["alb"]["source"] == (
        "../../../modules/alb"
    )


def test_compute_moves_its_former_alb_resources_into_the_module() -> None:
    # Without these, an applied platform would plan to destroy and recreate its ALB.
    moves = [
        {unquote(k): v for k, v in body.items()}
        for doc in parse_dir(MODULES / "compute")
        for body in doc.get("moved", [])
    ]
    assert {(m["from"], m["to"]) for m in moves} == {
        ("${aws_lb.this}", "${module.alb.aws_lb.this}"),
        ("${aws_lb_target_group.this}", "${module.alb.aws_lb_target_group.this}"),
        ("${aws_lb_listener.http}", "${module.alb.aws_lb_listener.http}"),
    }


def test_storage_moves_every_bucket_resource_into_the_shared_module() -> None:
    # One block per bucket and resource (moved takes no for_each); a missing one would
    # plan to destroy and recreate that resource of an applied platform.
    moves = {
        (m["from"], m["to"]) for doc in parse_dir(MODULES / "storage") for m in doc.get("moved", [])
    }
    expected = {
        (f'${{{kind}.this["{key}"]}}', f'${{module.bucket["{key}"].{kind}.this}}')
        for kind in (
            "aws_s3_bucket",
            "aws_s3_bucket_ownership_controls",
            "aws_s3_bucket_public_access_block",
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_server_side_encryption_configuration",
        )
        for key in ("static-assets", "app-logs", "cloudfront-logs")
    } | {
        (
            f'${{aws_s3_bucket_policy.this["{key}"]}}',
            f'${{module.bucket["{key}"].aws_s3_bucket_policy.this[0]}}',
        )
        for key in ("app-logs", "cloudfront-logs")
    }
    assert moves == expected
