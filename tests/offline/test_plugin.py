"""The schema-only plugin over its real gRPC interface: handshake, schema, refusals."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from google.protobuf.message import Message
from tfplugin_proto import tfplugin5_5_pb2 as pb
from tfplugin_proto import tfplugin5_5_pb2_grpc as pb_grpc

from streamctl.offline.mirror import OfflineProvider, prepare_mirror
from streamctl.offline.plugin import MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE
from streamctl.offline.protocol import message

# Terraform's client accepts messages up to 256 MiB; the schema is about 5 MB (gRPC's
# default limit is 4 MiB).
MESSAGE_LIMITS = [("grpc.max_receive_message_length", 256 << 20)]


@dataclass
class RunningPlugin:
    process: subprocess.Popen[str]
    fields: list[str]
    stub: pb_grpc.ProviderStub
    channel: grpc.Channel


@pytest.fixture(scope="module")
def provider(offline_work: Path) -> OfflineProvider:
    return prepare_mirror(offline_work)


def start(provider: OfflineProvider, tls: bool) -> RunningPlugin:
    env = {**os.environ, MAGIC_COOKIE_KEY: MAGIC_COOKIE_VALUE, "PLUGIN_PROTOCOL_VERSIONS": "5"}
    env.pop("PLUGIN_CLIENT_CERT", None)
    if tls:
        env["PLUGIN_CLIENT_CERT"] = "-----BEGIN CERTIFICATE-----\n(unused)\n"
    process = subprocess.Popen(
        [str(provider.plugin)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    fields = process.stdout.readline().strip().split("|")
    address = fields[3]
    if tls:
        der = base64.b64decode(fields[5] + "=" * (-len(fields[5]) % 4))
        pem = x509.load_der_x509_certificate(der).public_bytes(serialization.Encoding.PEM)
        channel = grpc.secure_channel(
            address,
            grpc.ssl_channel_credentials(root_certificates=pem),
            options=[("grpc.ssl_target_name_override", "localhost"), *MESSAGE_LIMITS],
        )
    else:
        channel = grpc.insecure_channel(address, options=MESSAGE_LIMITS)
    stub = pb_grpc.ProviderStub(channel)  # type: ignore[no-untyped-call]
    return RunningPlugin(process, fields, stub, channel)


def stop(plugin: RunningPlugin) -> None:
    plugin.channel.close()
    plugin.process.kill()
    plugin.process.wait(timeout=10)
    for stream in (plugin.process.stdout, plugin.process.stderr):
        if stream:
            stream.close()


@pytest.fixture(scope="module")
def plaintext(provider: OfflineProvider) -> Iterator[RunningPlugin]:
    plugin = start(provider, tls=False)
    yield plugin
    stop(plugin)


def test_handshake_line_announces_protocol_5_over_grpc(plaintext: RunningPlugin) -> None:
    core, app, network, address, protocol = plaintext.fields[:5]
    assert (core, app, network, protocol) == ("1", "5", "tcp", "grpc")
    assert address.startswith("127.0.0.1:")
    assert len(plaintext.fields) == 5  # no certificate without PLUGIN_CLIENT_CERT


def test_schema_is_served(plaintext: RunningPlugin) -> None:
    response = plaintext.stub.GetSchema(pb.GetProviderSchema.Request(), timeout=30)
    assert len(response.resource_schemas) > 1500
    assert len(response.data_source_schemas) > 600
    vpc = response.resource_schemas["aws_vpc"].block
    assert {a.name for a in vpc.attributes} >= {"cidr_block", "arn", "enable_dns_hostnames"}
    assert any(a.name == "region" for a in response.provider.block.attributes)


def call(plugin: RunningPlugin, method: str, request: Message, response: type[Message]) -> Any:
    """A call by method name: the generated 5.5 stub knows no protocol 5.7 methods."""
    rpc = plugin.channel.unary_unary(
        f"/tfplugin5.Provider/{method}",
        request_serializer=lambda m: m.SerializeToString(),
        response_deserializer=response.FromString,
    )
    return rpc(request, timeout=30)


def test_protocol_5_8_fields_are_served(plaintext: RunningPlugin) -> None:
    schema = call(
        plaintext,
        "GetSchema",
        pb.GetProviderSchema.Request(),
        message("GetProviderSchema.Response"),
    )
    assert "aws_kms_secrets" in schema.ephemeral_resource_schemas
    rds = schema.resource_schemas["aws_rds_cluster"].block.attributes
    assert next(a for a in rds if a.name == "master_password_wo").write_only
    metadata = call(
        plaintext, "GetMetadata", pb.GetMetadata.Request(), message("GetMetadata.Response")
    )
    assert len(metadata.ephemeral_resources) == len(schema.ephemeral_resource_schemas) == 7
    assert len(metadata.resources) == len(schema.resource_schemas)
    # As the real provider announces: Terraform may then reuse one schema per process.
    for capabilities in (schema.server_capabilities, metadata.server_capabilities):
        assert capabilities.get_provider_schema_optional and capabilities.plan_destroy
    functions = call(
        plaintext, "GetFunctions", pb.GetFunctions.Request(), message("GetFunctions.Response")
    )
    assert (
        set(functions.functions)
        == set(schema.functions)
        == {
            "arn_build",
            "arn_parse",
            "trim_iam_role_path",
        }
    )


def test_ephemeral_resources_validate_but_are_never_opened(plaintext: RunningPlugin) -> None:
    def ephemeral(rpc: str) -> Any:
        request = message(f"{rpc}.Request")(type_name="aws_secretsmanager_random_password")
        return call(plaintext, rpc, request, message(f"{rpc}.Response"))

    assert not ephemeral("ValidateEphemeralResourceConfig").diagnostics
    (refused,) = ephemeral("OpenEphemeralResource").diagnostics
    assert refused.summary.startswith("Offline AWS provider cannot open ephemeral resources")
    assert not ephemeral("CloseEphemeralResource").diagnostics


def test_validation_calls_succeed(plaintext: RunningPlugin) -> None:
    config = pb.DynamicValue(json=b'{"region":"us-west-2"}')
    prepared = plaintext.stub.PrepareProviderConfig(
        pb.PrepareProviderConfig.Request(config=config), timeout=30
    )
    assert prepared.prepared_config.json == config.json and not prepared.diagnostics
    checked = plaintext.stub.ValidateResourceTypeConfig(
        pb.ValidateResourceTypeConfig.Request(type_name="aws_vpc", config=config), timeout=30
    )
    assert not checked.diagnostics
    assert not plaintext.stub.Configure(pb.Configure.Request(config=config), timeout=30).diagnostics


@pytest.mark.parametrize(
    ("method", "request_message", "operation"),
    [
        ("PlanResourceChange", pb.PlanResourceChange.Request(type_name="aws_vpc"), "plan"),
        ("ApplyResourceChange", pb.ApplyResourceChange.Request(type_name="aws_vpc"), "apply"),
        ("ReadResource", pb.ReadResource.Request(type_name="aws_vpc"), "read"),
        ("ImportResourceState", pb.ImportResourceState.Request(type_name="aws_vpc"), "import"),
        ("ReadDataSource", pb.ReadDataSource.Request(type_name="aws_ami"), "read data"),
    ],
)
def test_deploying_calls_are_refused_with_a_clear_error(
    plaintext: RunningPlugin, method: str, request_message: object, operation: str
) -> None:
    response = getattr(plaintext.stub, method)(request_message, timeout=30)
    (diagnostic,) = response.diagnostics
    assert diagnostic.severity == pb.Diagnostic.ERROR
    assert diagnostic.summary.startswith(f"Offline AWS provider cannot {operation}")
    assert "this provider only validates" in diagnostic.summary
    assert "mock_provider" in diagnostic.detail


def test_tls_handshake_presents_a_p256_certificate_for_localhost(
    provider: OfflineProvider,
) -> None:
    plugin = start(provider, tls=True)
    try:
        assert len(plugin.fields) == 6
        assert "=" not in plugin.fields[5]  # go-plugin reads base64 without padding
        der = base64.b64decode(plugin.fields[5] + "=" * (-len(plugin.fields[5]) % 4))
        cert = x509.load_der_x509_certificate(der)
        public_key = cert.public_key()
        assert isinstance(public_key, ec.EllipticCurvePublicKey)
        assert public_key.curve.name == "secp256r1"
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert names.get_values_for_type(x509.DNSName) == ["localhost"]
        response = plugin.stub.GetSchema(pb.GetProviderSchema.Request(), timeout=30)
        assert "aws_lb_target_group" in response.resource_schemas
        # The pair comes from the mirror's private file, prepared once for fast starts.
        pem_file = provider.root / "plugin-tls.pem"
        assert pem_file.stat().st_mode & 0o777 == 0o600
        pem = pem_file.read_bytes()
        cached = x509.load_pem_x509_certificate(pem[pem.index(b"-----BEGIN CERTIFICATE-----") :])
        assert cached.public_bytes(serialization.Encoding.DER) == der
    finally:
        stop(plugin)


def test_refuses_to_run_outside_terraform(provider: OfflineProvider) -> None:
    env = {k: v for k, v in os.environ.items() if k != MAGIC_COOKIE_KEY}
    result = subprocess.run(
        [sys.executable, "-m", "streamctl.offline.plugin"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Terraform starts it" in result.stderr
    assert result.stdout == ""


def test_exits_when_terraform_dies_without_shutting_it_down(provider: OfflineProvider) -> None:
    env = {**os.environ, MAGIC_COOKIE_KEY: MAGIC_COOKIE_VALUE}
    # A stand-in parent that starts the plugin, reports its pid, and dies.
    parent = subprocess.run(
        ["sh", "-c", f'"{provider.plugin}" >/dev/null 2>&1 & echo $!; sleep 2'],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    pid = int(parent.stdout.strip())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        if "Z" in Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[:1]:
            break  # exited, waiting to be reaped by init
        time.sleep(0.2)
    alive = (
        Path(f"/proc/{pid}").exists()
        and "Z" not in (Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[:1])
    )
    if alive:
        os.kill(pid, 9)
    assert not alive, "the orphaned plugin kept running"
