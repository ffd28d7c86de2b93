#!/bin/sh
# Regenerate orchestrator/streamctl/data/aws-provider-5.100.0.schema.json.gz from the real
# hashicorp/aws 5.100.0 provider: its `terraform providers schema -json`, exactly as
# Terraform prints it, stored with sorted keys and no gzip timestamp (same input, same bytes).
#
# Usage: scripts/build_aws_schema.sh [MIRROR]
# MIRROR is a Terraform filesystem mirror holding the provider binary; without it the one
# named by $STREAMCTL_PROVIDER_MIRROR, else the machine mirror /opt/tf-plugins. Needs
# terraform on PATH (or $TERRAFORM) and the project's venv; no network.
# Then check: .venv/bin/python -m streamctl.offline schema-diff   (expects 0 differences)
# Where no binary can be had, scripts/build_aws_schema_cdktf.sh is the (approximate) fallback.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$root/.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
PYTHONPATH="$root/orchestrator${PYTHONPATH:+:$PYTHONPATH}" "$python" -m streamctl.offline \
  --work-dir "$work" ${TERRAFORM:+--terraform "$TERRAFORM"} ${1:+--provider-mirror "$1"} \
  schema --real --output "$root/orchestrator/streamctl/data/aws-provider-5.100.0.schema.json.gz"
