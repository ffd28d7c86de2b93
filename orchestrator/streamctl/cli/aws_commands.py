"""`streamctl bootstrap` and `streamctl verify`: thin commands over streamctl.aws."""

from __future__ import annotations

from typing import Any

import boto3
import typer
from rich.table import Table

from streamctl.aws import state_bucket
from streamctl.aws import verify as verification
from streamctl.cli.common import (
    EndpointOption,
    EnvOption,
    JsonOption,
    LocalOption,
    StackOption,
    TerraformOption,
    handle_errors,
    load_stack_from_options,
    print_json,
    target_for,
)
from streamctl.cli.console import out
from streamctl.deploy import flows
from streamctl.errors import UsageError
from streamctl.manifest import Stack
from streamctl.terraform.engine import Terraform, find_terraform

DUMMY_CREDENTIAL = "test"


def _session(region: str | None, emulated: bool) -> boto3.Session:
    # An emulator takes any credentials; never hand it a user's real ones.
    if emulated:
        return boto3.Session(
            aws_access_key_id=DUMMY_CREDENTIAL,
            aws_secret_access_key=DUMMY_CREDENTIAL,
            region_name=region,
        )
    return boto3.Session(region_name=region)


@handle_errors
def bootstrap(
    env: EnvOption = "dev",
    stack: StackOption = None,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
    endpoint_url: EndpointOption = None,
) -> None:
    """Create the S3 state bucket (idempotent) named by the manifest's stack.backend table."""
    the_stack = load_stack_from_options(env, stack)
    settings = state_bucket.stack_backend(the_stack)
    if settings is None:
        raise UsageError(
            f"{the_stack.manifest_path} has no [stack.backend] table, so layers keep the "
            'local backend; add [stack.backend] with bucket = "..." (and region) to use S3'
        )
    state_bucket.check_backend_support(find_terraform(terraform).version)
    s3 = _session(settings.region, endpoint_url is not None).client("s3", endpoint_url=endpoint_url)
    steps = state_bucket.ensure_state_bucket(s3, settings)
    keys = {name: settings.state_key(the_stack.environment, name) for name in the_stack.order()}
    if as_json:
        print_json(
            {
                "bucket": settings.bucket,
                "region": settings.region,
                "steps": [
                    {"name": s.name, "changed": s.changed, "detail": s.detail} for s in steps
                ],
                "state_keys": keys,
            }
        )
        return
    table = Table(title=f"State bucket {settings.bucket}", title_justify="left")
    for column in ("setting", "result"):
        table.add_column(column)
    for step in steps:
        table.add_row(step.name, ("set: " if step.changed else "ok: ") + step.detail)
    out.print(table)
    out.print(
        f"Layers use the S3 backend with S3 locking (use_lockfile), keys "
        f"{the_stack.environment}/<layer>/terraform.tfstate"
        + (f" under {settings.key_prefix}/" if settings.key_prefix else "")
        + ".",
        highlight=False,
    )


def _outputs(the_stack: Stack, engine: Terraform, target: flows.Target) -> dict[str, Any]:
    dep = flows.Deployment(the_stack, engine, target)
    found = flows.read_outputs(dep, the_stack.order())
    return {
        name: {key: v.value for key, v in values.items()}
        for name, values in found.items()
        if values
    }


@handle_errors
def verify(
    env: EnvOption = "dev",
    stack: StackOption = None,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
    local: LocalOption = False,
    endpoint_url: EndpointOption = None,
) -> None:
    """Check the deployed stack against what it promises (exit 1 on any failure)."""
    the_stack = load_stack_from_options(env, stack)
    engine = find_terraform(terraform)
    # The same target as `up`: its state namespace, and S3 state under [stack.backend].
    target = target_for(the_stack, local, endpoint_url, engine)
    endpoint = target.env.get("AWS_ENDPOINT_URL") if target.emulated else None
    outputs = _outputs(the_stack, engine, target)
    if not outputs:
        raise UsageError(
            f"no layer of {the_stack.name} ({the_stack.environment}, {target.name}) has "
            "outputs yet; deploy it with `streamctl up` first"
        )
    checks = verification.verify(
        outputs,
        _session(the_stack.region, endpoint is not None),
        endpoint_url=endpoint,
        region=the_stack.region,
    )
    if as_json:
        print_json(verification.to_json(checks))
    else:
        title = f"Verify {the_stack.name} ({the_stack.environment}, {target.name})"
        verification.render(checks, out, title)
    if verification.failed(checks):
        raise typer.Exit(1)
