"""Make moto answer the way AWS does where the AWS provider notices the difference.

Each fix corrects one moto response that makes the hashicorp/aws provider see a
change on every plan after apply (see ``README.md``, "Emulator deviations"). They
are applied inside the emulator process only (``moto_server``), never to a real
AWS target. A fix whose moto internals are missing is reported and skipped, so a
moto upgrade degrades to the old diffs instead of an emulator that cannot start.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

APPLIED_FLAG = "_streamctl_fixed"


@dataclass(frozen=True)
class Fix:
    """One deviation: what AWS answers that moto does not, and the patch."""

    name: str
    aws_behaviour: str
    apply: Callable[[], None]


def _wrap(owner: Any, attribute: str, make: Callable[[Any], Any]) -> None:
    """Replace ``owner.attribute`` (a function or a property) by ``make(original)``, once."""
    original = getattr(owner, attribute)
    if getattr(_function_of(original), APPLIED_FLAG, False):
        return
    replacement = make(original)
    if not isinstance(replacement, property):
        functools.update_wrapper(replacement, original)
    setattr(_function_of(replacement), APPLIED_FLAG, True)
    setattr(owner, attribute, replacement)


def _function_of(member: Any) -> Any:
    return member.fget if isinstance(member, property) else member


def _rds_scaling_configuration() -> None:
    from moto.rds.models import DBCluster

    def make(original: property) -> property:
        assert original.fget is not None
        getter = original.fget

        def info(self: Any) -> Any:
            # AWS: ScalingConfigurationInfo only for Serverless v1 (engine_mode serverless).
            return getter(self) if self.scaling_configuration else None

        return property(info)

    _wrap(DBCluster, "scaling_configuration_info", make)


def _autoscaling_policy() -> None:
    from moto.autoscaling.models import FakeScalingPolicy
    from moto.autoscaling.responses import AutoScalingResponse

    def make_init(original: Callable[..., None]) -> Callable[..., None]:
        def init(self: Any, *args: Any, **kwargs: Any) -> None:
            original(self, *args, **kwargs)
            self.enabled = True  # AWS default; PutScalingPolicy may say otherwise
            if not self.predictive_scaling_configuration:
                # AWS: no PredictiveScalingConfiguration on other policy types.
                self.predictive_scaling_configuration = None

        return init

    def make_put(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def put_scaling_policy(self: Any) -> Any:
            result = original(self)
            policy = self.autoscaling_backend.policies.get(self._get_param("PolicyName"))
            if policy is not None:
                policy.enabled = self._get_bool_param("Enabled", True)
            return result

        return put_scaling_policy

    _wrap(FakeScalingPolicy, "__init__", make_init)
    _wrap(AutoScalingResponse, "put_scaling_policy", make_put)


def _launch_template_tags() -> None:
    from moto.ec2.models.launch_templates import LaunchTemplateBackend

    def make(original: Callable[..., Any]) -> Callable[..., Any]:
        def create_launch_template(
            self: Any, name: str, description: str, template_data: dict[str, Any], *rest: Any
        ) -> Any:
            # moto copies the template's own tags (CreateLaunchTemplate.TagSpecifications,
            # type launch-template) into LaunchTemplateData; AWS keeps them apart (that
            # type is not even valid inside the data).
            specs = template_data.get("TagSpecifications")
            if isinstance(specs, list):
                kept = [s for s in specs if s.get("ResourceType") != "launch-template"]
                if kept:
                    template_data["TagSpecifications"] = kept
                else:
                    template_data.pop("TagSpecifications")
            return original(self, name, description, template_data, *rest)

        return create_launch_template

    _wrap(LaunchTemplateBackend, "create_launch_template", make)


def _cloudfront_distribution() -> None:
    from moto.cloudfront import models

    def make_origin(original: Callable[..., None]) -> Callable[..., None]:
        def init(self: Any, origin: dict[str, Any]) -> None:
            original(self, origin)
            # moto drops the origin access control and the S3 origin config (with an
            # origin access identity, if any); AWS returns both.
            self.origin_access_control_id = origin.get("OriginAccessControlId")
            self.s3_origin_config = origin.get("S3OriginConfig")

        return init

    def make_behaviour(original: Callable[..., None]) -> Callable[..., None]:
        def init(self: Any, config: dict[str, Any]) -> None:
            original(self, config)
            # moto invents ForwardedValues; AWS returns them only when they were set
            # (a behaviour has either them or a cache policy).
            if "ForwardedValues" not in config and config.get("CachePolicyId"):
                self.forwarded_values = None

        return init

    def make_certificate(original: Callable[..., None]) -> Callable[..., None]:
        def init(self: Any, config: dict[str, Any]) -> None:
            original(self, config)
            # moto answers empty certificate IDs (the provider then reads its invented
            # SSLSupportMethod "sni-only" as set); AWS leaves out what was not given.
            for attribute in ("iam_certificate_id", "acm_certificate_arn", "certificate"):
                if not getattr(self, attribute, None):
                    setattr(self, attribute, None)
            if not config.get("SSLSupportMethod"):
                self.ssl_support_method = None

        return init

    _wrap(models.Origin, "__init__", make_origin)
    _wrap(models.DefaultCacheBehaviour, "__init__", make_behaviour)
    _wrap(models.ViewerCertificate, "__init__", make_certificate)


# Tags on moto's own per-account, per-region backend: a moto reset drops them too.
_AAS_TAGS = "_streamctl_tags"


def _aas_tags(backend: Any) -> dict[str, dict[str, str]]:
    store: dict[str, dict[str, str]] = backend.__dict__.setdefault(_AAS_TAGS, {})
    return store


def _application_autoscaling_tagging() -> None:
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse as R

    if hasattr(R, "list_tags_for_resource") and not getattr(
        R.list_tags_for_resource, APPLIED_FLAG, False
    ):
        return  # moto implements them itself

    def make_register(original: Callable[[Any], str]) -> Callable[[Any], str]:
        def register_scalable_target(self: Any) -> str:
            body = original(self)
            tags = self._get_param("Tags") or {}
            if tags:
                arn = json.loads(body)["ScalableTargetARN"]
                _aas_tags(self.applicationautoscaling_backend).setdefault(arn, {}).update(tags)
            return body

        return register_scalable_target

    def tag_resource(self: Any) -> str:
        store = _aas_tags(self.applicationautoscaling_backend)
        store.setdefault(self._get_param("ResourceARN"), {}).update(self._get_param("Tags") or {})
        return "{}"

    def untag_resource(self: Any) -> str:
        current = _aas_tags(self.applicationautoscaling_backend).get(
            self._get_param("ResourceARN"), {}
        )
        for key in self._get_param("TagKeys") or []:
            current.pop(key, None)
        return "{}"

    def list_tags_for_resource(self: Any) -> str:
        arn = self._get_param("ResourceARN")
        return json.dumps({"Tags": _aas_tags(self.applicationautoscaling_backend).get(arn, {})})

    _wrap(R, "register_scalable_target", make_register)
    # moto dispatches an action to the response method of its snake_case name.
    for method in (tag_resource, untag_resource, list_tags_for_resource):
        setattr(method, APPLIED_FLAG, True)
        setattr(R, method.__name__, method)


def _ecs_create_service() -> None:
    from moto.ecs.responses import EC2ContainerServiceResponse

    kept = {
        "enableExecuteCommand": "enable_execute_command",
        "healthCheckGracePeriodSeconds": "health_check_grace_period_seconds",
        "availabilityZoneRebalancing": "availability_zone_rebalancing",
    }

    def make(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def create_service(self: Any) -> Any:
            result = original(self)
            cluster = self._get_param("cluster", "default").split("/")[-1]
            service = self.ecs_backend.services.get(f"{cluster}:{self._get_param('serviceName')}")
            for param, attribute in kept.items():
                value = self._get_param(param)
                if service is not None and value is not None:
                    setattr(service, attribute, value)  # as UpdateService stores them
            return result

        return create_service

    _wrap(EC2ContainerServiceResponse, "create_service", make)


FIXES: tuple[Fix, ...] = (
    Fix(
        "rds-cluster-scaling-configuration",
        "DescribeDBClusters has no ScalingConfigurationInfo for a provisioned cluster",
        _rds_scaling_configuration,
    ),
    Fix(
        "autoscaling-policy-enabled",
        "DescribePolicies returns Enabled (default true), no empty "
        "PredictiveScalingConfiguration on other policy types",
        _autoscaling_policy,
    ),
    Fix(
        "launch-template-own-tags",
        "the template's own tags are not part of its LaunchTemplateData",
        _launch_template_tags,
    ),
    Fix(
        "cloudfront-distribution-config",
        "GetDistribution(Config) keeps OriginAccessControlId and S3OriginConfig, returns "
        "ForwardedValues only when set, no empty certificate IDs",
        _cloudfront_distribution,
    ),
    Fix(
        "application-autoscaling-tagging",
        "TagResource, UntagResource and ListTagsForResource exist (the provider lists a "
        "scalable target's tags on every read)",
        _application_autoscaling_tagging,
    ),
    Fix(
        "ecs-create-service-settings",
        "CreateService keeps enableExecuteCommand, healthCheckGracePeriodSeconds and "
        "availabilityZoneRebalancing (moto keeps them on UpdateService only)",
        _ecs_create_service,
    ),
)


def apply_fixes(fixes: tuple[Fix, ...] = FIXES) -> tuple[list[str], dict[str, str]]:
    """Apply every fix; (names applied, name -> why skipped)."""
    applied: list[str] = []
    skipped: dict[str, str] = {}
    for fix in fixes:
        try:
            fix.apply()
        except (ImportError, AttributeError, AssertionError, TypeError) as exc:
            skipped[fix.name] = f"{type(exc).__name__}: {exc}"
        else:
            applied.append(fix.name)
    return applied, skipped
