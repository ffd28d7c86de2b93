"""Provider configuration that points the AWS provider at an emulator.

Argument names differ between AWS provider versions (3.x: ``s3_force_path_style``,
``cloudwatchlogs`` and no ``elbv2`` endpoint; 5.x: ``s3_use_path_style``, ``logs``,
``elbv2``), so every name and value type is taken from the provider schema that
Terraform actually selected (``terraform providers schema -json``), never assumed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from streamctl import hcl
from streamctl.aws.clients import DUMMY_CREDENTIAL
from streamctl.errors import OperationError
from streamctl.terraform.workcopy import GENERATED_PREFIX, local_module_dirs

AWS_PROVIDER = "registry.terraform.io/hashicorp/aws"
OVERRIDE_FILE = f"{GENERATED_PREFIX}local_provider_override.tf.json"
PLAIN_FILE = f"{GENERATED_PREFIX}local_provider.tf.json"
EMULATOR_MAX_RETRIES = 3

# Service -> endpoint argument names in order of preference (newest first). Only
# names present in the selected schema are used.
SERVICE_ENDPOINT_KEYS: Mapping[str, tuple[str, ...]] = {
    "s3": ("s3",),
    "ec2": ("ec2",),
    "elbv2": ("elbv2", "elb"),  # 3.x served ELBv2 through the "elb" endpoint
    "elb": ("elb",),
    "autoscaling": ("autoscaling",),
    "rds": ("rds",),
    "kms": ("kms",),
    "iam": ("iam",),
    "sts": ("sts",),
    "cloudfront": ("cloudfront",),
    "route53": ("route53",),
    "cloudwatch": ("cloudwatch",),
    "logs": ("logs", "cloudwatchlogs"),
    "sns": ("sns",),
    "acm": ("acm",),
    "secretsmanager": ("secretsmanager",),
    "ssm": ("ssm",),
    "events": ("events", "cloudwatchevents"),
    "sqs": ("sqs",),
    "lambda": ("lambda",),
    "dynamodb": ("dynamodb",),
    "ecs": ("ecs",),
    "ecr": ("ecr",),
    # 5.x names it appautoscaling; 3.x only knew applicationautoscaling.
    "appautoscaling": ("appautoscaling", "applicationautoscaling"),
}

# Types that never call an API (computed locally by the provider).
NO_API_TYPES = frozenset({"aws_region", "aws_partition", "aws_iam_policy_document"})

# The provider calls these itself (identity, account), whatever the stack holds.
ALWAYS_SERVICES = frozenset({"sts", "iam"})

# Resource/data type prefixes (after "aws_") -> service, longest prefix wins.
_TYPE_PREFIXES: Mapping[str, str] = {
    "s3": "s3",
    "vpc": "ec2",
    "subnet": "ec2",
    "security_group": "ec2",
    "internet_gateway": "ec2",
    "nat_gateway": "ec2",
    "eip": "ec2",
    "route_table": "ec2",
    "route": "ec2",
    "network_acl": "ec2",
    "default_": "ec2",
    "launch_template": "ec2",
    "instance": "ec2",
    "ami": "ec2",
    "availability_zone": "ec2",
    "ebs": "ec2",
    "flow_log": "ec2",
    "key_pair": "ec2",
    "ec2": "ec2",
    "prefix_list": "ec2",
    "main_route_table": "ec2",
    "network_interface": "ec2",
    "placement_group": "ec2",
    "volume_attachment": "ec2",
    "lb": "elbv2",
    "alb": "elbv2",
    "elb": "elb",
    "autoscaling": "autoscaling",
    "rds": "rds",
    "db": "rds",
    "kms": "kms",
    "iam": "iam",
    "caller_identity": "sts",
    "cloudfront": "cloudfront",
    "route53": "route53",
    "cloudwatch": "cloudwatch",
    "cloudwatch_log": "logs",
    "sns": "sns",
    "acm": "acm",
    "secretsmanager": "secretsmanager",
    "ssm": "ssm",
    "cloudwatch_event": "events",
    "sqs": "sqs",
    "lambda": "lambda",
    "dynamodb": "dynamodb",
    "ecs": "ecs",
    "ecr": "ecr",
    "appautoscaling": "appautoscaling",
}


def aws_provider_block(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """The AWS provider's configuration block from ``terraform providers schema -json``."""
    try:
        block = schema["provider_schemas"][AWS_PROVIDER]["provider"]["block"]
    except (KeyError, TypeError) as exc:
        raise OperationError(
            f"Terraform reported no schema for {AWS_PROVIDER}; run `terraform init` in the "
            "layer so the AWS provider is installed before targeting an emulator."
        ) from exc
    if not isinstance(block, Mapping):
        raise OperationError(f"The provider schema of {AWS_PROVIDER} is malformed.")
    return block


def service_for_type(type_name: str) -> str | None:
    """The AWS service a resource or data source type talks to, when known."""
    rest = type_name.removeprefix("aws_")
    best: str | None = None
    best_len = -1
    for prefix, service in _TYPE_PREFIXES.items():
        if rest.startswith(prefix) and len(prefix) > best_len:
            best, best_len = service, len(prefix)
    return best


def services_for_types(type_names: Iterable[str]) -> set[str]:
    """The services a set of resource/data types uses, plus those the provider always calls."""
    found = {service_for_type(name) for name in type_names}
    return {s for s in found if s is not None} | set(ALWAYS_SERVICES)


def resource_types_in(directory: Path) -> set[str]:
    """AWS resource and data types in a module and the local modules it calls."""
    return hcl.aws_types(local_module_dirs(directory))


def _is_override(path: Path) -> bool:
    stem = path.name.removesuffix(".json").removesuffix(".tf")
    return stem == "override" or stem.endswith("_override")


def aws_provider_aliases(directory: Path) -> list[str | None]:
    """Aliases of the ``provider "aws"`` blocks in a root module (None: the default one)."""
    aliases: list[str | None] = []
    for path in hcl.tf_files(directory):
        if _is_override(path) or path.name.startswith(GENERATED_PREFIX):
            continue  # only the layer's own blocks count, not generated ones
        for name, body in hcl.blocks(path, "provider"):
            if name == "aws":
                alias = hcl.unquote(body.get("alias"))
                aliases.append(alias if isinstance(alias, str) else None)
    return aliases


def _truthy(attribute: Mapping[str, Any]) -> bool | str:
    # Some provider versions declare boolean-like flags as strings.
    return True if attribute.get("type") == "bool" else "true"


def provider_settings(
    block: Mapping[str, Any],
    endpoint: str,
    *,
    region: str | None = None,
    services: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Arguments of one ``provider "aws"`` configuration that targets ``endpoint``."""
    attributes: Mapping[str, Any] = block.get("attributes", {})
    settings: dict[str, Any] = {}
    if region is not None and "region" in attributes:
        settings["region"] = region
    for name in ("access_key", "secret_key"):
        if name in attributes:
            settings[name] = DUMMY_CREDENTIAL
    for name in (
        "skip_credentials_validation",
        "skip_metadata_api_check",
        "skip_requesting_account_id",
        "skip_get_ec2_platforms",  # 3.x only: avoids an EC2 call at configure time
    ):
        if name in attributes:
            settings[name] = _truthy(attributes[name])
    if attributes.get("max_retries", {}).get("type") == "number":
        # An emulator never throttles: fail fast when it is gone instead of retrying for minutes.
        settings["max_retries"] = EMULATOR_MAX_RETRIES
    for name in ("s3_use_path_style", "s3_force_path_style"):
        if name in attributes:
            settings[name] = _truthy(attributes[name])
            break
    endpoints_block = block.get("block_types", {}).get("endpoints", {}).get("block", {})
    known: Mapping[str, Any] = endpoints_block.get("attributes", {})
    wanted = set(SERVICE_ENDPOINT_KEYS) if services is None else set(services) | ALWAYS_SERVICES
    endpoints: dict[str, str] = {}
    for service in sorted(wanted):
        for key in SERVICE_ENDPOINT_KEYS.get(service, (service,)):
            if key in known:
                endpoints[key] = endpoint
                break
    if endpoints:
        settings["endpoints"] = [endpoints]
    return settings


def provider_files(
    directory: Path,
    block: Mapping[str, Any],
    endpoint: str,
    *,
    region: str | None = None,
    services: Iterable[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """File name -> JSON content of the provider configuration files for a working copy.

    Terraform rejects an override of an aliased provider that the layer does not
    declare ("Missing base provider configuration for override"); it tolerates one
    for the default provider, but a plain file states the intent. So blocks the layer
    declares go into ``*_override.tf.json`` and a missing default one into a plain file.
    """
    aliases = aws_provider_aliases(directory)
    if services is None:
        services = services_for_types(resource_types_in(directory))
    services = list(services)
    files: dict[str, dict[str, Any]] = {}
    overridden: list[dict[str, Any]] = []
    for alias in dict.fromkeys(aliases):
        if alias is None:
            overridden.append(provider_settings(block, endpoint, region=region, services=services))
        else:
            # An alias keeps its own region (e.g. us-east-1 for CloudFront certificates).
            overridden.append(
                {"alias": alias, **provider_settings(block, endpoint, services=services)}
            )
    if overridden:
        files[OVERRIDE_FILE] = {"provider": {"aws": overridden}}
    if None not in aliases:
        default = provider_settings(block, endpoint, region=region, services=services)
        files[PLAIN_FILE] = {"provider": {"aws": [default]}}
    return files
