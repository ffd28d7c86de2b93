"""The check kinds a stack's `[verify]` tables may use, and the parameters of each.

A check names one resource (or a list of them) by a layer output, `id = "layer.output"`
(the value Terraform reports as the resource's `id`), and says what it must be.
Parameters marked `ref` take "layer.output" references, resolved from that layer's
outputs when verify runs; the others take literal values, checked here at load. The
checks each kind runs with boto3 are in aws/verify.py; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Param:
    name: str
    type: type = str  # str, int or bool; for a ref the type of the resolved value is free
    ref: bool = False  # a "layer.output" reference
    required: bool = True
    help: str = ""


@dataclass(frozen=True)
class Kind:
    name: str
    resource: str  # what `id` names
    params: tuple[Param, ...]
    expects_one_of: tuple[str, ...] = ()  # at least one of these must be given

    def param(self, name: str) -> Param | None:
        return next((p for p in (*COMMON, *self.params) if p.name == name), None)

    @property
    def all_params(self) -> tuple[Param, ...]:
        return (*COMMON, *self.params)


COMMON = (
    Param("id", ref=True, help="the resource's id (or a list of ids) from a layer output"),
    Param("label", required=False, help="a word that tells apart checks of one kind"),
)

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("vpc", "VPC id", (Param("cidr_block", help="the VPC's CIDR block"),)),
        Kind(
            "subnets",
            "list of subnet ids",
            (Param("min_azs", int, help="availability zones the subnets span at least"),),
        ),
        Kind(
            "nat_gateways",
            "NAT gateway id or list of ids",
            (Param("state", required=False, help='every gateway\'s state (default "available")'),),
        ),
        Kind(
            "s3_bucket",
            "bucket name",
            (
                Param("versioning", required=False, help='versioning status, e.g. "Enabled"'),
                Param("encryption", bool, required=False, help="default encryption set"),
                Param("public_access_block", bool, required=False, help="all four blocks on"),
            ),
            expects_one_of=("versioning", "encryption", "public_access_block"),
        ),
        Kind("kms_key", "key id", (Param("rotation", bool, help="automatic key rotation on"),)),
        Kind(
            "rds_cluster",
            "DB cluster identifier",
            (
                Param("storage_encrypted", bool, help="storage encryption on"),
                Param("min_azs", int, help="availability zones its instances span at least"),
            ),
        ),
        Kind(
            "target_group",
            "target group ARN",
            (Param("health_check_path", help="the health check's path"),),
        ),
        Kind(
            "autoscaling_group",
            "Auto Scaling group name",
            (Param("min_size", int), Param("max_size", int), Param("desired_capacity", int)),
        ),
        Kind(
            "cloudwatch_alarm",
            "alarm name",
            (Param("notifies", ref=True, help="an action ARN (e.g. an SNS topic) from an output"),),
        ),
        Kind(
            "ecs_service",
            "ECS service name",
            (
                Param("cluster", ref=True, help="the cluster's name from an output"),
                Param("desired_count", int, required=False),
                Param("launch_type", required=False, help='e.g. "FARGATE"'),
            ),
            expects_one_of=("desired_count", "launch_type"),
        ),
        Kind(
            "ecr_repository",
            "repository name",
            (
                Param("scan_on_push", bool, required=False, help="images scanned on push"),
                Param("tag_mutability", required=False, help='"MUTABLE" or "IMMUTABLE"'),
            ),
            expects_one_of=("scan_on_push", "tag_mutability"),
        ),
        Kind("ssm_parameter", "parameter name", (Param("type", help='e.g. "SecureString"'),)),
        Kind(
            "log_group",
            "log group name",
            (Param("retention_days", int, help="days CloudWatch Logs keeps events"),),
        ),
        Kind(
            "route53_alias",
            "hosted zone id",
            (
                Param("record", help="the record's name in the zone, e.g. cdn"),
                Param("target", ref=True, required=False, help="the DNS name it must point at"),
            ),
        ),
    )
}
