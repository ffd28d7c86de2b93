#!/bin/sh
# Fallback route, for when no real provider binary can be had (see build_aws_schema.sh):
# regenerate orchestrator/streamctl/data/aws-provider-5.100.0.schema.json.gz from the pinned
# npm package @cdktf/provider-aws (its package.json names provider version 5.100.0).
# Needs node/npm and network access to the npm registry; installs into a temporary directory.
# What generated code cannot tell (optional+computed, object attributes vs blocks, schema
# versions, descriptions) is approximated: see build_aws_schema_cdktf.py.
set -eu
CDKTF_PROVIDER_AWS_VERSION=20.1.0
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npm install --prefix "$work" --no-audit --no-fund --ignore-scripts \
  "@cdktf/provider-aws@${CDKTF_PROVIDER_AWS_VERSION}" >/dev/null
python3 "$root/scripts/build_aws_schema_cdktf.py" "$work/node_modules/@cdktf/provider-aws" \
  "$root/orchestrator/streamctl/data/aws-provider-5.100.0.schema.json.gz"
