"""Checks of a deployed stack against what it promises, with boto3.

Fed by the layers' outputs (``{layer: {output: value}}``); each check runs only when
the outputs it needs are present, so a partly deployed stack is checked as far as it
goes. A resource that is missing or wrong is a failed check with a reason, never an
exception; only an unreachable API or missing credentials stop the whole run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from streamctl.aws.clients import Clients
from streamctl.errors import OperationError

Outputs = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    reason: str

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Expectations:
    """What the platform promises (platform requirements); override for other stacks."""

    vpc_cidr: str = "10.0.0.0/16"
    subnet_azs: int = 3
    aurora_min_azs: int = 2
    health_check_path: str = "/health"
    asg_min: int = 3
    asg_max: int = 20
    asg_desired: int = 3
    alias_records: tuple[str, ...] = ("cdn", "api")


BUCKET_OUTPUTS = (
    "static_assets_bucket_name",
    "app_logs_bucket_name",
    "cloudfront_logs_bucket_name",
)
KMS_OUTPUTS = ("aurora_kms_key_id", "s3_kms_key_id")
ALARM_OUTPUTS = (
    "asg_cpu_alarm_name",
    "alb_unhealthy_hosts_alarm_name",
    "aurora_cpu_alarm_name",
    "alb_5xx_alarm_name",
)


def _flat(outputs: Outputs) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for values in outputs.values():
        merged.update(values or {})
    return merged


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _dns(name: str) -> str:
    return name.lower().rstrip(".")


CheckFn = Callable[[], tuple[bool, str]]


class Verifier:
    def __init__(self, outputs: Outputs, clients: Clients, expect: Expectations) -> None:
        self.out = _flat(outputs)
        self.client = clients
        self.expect = expect

    def has(self, *names: str) -> bool:
        return all(self.out.get(name) not in (None, "", []) for name in names)

    # -- network ----------------------------------------------------------------------

    def vpc_cidr(self) -> tuple[bool, str]:
        (vpc,) = self.client("ec2").describe_vpcs(VpcIds=[self.out["vpc_id"]])["Vpcs"]
        cidr = vpc["CidrBlock"]
        return cidr == self.expect.vpc_cidr, f"CIDR {cidr} (expected {self.expect.vpc_cidr})"

    def subnets_spread(self, output: str) -> CheckFn:
        def check() -> tuple[bool, str]:
            ids = _ids(self.out[output])
            subnets = self.client("ec2").describe_subnets(SubnetIds=ids)["Subnets"]
            azs = sorted({s["AvailabilityZone"] for s in subnets})
            ok = len(azs) >= self.expect.subnet_azs
            return ok, (
                f"{len(ids)} subnets in {len(azs)} AZs ({', '.join(azs)}); "
                f"expected {self.expect.subnet_azs}"
            )

        return check

    def nat_available(self) -> tuple[bool, str]:
        ids = _ids(self.out["nat_gateway_id"])
        gateways = self.client("ec2").describe_nat_gateways(NatGatewayIds=ids)["NatGateways"]
        states = {g["NatGatewayId"]: g["State"] for g in gateways}
        missing = [i for i in ids if i not in states]
        if missing:
            return False, f"not found: {', '.join(missing)}"
        bad = {i: s for i, s in states.items() if s != "available"}
        if bad:
            return False, ", ".join(f"{i} is {s}" for i, s in bad.items())
        return True, f"{len(ids)} available"

    # -- storage ----------------------------------------------------------------------

    def bucket_versioned(self, bucket: str) -> CheckFn:
        def check() -> tuple[bool, str]:
            status = self.client("s3").get_bucket_versioning(Bucket=bucket).get("Status")
            return status == "Enabled", f"versioning {status or 'never enabled'}"

        return check

    def bucket_encrypted(self, bucket: str) -> CheckFn:
        def check() -> tuple[bool, str]:
            try:
                config = self.client("s3").get_bucket_encryption(Bucket=bucket)
            except ClientError as exc:
                if _code(exc) == "ServerSideEncryptionConfigurationNotFoundError":
                    return False, "no default encryption"
                raise
            rules = config["ServerSideEncryptionConfiguration"]["Rules"]
            algorithms = [
                r.get("ApplyServerSideEncryptionByDefault", {}).get("SSEAlgorithm") for r in rules
            ]
            found = [a for a in algorithms if a]
            return bool(found), f"default encryption {', '.join(found) or 'missing'}"

        return check

    def bucket_private(self, bucket: str) -> CheckFn:
        def check() -> tuple[bool, str]:
            try:
                config = self.client("s3").get_public_access_block(Bucket=bucket)
            except ClientError as exc:
                if _code(exc) == "NoSuchPublicAccessBlockConfiguration":
                    return False, "no public access block"
                raise
            settings = config["PublicAccessBlockConfiguration"]
            off = sorted(k for k, v in settings.items() if not v)
            expected = 4
            if off or len(settings) < expected:
                return False, f"public access not fully blocked (off: {', '.join(off) or '?'})"
            return True, "all four public access block settings on"

        return check

    # -- kms ----------------------------------------------------------------------------

    def key_rotation(self, output: str) -> CheckFn:
        def check() -> tuple[bool, str]:
            key = self.out[output]
            enabled = self.client("kms").get_key_rotation_status(KeyId=key)["KeyRotationEnabled"]
            return bool(enabled), "rotation on" if enabled else "rotation off"

        return check

    # -- database -------------------------------------------------------------------------

    def aurora(self) -> tuple[bool, str]:
        rds = self.client("rds")
        cluster_id = self.out["aurora_cluster_id"]
        (cluster,) = rds.describe_db_clusters(DBClusterIdentifier=cluster_id)["DBClusters"]
        problems: list[str] = []
        if not cluster.get("StorageEncrypted"):
            problems.append("storage not encrypted")
        members = [m["DBInstanceIdentifier"] for m in cluster.get("DBClusterMembers", [])]
        azs: set[str] = set()
        for member in members:
            (instance,) = rds.describe_db_instances(DBInstanceIdentifier=member)["DBInstances"]
            azs.add(instance.get("AvailabilityZone", "?"))
        if len(azs) < self.expect.aurora_min_azs:
            problems.append(
                f"{len(members)} instance(s) in {len(azs)} AZ(s); "
                f"expected >= {self.expect.aurora_min_azs}"
            )
        if problems:
            return False, "; ".join(problems)
        return True, f"encrypted, {len(members)} instances in {len(azs)} AZs"

    # -- compute ----------------------------------------------------------------------------

    def health_check_path(self) -> tuple[bool, str]:
        arn = self.out["target_group_arn"]
        (group,) = self.client("elbv2").describe_target_groups(TargetGroupArns=[arn])[
            "TargetGroups"
        ]
        path = group.get("HealthCheckPath")
        return path == self.expect.health_check_path, (
            f"health check path {path} (expected {self.expect.health_check_path})"
        )

    def asg_sizes(self) -> tuple[bool, str]:
        name = self.out["asg_name"]
        groups = self.client("autoscaling").describe_auto_scaling_groups(
            AutoScalingGroupNames=[name]
        )["AutoScalingGroups"]
        if not groups:
            return False, f"auto scaling group {name} not found"
        g = groups[0]
        got = (g["MinSize"], g["MaxSize"], g["DesiredCapacity"])
        want = (self.expect.asg_min, self.expect.asg_max, self.expect.asg_desired)
        return got == want, ("min/max/desired {}/{}/{} (expected {}/{}/{})".format(*got, *want))

    # -- observability ------------------------------------------------------------------------

    def alarm_to_topic(self, output: str) -> CheckFn:
        def check() -> tuple[bool, str]:
            name = self.out[output]
            topic = self.out["sns_topic_arn"]
            alarms = self.client("cloudwatch").describe_alarms(AlarmNames=[name])["MetricAlarms"]
            if not alarms:
                return False, f"alarm {name} not found"
            actions = alarms[0].get("AlarmActions", [])
            if topic in actions:
                return True, "alarm actions include the SNS topic"
            return False, f"alarm actions {actions or 'empty'} do not include {topic}"

        return check

    # -- dns ------------------------------------------------------------------------------------

    def alias_record(self, prefix: str) -> CheckFn:
        def check() -> tuple[bool, str]:
            route53 = self.client("route53")
            zone_id = self.out["route53_zone_id"]
            zone_name = _dns(route53.get_hosted_zone(Id=zone_id)["HostedZone"]["Name"])
            fqdn = f"{prefix}.{zone_name}"
            records = route53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
            aliases = [
                r for r in records if _dns(r["Name"]) == fqdn and r.get("AliasTarget") is not None
            ]
            if not aliases:
                return False, f"no alias record {fqdn}"
            target = _dns(aliases[0]["AliasTarget"]["DNSName"])
            wanted = self._alias_target(prefix)
            if wanted and not target.endswith(wanted):
                return False, f"{fqdn} points at {target}, expected {wanted}"
            return True, f"{fqdn} -> {target}"

        return check

    def _alias_target(self, prefix: str) -> str | None:
        source = {"cdn": "cloudfront_domain_name", "api": "alb_dns_name"}.get(prefix)
        value = self.out.get(source) if source else None
        return _dns(value) if isinstance(value, str) and value else None

    # -- plan ---------------------------------------------------------------------------------

    def planned(self) -> Iterator[tuple[str, CheckFn]]:
        if self.has("vpc_id"):
            yield "VPC CIDR", self.vpc_cidr
        for output in ("public_subnet_ids", "private_subnet_ids"):
            if self.has(output):
                kind = output.split("_", 1)[0]
                yield (
                    f"{kind} subnets across {self.expect.subnet_azs} AZs",
                    self.subnets_spread(output),
                )
        if self.has("nat_gateway_id"):
            yield "NAT gateway available", self.nat_available
        for output in BUCKET_OUTPUTS:
            if self.has(output):
                bucket = str(self.out[output])
                yield f"bucket {bucket} versioned", self.bucket_versioned(bucket)
                yield f"bucket {bucket} encrypted", self.bucket_encrypted(bucket)
                yield f"bucket {bucket} public access blocked", self.bucket_private(bucket)
        for output in KMS_OUTPUTS:
            if self.has(output):
                yield (
                    f"KMS key rotation ({output.removesuffix('_kms_key_id')})",
                    (self.key_rotation(output)),
                )
        if self.has("aurora_cluster_id"):
            yield "Aurora encrypted, multi-AZ", self.aurora
        if self.has("target_group_arn"):
            yield "target group health check path", self.health_check_path
        if self.has("asg_name"):
            yield "ASG sizes", self.asg_sizes
        if self.has("sns_topic_arn"):
            for output in ALARM_OUTPUTS:
                if self.has(output):
                    yield f"alarm {self.out[output]} notifies SNS", self.alarm_to_topic(output)
        if self.has("route53_zone_id"):
            for prefix in self.expect.alias_records:
                yield f"Route53 alias {prefix}.", self.alias_record(prefix)


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


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
    outputs: Outputs,
    session: boto3.Session | None = None,
    *,
    endpoint_url: str | None = None,
    region: str | None = None,
    expect: Expectations | None = None,
) -> list[Check]:
    """Every applicable check of the deployed stack, in layer order."""
    clients = Clients(session or boto3.Session(), endpoint_url, region)
    verifier = Verifier(outputs, clients, expect or Expectations())
    try:
        return [_run(name, fn) for name, fn in verifier.planned()]
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
