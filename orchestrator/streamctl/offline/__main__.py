"""`python -m streamctl.offline`: offline validate / test without the streamctl CLI.

python -m streamctl.offline validate DIR...      terraform validate each directory
python -m streamctl.offline test DIR...          terraform test (mock_provider "aws")
python -m streamctl.offline stack live/dev/stack.toml [--layer NAME]...
python -m streamctl.offline env                  print the environment for manual runs
python -m streamctl.offline schema [--output F]  `terraform providers schema -json` of the
                                                 provider offline runs use (--schema-only,
                                                 --real to choose); F.json.gz: canonical gzip
python -m streamctl.offline schema-diff          the schema-only plugin's schema against the
                                                 real provider's; exit 1 on any difference
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from streamctl.errors import StreamctlError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m streamctl.offline",
        description="Terraform validate/test offline against hashicorp/aws 5.100.0: the real "
        "provider when a mirror holds it, else streamctl's schema-only plugin.",
    )
    parser.add_argument("--work-dir", type=Path, default=Path(".streamctl/offline"))
    parser.add_argument("--terraform", help="terraform/tofu path or name, or 'embedded'")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--provider-mirror", type=Path, help="a mirror holding the real hashicorp/aws 5.100.0"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="validate directories").add_argument(
        "dirs", nargs="+", type=Path
    )
    commands.add_parser("test", help="run terraform test in directories").add_argument(
        "dirs", nargs="+", type=Path
    )
    stack = commands.add_parser("stack", help="dry-run a whole stack under the mock provider")
    stack.add_argument("manifest", type=Path)
    stack.add_argument("--layer", action="append", default=None)
    commands.add_parser("env", help="print shell exports for running terraform by hand")
    schema = commands.add_parser("schema", help="print the provider schema Terraform sees")
    choice = schema.add_mutually_exclusive_group()
    choice.add_argument("--real", action="store_true", help="the real provider, or an error")
    choice.add_argument("--schema-only", action="store_true", help="the schema-only plugin")
    schema.add_argument("--output", type=Path, help="write here (.gz: canonical gzip)")
    diff = commands.add_parser("schema-diff", help="plugin schema against the real provider's")
    diff.add_argument("--limit", type=int, default=50, help="differences to print")
    args = parser.parse_args(argv)

    from streamctl.cli import offline_commands as run
    from streamctl.terraform.engine import find_terraform

    try:
        if args.command == "env":
            from streamctl.offline.realprovider import offline_provider

            provider = offline_provider(args.work_dir, args.provider_mirror)
            print(f"# hashicorp/aws: {provider.description}")
            for key, value in provider.env().items():
                print(f"export {key}={shlex.quote(value)}")
            return 0
        terraform = find_terraform(args.terraform)
        if args.command == "schema":
            mode = "real" if args.real else "schema-only" if args.schema_only else None
            return run.schema_command(
                terraform, args.work_dir, args.provider_mirror, mode, args.output
            )
        if args.command == "schema-diff":
            return run.schema_diff_command(
                terraform, args.work_dir, args.provider_mirror, args.limit
            )
        if args.command == "validate":
            targets = [(str(d), d.resolve()) for d in args.dirs]
            return run.validate_offline_command(
                terraform, targets, args.work_dir, args.json, args.provider_mirror
            )
        if args.command == "test":
            return run.test_offline_command(
                terraform, args.dirs, args.work_dir, args.json, args.provider_mirror
            )
        from streamctl.manifest import load_stack

        the_stack = load_stack(args.manifest)
        work = the_stack.state_dir / "offline"
        return run.test_stack_offline_command(
            terraform, the_stack, work, args.json, args.layer, args.provider_mirror
        )
    except StreamctlError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
