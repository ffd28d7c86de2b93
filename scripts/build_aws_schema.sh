#!/bin/sh
# Regenerate orchestrator/streamctl/data/aws-provider-5.100.0.schema.json.gz from the pinned
# npm package @cdktf/provider-aws (its package.json names provider version 5.100.0).
# Needs node/npm and network access to the npm registry; installs into a temporary directory.
set -eu
CDKTF_PROVIDER_AWS_VERSION=20.1.0
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npm install --prefix "$work" --no-audit --no-fund --ignore-scripts \
  "@cdktf/provider-aws@${CDKTF_PROVIDER_AWS_VERSION}" >/dev/null
python3 "$root/scripts/build_aws_schema.py" "$work/node_modules/@cdktf/provider-aws" \
  "$root/orchestrator/streamctl/data/aws-provider-5.100.0.schema.json.gz"
