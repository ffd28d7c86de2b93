"""A schema-only hashicorp/aws provider plugin (plugin protocol 5) for offline validation.

Terraform starts this as `terraform-provider-aws_v5.100.0_x5` from the offline mirror.
It serves the provider schema so that `terraform validate` and `terraform test` with
`mock_provider "aws"` work without the real provider. It never talks to AWS: plan,
apply, read and import calls answer with an error diagnostic saying so.

Handshake (hashicorp/go-plugin): print `1|5|tcp|127.0.0.1:PORT|grpc|CERT` on stdout.
Terraform's client offers mutual TLS with a P-521 client certificate that gRPC-Python
cannot verify, so the server presents its own P-256 certificate (base64 DER without
padding as the sixth field) and does not ask for a client certificate.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime
import json
import os
import ssl
import sys
import threading
from collections.abc import Callable
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
from google.protobuf.message import Message
from tfplugin_proto import tfplugin5_5_pb2 as pb

from streamctl.offline import functions
from streamctl.offline.protocol import EPHEMERAL_RPCS, message
from streamctl.offline.schema import PROVIDER_VERSION, serialized_response

MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE"
MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
CORE_PROTOCOL_VERSION = 1
CERT_DAYS = 30
APP_PROTOCOL_VERSION = 5
REFUSAL_DETAIL = (
    "This hashicorp/aws {version} plugin is streamctl's schema-only stand-in for offline "
    'validation: it only validates, it never talks to AWS. Use `mock_provider "aws" {{}}` '
    "in terraform test files, or run without --offline to use the real provider."
)


SCHEMA_RESPONSE = message("GetProviderSchema.Response")
METADATA_RESPONSE = message("GetMetadata.Response")


def refusal(operation: str) -> pb.Diagnostic:
    return pb.Diagnostic(
        severity=pb.Diagnostic.ERROR,
        summary=f"Offline AWS provider cannot {operation}: this provider only validates",
        detail=REFUSAL_DETAIL.format(version=PROVIDER_VERSION),
    )


def _ephemeral_refusal(rpc: str, operation: str) -> Message:
    # The extended protocol's messages live in their own pool: carry the diagnostic as bytes.
    diagnostic = message("Diagnostic").FromString(refusal(operation).SerializeToString())
    return message(f"{rpc}.Response")(diagnostics=[diagnostic])


class SchemaOnlyProvider:
    """Answers for each tfplugin5.Provider method this plugin implements."""

    def __init__(self, schema: bytes) -> None:
        self.schema = schema
        self._metadata: Message | None = None
        self.stopped = threading.Event()

    def GetMetadata(self, _request: pb.GetMetadata.Request) -> Message:  # noqa: N802
        if self._metadata is None:
            full: Any = SCHEMA_RESPONSE.FromString(self.schema)
            self._metadata = METADATA_RESPONSE(
                server_capabilities=full.server_capabilities,
                resources=[{"type_name": n} for n in full.resource_schemas],
                data_sources=[{"type_name": n} for n in full.data_source_schemas],
                ephemeral_resources=[{"type_name": n} for n in full.ephemeral_resource_schemas],
                functions=[{"name": n} for n in full.functions],
            )
        return self._metadata

    def PrepareProviderConfig(  # noqa: N802
        self, request: pb.PrepareProviderConfig.Request
    ) -> pb.PrepareProviderConfig.Response:
        return pb.PrepareProviderConfig.Response(prepared_config=request.config)

    def ValidateResourceTypeConfig(  # noqa: N802
        self, _request: pb.ValidateResourceTypeConfig.Request
    ) -> pb.ValidateResourceTypeConfig.Response:
        return pb.ValidateResourceTypeConfig.Response()

    def ValidateDataSourceConfig(  # noqa: N802
        self, _request: pb.ValidateDataSourceConfig.Request
    ) -> pb.ValidateDataSourceConfig.Response:
        return pb.ValidateDataSourceConfig.Response()

    def UpgradeResourceState(  # noqa: N802
        self, request: pb.UpgradeResourceState.Request
    ) -> pb.UpgradeResourceState.Response:
        # One schema version only: the stored JSON state is already current.
        return pb.UpgradeResourceState.Response(
            upgraded_state=pb.DynamicValue(json=request.raw_state.json)
        )

    def Configure(self, _request: pb.Configure.Request) -> pb.Configure.Response:  # noqa: N802
        return pb.Configure.Response()

    def ReadResource(self, _request: pb.ReadResource.Request) -> pb.ReadResource.Response:  # noqa: N802
        return pb.ReadResource.Response(diagnostics=[refusal("read resources")])

    def PlanResourceChange(  # noqa: N802
        self, _request: pb.PlanResourceChange.Request
    ) -> pb.PlanResourceChange.Response:
        return pb.PlanResourceChange.Response(diagnostics=[refusal("plan changes")])

    def ApplyResourceChange(  # noqa: N802
        self, _request: pb.ApplyResourceChange.Request
    ) -> pb.ApplyResourceChange.Response:
        return pb.ApplyResourceChange.Response(diagnostics=[refusal("apply changes")])

    def ImportResourceState(  # noqa: N802
        self, _request: pb.ImportResourceState.Request
    ) -> pb.ImportResourceState.Response:
        return pb.ImportResourceState.Response(diagnostics=[refusal("import resources")])

    def ReadDataSource(  # noqa: N802
        self, _request: pb.ReadDataSource.Request
    ) -> pb.ReadDataSource.Response:
        return pb.ReadDataSource.Response(diagnostics=[refusal("read data sources")])

    def ValidateEphemeralResourceConfig(self, _request: Message) -> Message:  # noqa: N802
        return message("ValidateEphemeralResourceConfig.Response")()

    def OpenEphemeralResource(self, _request: Message) -> Message:  # noqa: N802
        return _ephemeral_refusal("OpenEphemeralResource", "open ephemeral resources")

    def RenewEphemeralResource(self, _request: Message) -> Message:  # noqa: N802
        return _ephemeral_refusal("RenewEphemeralResource", "renew ephemeral resources")

    def CloseEphemeralResource(self, _request: Message) -> Message:  # noqa: N802
        return message("CloseEphemeralResource.Response")()  # nothing was ever opened

    def GetFunctions(self, _request: pb.GetFunctions.Request) -> Message:  # noqa: N802
        # From the served response: loading the 13 MB JSON here would cost seconds.
        full: Any = SCHEMA_RESPONSE.FromString(self.schema)
        return message("GetFunctions.Response")(functions=dict(full.functions))

    def CallFunction(self, request: pb.CallFunction.Request) -> pb.CallFunction.Response:  # noqa: N802
        return functions.call(request)

    def Stop(self, _request: pb.Stop.Request) -> pb.Stop.Response:  # noqa: N802
        return pb.Stop.Response()


# method -> request message class; GetSchema is served from pre-serialized bytes.
REQUESTS: dict[str, type[Message]] = {
    "GetMetadata": pb.GetMetadata.Request,
    "PrepareProviderConfig": pb.PrepareProviderConfig.Request,
    "ValidateResourceTypeConfig": pb.ValidateResourceTypeConfig.Request,
    "ValidateDataSourceConfig": pb.ValidateDataSourceConfig.Request,
    "UpgradeResourceState": pb.UpgradeResourceState.Request,
    "Configure": pb.Configure.Request,
    "ReadResource": pb.ReadResource.Request,
    "PlanResourceChange": pb.PlanResourceChange.Request,
    "ApplyResourceChange": pb.ApplyResourceChange.Request,
    "ImportResourceState": pb.ImportResourceState.Request,
    "ReadDataSource": pb.ReadDataSource.Request,
    "GetFunctions": pb.GetFunctions.Request,
    "CallFunction": pb.CallFunction.Request,
    "Stop": pb.Stop.Request,
    # protocol 5.7, beyond the pinned 5.5 package (see offline/protocol.py)
    **{name: message(f"{name}.Request") for name in EPHEMERAL_RPCS},
}
HEALTH_SERVING = b"\x08\x01"  # grpc.health.v1.HealthCheckResponse{status: SERVING}


def _unary(
    behaviour: Callable[[bytes], bytes],
) -> grpc.RpcMethodHandler[bytes, bytes]:
    return grpc.unary_unary_rpc_method_handler(
        lambda request, _context: behaviour(request),
        request_deserializer=None,
        response_serializer=None,
    )


class Handlers(grpc.GenericRpcHandler):  # type: ignore[type-arg]
    """Routes raw bytes so that GetSchema can answer with the cached serialization."""

    def __init__(self, provider: SchemaOnlyProvider, shutdown: Callable[[], None]) -> None:
        self.provider = provider
        self.shutdown = shutdown

    def service(
        self, handler_call_details: grpc.HandlerCallDetails
    ) -> grpc.RpcMethodHandler[bytes, bytes] | None:
        method: str = handler_call_details.method
        service, _, name = method.lstrip("/").partition("/")
        if service == "tfplugin5.Provider":
            if name == "GetSchema":
                return _unary(lambda _raw: self.provider.schema)
            request_type = REQUESTS.get(name)
            if request_type is None:
                return None  # UNIMPLEMENTED: Terraform treats newer optional methods so
            implementation: Callable[[Any], Message] = getattr(self.provider, name)
            return _unary(
                lambda raw: implementation(request_type.FromString(raw)).SerializeToString()
            )
        if method == "/grpc.health.v1.Health/Check":
            return _unary(lambda _raw: HEALTH_SERVING)
        if method == "/plugin.GRPCController/Shutdown":
            return _unary(self._shutdown)
        return None

    def _shutdown(self, _raw: bytes) -> bytes:
        self.shutdown()
        return b""


def self_signed_certificate() -> tuple[bytes, bytes, bytes]:
    """(key PEM, cert PEM, cert DER) for "localhost", as go-plugin's own AutoMTLS makes them."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "streamctl offline provider"),
            x509.NameAttribute(NameOID.COMMON_NAME, "localhost"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    lifetime = datetime.timedelta(days=CERT_DAYS)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(seconds=30))
        .not_valid_after(now + lifetime)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=True,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return (
        key_pem,
        cert.public_bytes(serialization.Encoding.PEM),
        cert.public_bytes(serialization.Encoding.DER),
    )


def load_tls(pem_file: Path | None) -> tuple[bytes, bytes, bytes]:
    """(key PEM, cert PEM, cert DER) from `pem_file` (written by the mirror), else a new pair.

    Reading a prepared pair saves importing `cryptography` and generating a key on every
    start; Terraform starts the plugin about twice per test run.
    """
    if pem_file is None or not pem_file.is_file():
        return self_signed_certificate()
    text = pem_file.read_text(encoding="ascii")
    cert_start = text.index("-----BEGIN CERTIFICATE-----")
    key_pem, cert_pem = text[:cert_start].encode(), text[cert_start:].encode()
    return key_pem, cert_pem, ssl.PEM_cert_to_DER_cert(cert_pem.decode())


def serve(schema_cache: Path | None, tls_pem: Path | None = None) -> int:
    if os.environ.get(MAGIC_COOKIE_KEY) != MAGIC_COOKIE_VALUE:
        print(
            "This is a Terraform provider plugin (streamctl's offline hashicorp/aws "
            f"{PROVIDER_VERSION}); Terraform starts it, it is not meant to be run directly.",
            file=sys.stderr,
        )
        return 1
    versions = os.environ.get("PLUGIN_PROTOCOL_VERSIONS", str(APP_PROTOCOL_VERSION)).split(",")
    if str(APP_PROTOCOL_VERSION) not in versions:
        print(
            f"Terraform asks for plugin protocol {versions}; this plugin speaks 5", file=sys.stderr
        )
        return 1
    done = threading.Event()
    provider = SchemaOnlyProvider(serialized_response(schema_cache))
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    server.add_generic_rpc_handlers((Handlers(provider, done.set),))
    cert_field = ""
    if os.environ.get("PLUGIN_CLIENT_CERT") and os.environ.get("TF_DISABLE_PLUGIN_TLS") != "1":
        key_pem, cert_pem, cert_der = load_tls(tls_pem)
        credentials = grpc.ssl_server_credentials([(key_pem, cert_pem)], require_client_auth=False)
        port = server.add_secure_port("127.0.0.1:0", credentials)
        cert_field = base64.b64encode(cert_der).decode().rstrip("=")
    else:
        port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    handshake = f"{CORE_PROTOCOL_VERSION}|{APP_PROTOCOL_VERSION}|tcp|127.0.0.1:{port}|grpc"
    sys.stdout.write(f"{handshake}|{cert_field}\n" if cert_field else f"{handshake}\n")
    sys.stdout.flush()
    parent = os.getppid()
    # Terraform forwards Ctrl-C to the process group; it shuts its plugins down itself.
    with contextlib.suppress(KeyboardInterrupt):
        while not done.wait(timeout=1.0):
            if os.getppid() != parent:
                break  # Terraform died without shutting us down: do not linger as an orphan
    server.stop(grace=0.2)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="streamctl.offline.plugin", description=__doc__)
    parser.add_argument("--schema-cache", type=Path, help="file holding the serialized schema")
    parser.add_argument("--tls-pem", type=Path, help="key and certificate (PEM) to present")
    parser.add_argument("--dump-schema", action="store_true", help="print the schema JSON")
    args = parser.parse_args(argv)
    if args.dump_schema:
        from streamctl.offline.schema import provider_schema

        json.dump(provider_schema(), sys.stdout, sort_keys=True, indent=1)
        return 0
    return serve(args.schema_cache, args.tls_pem)


if __name__ == "__main__":
    sys.exit(main())
