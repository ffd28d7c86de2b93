"""`streamctl bootstrap` and `streamctl verify`: thin commands over streamctl.aws.

What a command runs is imported in its body: --help reads only the signatures.
"""

from __future__ import annotations

import typer

from streamctl.cli.console import out, print_json
from streamctl.cli.options import (
    EndpointOption,
    EnvOption,
    JsonOption,
    LocalOption,
    StackOption,
    TerraformOption,
    open_stack,
)
from streamctl.cli.session import StackOptions, open_deployment
from streamctl.errors import UsageError


def bootstrap_command(
    env: EnvOption = None,
    stack: StackOption = None,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
    endpoint_url: EndpointOption = None,
) -> None:
    """Create the S3 state bucket (idempotent) named by the manifest's stack.backend table."""
    from streamctl.aws import state_bucket
    from streamctl.aws.clients import session
    from streamctl.cli import views
    from streamctl.terraform.engine import find_terraform

    the_stack = open_stack(env, stack)
    settings = state_bucket.stack_backend(the_stack)
    if settings is None:
        raise UsageError(
            f"{the_stack.manifest_path} has no [stack.backend] table, so layers keep the "
            'local backend; add [stack.backend] with bucket = "..." (and region) to use S3'
        )
    state_bucket.check_backend_support(find_terraform(terraform).version)
    s3 = session(settings.region, emulated=endpoint_url is not None).client(
        "s3", endpoint_url=endpoint_url
    )
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
    out.print(views.bootstrap_table(settings.bucket, steps))
    out.print(
        f"Layers use the S3 backend with S3 locking (use_lockfile), keys "
        f"{the_stack.environment}/<layer>/terraform.tfstate"
        + (f" under {settings.key_prefix}/" if settings.key_prefix else "")
        + ".",
        highlight=False,
    )


def verify_command(
    env: EnvOption = None,
    stack: StackOption = None,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
    local: LocalOption = False,
    endpoint_url: EndpointOption = None,
) -> None:
    """Check the deployed stack against what it promises (exit 1 on any failure)."""
    from streamctl.aws.clients import session
    from streamctl.aws.verify import failed, run_checks, to_json  # boto3: slow to import
    from streamctl.cli import views
    from streamctl.deploy import flows

    # The same target as `up` (its state namespace, S3 state under [stack.backend]), asked
    # without starting it: an emulator that is not running holds nothing to check.
    opened = open_deployment(StackOptions(env, stack, (), terraform, local, endpoint_url))
    dep = opened.dep
    the_stack, target = dep.stack, dep.target
    where = f"{the_stack.name} ({the_stack.environment}, {target.name})"
    if not the_stack.verify:
        raise UsageError(
            f"{the_stack.manifest_path} declares no checks: add [verify.<name>] tables "
            '(kind, id = "layer.output", expected values) for verify to run'
        )
    found = flows.read_outputs(dep, opened.names)
    # Per layer, as the manifest's references address them: never one flat namespace.
    outputs = {
        name: {k: v.value for k, v in values.items()} for name, values in found.items() if values
    }
    if not outputs:
        # The same target flags as this command: `up` alone would deploy somewhere else.
        flags = " --local" if local else f" --endpoint-url {endpoint_url}" if endpoint_url else ""
        raise UsageError(
            f"no layer of {where} has outputs yet; deploy it with `streamctl up{flags}` first"
        )
    if target.emulated and target.endpoint is None:
        raise UsageError(
            f"the AWS emulator of {where} is not running, so nothing deployed there is left "
            "to check: `streamctl up --local` deploys again"
        )
    results = run_checks(
        the_stack.verify,
        outputs,
        session(the_stack.region, emulated=target.emulated),
        endpoint_url=target.endpoint,
        region=the_stack.region,
    )
    if as_json:
        print_json(to_json(results))
    else:
        out.print(views.checks_table(results, f"Verify {where}"))
        out.print(views.checks_summary(results), highlight=False)
    if failed(results):
        raise typer.Exit(1)
