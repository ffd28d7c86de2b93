"""The AWS provider schema shipped as package data, as JSON and as a protocol-5 response.

The JSON has the shape of `terraform providers schema -json` (see scripts/build_aws_schema.py).
Turning 2 MB of JSON into protobuf takes about a second, and Terraform starts the plugin
several times per command, so the serialized response is cached in a file next to the mirror.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from tfplugin_proto import tfplugin5_5_pb2 as pb

from streamctl.offline.functions import definitions

PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/aws"
PROVIDER_VERSION = "5.100.0"
SCHEMA_RESOURCE = f"aws-provider-{PROVIDER_VERSION}.schema.json.gz"
# Part of the cache key: bump when build_response() changes what it serves.
RESPONSE_FORMAT = "2"

NESTING = {
    "single": pb.Schema.NestedBlock.SINGLE,
    "list": pb.Schema.NestedBlock.LIST,
    "set": pb.Schema.NestedBlock.SET,
    "map": pb.Schema.NestedBlock.MAP,
    "group": pb.Schema.NestedBlock.GROUP,
}


def schema_bytes() -> bytes:
    """The gzipped schema document from the package data."""
    return resources.files("streamctl").joinpath("data", SCHEMA_RESOURCE).read_bytes()


@cache
def provider_schema() -> dict[str, Any]:
    """The provider's entry: {"provider", "resource_schemas", "data_source_schemas"}."""
    document: dict[str, Any] = json.loads(gzip.decompress(schema_bytes()))
    entry: dict[str, Any] = document["provider_schemas"][PROVIDER_ADDRESS]
    return entry


def _block(spec: dict[str, Any]) -> pb.Schema.Block:
    block = pb.Schema.Block()
    for name, attr in sorted(spec.get("attributes", {}).items()):
        block.attributes.append(
            pb.Schema.Attribute(
                name=name,
                type=json.dumps(attr["type"], separators=(",", ":")).encode(),
                required=bool(attr.get("required")),
                optional=bool(attr.get("optional")),
                computed=bool(attr.get("computed")),
                sensitive=bool(attr.get("sensitive")),
            )
        )
    for name, nested in sorted(spec.get("block_types", {}).items()):
        block.block_types.append(
            pb.Schema.NestedBlock(
                type_name=name,
                block=_block(nested.get("block", {})),
                nesting=NESTING[nested["nesting_mode"]],
                min_items=int(nested.get("min_items", 0)),
                max_items=int(nested.get("max_items", 0)),
            )
        )
    return block


def _schema(spec: dict[str, Any]) -> pb.Schema:
    return pb.Schema(version=int(spec.get("version", 0)), block=_block(spec["block"]))


def build_response() -> pb.GetProviderSchema.Response:
    entry = provider_schema()
    response = pb.GetProviderSchema.Response(provider=_schema(entry["provider"]))
    for name, spec in entry["resource_schemas"].items():
        response.resource_schemas[name].CopyFrom(_schema(spec))
    for name, spec in entry["data_source_schemas"].items():
        response.data_source_schemas[name].CopyFrom(_schema(spec))
    for name, function in definitions().items():
        response.functions[name].CopyFrom(function)
    return response


def serialized_response(cache_file: Path | None = None) -> bytes:
    """The serialized GetProviderSchema response, read from / written to `cache_file`."""
    if cache_file is not None and cache_file.is_file():
        return cache_file.read_bytes()
    data = build_response().SerializeToString(deterministic=True)
    if cache_file is not None:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        partial = cache_file.with_name(cache_file.name + ".partial")
        partial.write_bytes(data)
        partial.replace(cache_file)  # atomic: concurrent plugins never read half a file
    return data
