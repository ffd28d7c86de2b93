"""Checks of a deployed stack against what its manifest's [verify] tables promise, with boto3.

Each declared check reads its resources by `layer.output` references, resolved from
that layer's outputs (never from one flattened namespace, where equal output names of
two layers would overwrite each other). A check whose outputs are not applied yet is
left out, so a partly deployed stack is checked as far as it goes. A resource that is
missing or wrong is a failed check with a reason, never an exception; only an
unreachable API or missing credentials stop the whole run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from streamctl.aws.clients import Clients
from streamctl.errors import OperationError
from streamctl.manifest import VerifyCheck

Outputs = Mapping[str, Mapping[str, Any]]  # layer -> output -> value
CheckFn = Callable[[], tuple[bool, str]]
Planned = Iterator[tuple[str, CheckFn]]  # (check name, the check)
# What S3 answers for a bucket without that configuration.
NO_ENCRYPTION = "ServerSideEncryptionConfigurationNotFoundError"
NO_ACCESS_BLOCK = "NoSuchPublicAccessBlockConfiguration"


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    reason: str

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Resolved:
    """A declared check with its references replaced by the outputs' values."""

    params: Mapping[str, Any]
    aws: Clients

    def __getitem__(self, name: str) -> Any:
        return self.params[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)

    @property
    def label(self) -> str | None:
        label: str | None = self.params.get("label")
        return label


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _dns(name: str) -> str:
    return name.lower().rstrip(".")


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _unless(missing: str, call: Callable[..., Any], **request: Any) -> Any:
    """The call's answer, or None when AWS answers that the configuration is `missing`."""
    try:
        return call(**request)
    except ClientError as exc:
        if _code(exc) == missing:
            return None
        raise


# -- one function per kind (check_kinds.KINDS): the checks it runs -----------------------


def _vpc(c: Resolved) -> Planned:
    def cidr() -> tuple[bool, str]:
        (vpc,) = c.aws("ec2").describe_vpcs(VpcIds=[c["id"]])["Vpcs"]
        got, want = vpc["CidrBlock"], c["cidr_block"]
        return got == want, f"CIDR {got} (expected {want})"

    yield (f"VPC {c.label} CIDR" if c.label else "VPC CIDR"), cidr


def _subnets(c: Resolved) -> Planned:
    want = c["min_azs"]

    def spread() -> tuple[bool, str]:
        ids = _ids(c["id"])
        subnets = c.aws("ec2").describe_subnets(SubnetIds=ids)["Subnets"]
        azs = sorted({s["AvailabilityZone"] for s in subnets})
        return len(azs) >= want, (
            f"{len(ids)} subnets in {len(azs)} AZs ({', '.join(azs)}); expected {want}"
        )

    yield f"{c.label + ' ' if c.label else ''}subnets across {want} AZs", spread


def _nat_gateways(c: Resolved) -> Planned:
    want = c.get("state", "available")

    def state() -> tuple[bool, str]:
        ids = _ids(c["id"])
        gateways = c.aws("ec2").describe_nat_gateways(NatGatewayIds=ids)["NatGateways"]
        states = {g["NatGatewayId"]: g["State"] for g in gateways}
        missing = [i for i in ids if i not in states]
        if missing:
            return False, f"not found: {', '.join(missing)}"
        bad = {i: s for i, s in states.items() if s != want}
        if bad:
            return False, ", ".join(f"{i} is {s}" for i, s in bad.items())
        return True, f"{len(ids)} {want}"

    yield f"NAT gateway{' ' + c.label if c.label else ''} {want}", state


def _s3_bucket(c: Resolved) -> Planned:
    bucket = str(c["id"])
    s3 = c.aws("s3")

    def versioning() -> tuple[bool, str]:
        status = s3.get_bucket_versioning(Bucket=bucket).get("Status")
        return status == c["versioning"], f"versioning {status or 'never enabled'}"

    def encryption() -> tuple[bool, str]:
        config = _unless(NO_ENCRYPTION, s3.get_bucket_encryption, Bucket=bucket)
        if config is None:
            return not c["encryption"], "no default encryption"
        rules = config["ServerSideEncryptionConfiguration"]["Rules"]
        algorithms = [
            r.get("ApplyServerSideEncryptionByDefault", {}).get("SSEAlgorithm") for r in rules
        ]
        found = [a for a in algorithms if a]
        return bool(found) == c["encryption"], f"default encryption {', '.join(found) or 'missing'}"

    def public_access_block() -> tuple[bool, str]:
        config = _unless(NO_ACCESS_BLOCK, s3.get_public_access_block, Bucket=bucket)
        if config is None:
            return not c["public_access_block"], "no public access block"
        settings = config["PublicAccessBlockConfiguration"]
        off = sorted(k for k, v in settings.items() if not v)
        all_on = not off and len(settings) >= 4
        if not all_on:
            return not c["public_access_block"], (
                f"public access not fully blocked (off: {', '.join(off) or '?'})"
            )
        return bool(c["public_access_block"]), "all four public access block settings on"

    if "versioning" in c.params:
        yield f"bucket {bucket} versioned", versioning
    if "encryption" in c.params:
        yield f"bucket {bucket} encrypted", encryption
    if "public_access_block" in c.params:
        yield f"bucket {bucket} public access blocked", public_access_block


def _kms_key(c: Resolved) -> Planned:
    def rotation() -> tuple[bool, str]:
        status = c.aws("kms").get_key_rotation_status(KeyId=c["id"])
        enabled = bool(status["KeyRotationEnabled"])
        return enabled == c["rotation"], "rotation on" if enabled else "rotation off"

    yield f"KMS key rotation ({c.label or c['id']})", rotation


def _rds_cluster(c: Resolved) -> Planned:
    def cluster() -> tuple[bool, str]:
        rds = c.aws("rds")
        (found,) = rds.describe_db_clusters(DBClusterIdentifier=c["id"])["DBClusters"]
        problems: list[str] = []
        if bool(found.get("StorageEncrypted")) != c["storage_encrypted"]:
            problems.append(
                "storage not encrypted" if c["storage_encrypted"] else "storage encrypted"
            )
        members = [m["DBInstanceIdentifier"] for m in found.get("DBClusterMembers", [])]
        azs: set[str] = set()
        for member in members:
            (instance,) = rds.describe_db_instances(DBInstanceIdentifier=member)["DBInstances"]
            azs.add(instance.get("AvailabilityZone", "?"))
        if len(azs) < c["min_azs"]:
            problems.append(
                f"{len(members)} instance(s) in {len(azs)} AZ(s); expected >= {c['min_azs']}"
            )
        if problems:
            return False, "; ".join(problems)
        encrypted = "encrypted" if c["storage_encrypted"] else "not encrypted"
        return True, f"{encrypted}, {len(members)} instances in {len(azs)} AZs"

    yield f"{c.label or 'DB cluster'} encrypted, multi-AZ", cluster


def _target_group(c: Resolved) -> Planned:
    def health_check_path() -> tuple[bool, str]:
        elbv2 = c.aws("elbv2")
        (group,) = elbv2.describe_target_groups(TargetGroupArns=[c["id"]])["TargetGroups"]
        path, want = group.get("HealthCheckPath"), c["health_check_path"]
        return path == want, f"health check path {path} (expected {want})"

    yield f"target group{' ' + c.label if c.label else ''} health check path", health_check_path


def _autoscaling_group(c: Resolved) -> Planned:
    def sizes() -> tuple[bool, str]:
        name = c["id"]
        groups = c.aws("autoscaling").describe_auto_scaling_groups(AutoScalingGroupNames=[name])[
            "AutoScalingGroups"
        ]
        if not groups:
            return False, f"auto scaling group {name} not found"
        g = groups[0]
        got = (g["MinSize"], g["MaxSize"], g["DesiredCapacity"])
        want = (c["min_size"], c["max_size"], c["desired_capacity"])
        return got == want, "min/max/desired {}/{}/{} (expected {}/{}/{})".format(*got, *want)

    yield f"{c.label + ' ' if c.label else ''}ASG sizes", sizes


def _cloudwatch_alarm(c: Resolved) -> Planned:
    name, topic = c["id"], c["notifies"]

    def notifies() -> tuple[bool, str]:
        alarms = c.aws("cloudwatch").describe_alarms(AlarmNames=[name])["MetricAlarms"]
        if not alarms:
            return False, f"alarm {name} not found"
        actions = alarms[0].get("AlarmActions", [])
        if topic in actions:
            return True, "alarm actions include the SNS topic"
        return False, f"alarm actions {actions or 'empty'} do not include {topic}"

    yield f"alarm {name} notifies SNS", notifies


def _ecs_service(c: Resolved) -> Planned:
    name, cluster = str(c["id"]), str(c["cluster"])

    def settings() -> tuple[bool, str]:
        found = c.aws("ecs").describe_services(cluster=cluster, services=[name])
        services = [s for s in found["services"] if s.get("status") == "ACTIVE"]
        if not services:
            return False, f"service {name} not found (or not ACTIVE) in cluster {cluster}"
        service, problems = services[0], []
        for param, key in (("desired_count", "desiredCount"), ("launch_type", "launchType")):
            if param in c.params and service.get(key) != c[param]:
                problems.append(f"{key} {service.get(key)} (expected {c[param]})")
        got = ", ".join(f"{k} {service.get(k)}" for k in ("desiredCount", "launchType"))
        return not problems, "; ".join(problems) or got

    yield f"ECS service {name} in {cluster}", settings


def _ecr_repository(c: Resolved) -> Planned:
    name = str(c["id"])

    def settings() -> tuple[bool, str]:
        (repo,) = c.aws("ecr").describe_repositories(repositoryNames=[name])["repositories"]
        scan = bool(repo.get("imageScanningConfiguration", {}).get("scanOnPush"))
        mutability = repo.get("imageTagMutability")
        problems = []
        if "scan_on_push" in c.params and scan != c["scan_on_push"]:
            problems.append(f"scan on push {'on' if scan else 'off'}")
        if "tag_mutability" in c.params and mutability != c["tag_mutability"]:
            problems.append(f"tags {mutability} (expected {c['tag_mutability']})")
        return not problems, "; ".join(problems) or (
            f"scan on push {'on' if scan else 'off'}, tags {mutability}"
        )

    yield f"ECR repository {name}", settings


def _ssm_parameter(c: Resolved) -> Planned:
    name, want = str(c["id"]), c["type"]

    def kind() -> tuple[bool, str]:
        found = c.aws("ssm").describe_parameters(
            ParameterFilters=[{"Key": "Name", "Values": [name]}]
        )["Parameters"]
        if not found:
            return False, f"parameter {name} not found"
        got = found[0].get("Type")
        return got == want, f"type {got} (expected {want})"

    yield f"SSM parameter {name} type", kind


def _log_group(c: Resolved) -> Planned:
    name, want = str(c["id"]), c["retention_days"]

    def retention() -> tuple[bool, str]:
        groups = c.aws("logs").describe_log_groups(logGroupNamePrefix=name)["logGroups"]
        group = next((g for g in groups if g["logGroupName"] == name), None)
        if group is None:
            return False, f"log group {name} not found"
        got = group.get("retentionInDays")
        return got == want, f"retention {got or 'never expire'} days (expected {want})"

    yield f"log group {name} retention", retention


def _route53_alias(c: Resolved) -> Planned:
    record = c["record"]

    def alias() -> tuple[bool, str]:
        route53 = c.aws("route53")
        zone_id = c["id"]
        zone_name = _dns(route53.get_hosted_zone(Id=zone_id)["HostedZone"]["Name"])
        fqdn = f"{record}.{zone_name}"
        records = route53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
        aliases = [
            r for r in records if _dns(r["Name"]) == fqdn and r.get("AliasTarget") is not None
        ]
        if not aliases:
            return False, f"no alias record {fqdn}"
        target = _dns(aliases[0]["AliasTarget"]["DNSName"])
        wanted = c.get("target")
        if isinstance(wanted, str) and wanted and not target.endswith(_dns(wanted)):
            return False, f"{fqdn} points at {target}, expected {_dns(wanted)}"
        return True, f"{fqdn} -> {target}"

    yield f"Route53 alias {record}.", alias


KIND_CHECKS: dict[str, Callable[[Resolved], Planned]] = {
    "vpc": _vpc,
    "subnets": _subnets,
    "nat_gateways": _nat_gateways,
    "s3_bucket": _s3_bucket,
    "kms_key": _kms_key,
    "rds_cluster": _rds_cluster,
    "target_group": _target_group,
    "autoscaling_group": _autoscaling_group,
    "cloudwatch_alarm": _cloudwatch_alarm,
    "ecs_service": _ecs_service,
    "ecr_repository": _ecr_repository,
    "ssm_parameter": _ssm_parameter,
    "log_group": _log_group,
    "route53_alias": _route53_alias,
}


def _resolve(check: VerifyCheck, outputs: Outputs) -> dict[str, Any] | None:
    """The check's parameters with each reference's value; None while one is not applied."""
    params = dict(check.values)
    for param, ref in check.refs.items():
        value = (outputs.get(ref.layer) or {}).get(ref.output)
        if value in (None, "", []):
            return None
        params[param] = value
    return params


def planned(checks: Mapping[str, VerifyCheck], outputs: Outputs, aws: Clients) -> Planned:
    """Every check whose outputs are applied, in the manifest's order."""
    for check in checks.values():
        params = _resolve(check, outputs)
        if params is not None:
            yield from KIND_CHECKS[check.kind](Resolved(params, aws))


def _run(name: str, fn: CheckFn) -> Check:
    try:
        passed, reason = fn()
    except ClientError as exc:
        message = exc.response.get("Error", {}).get("Message", "") or str(exc)
        return Check(name, False, f"{_code(exc)}: {message}")
    except ValueError:  # a describe call returned no item where one was expected
        return Check(name, False, "resource not found")
    return Check(name, passed, reason)


def run_checks(
    checks: Mapping[str, VerifyCheck],
    outputs: Outputs,
    session: boto3.Session | None = None,
    *,
    endpoint_url: str | None = None,
    region: str | None = None,
) -> list[Check]:
    """Run every applicable declared check against the deployed stack."""
    aws = Clients(session or boto3.Session(), endpoint_url, region)
    try:
        return [_run(name, fn) for name, fn in planned(checks, outputs, aws)]
    except NoCredentialsError as exc:
        raise OperationError(
            "no AWS credentials found for verify; configure a profile or "
            "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or use --local)"
        ) from exc
    except BotoCoreError as exc:
        raise OperationError(f"cannot reach AWS for verify: {exc}") from exc


def failed(checks: Sequence[Check]) -> bool:
    return any(not c.passed for c in checks)


def to_json(checks: Sequence[Check]) -> dict[str, object]:
    return {
        "passed": not failed(checks),
        "checks": [c.to_json() for c in checks],
    }
