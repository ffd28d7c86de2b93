"""The provider functions of hashicorp/aws 5.100.0: arn_build, arn_parse, trim_iam_role_path.

Mock providers do not mock functions: Terraform calls the plugin for them even under
`mock_provider "aws"`. They take and return strings (and one object of strings), so a
tiny MessagePack codec for those is enough; Terraform never passes unknown or null
values here because no parameter allows them.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from tfplugin_proto import tfplugin5_5_pb2 as pb

ARN_FIELDS = ("partition", "service", "region", "account_id", "resource")


class FunctionArgumentError(Exception):
    def __init__(self, message: str, argument: int) -> None:
        super().__init__(message)
        self.argument = argument


def unpack_string(data: bytes) -> str:
    """A MessagePack string (fixstr, str8, str16 or str32)."""
    if not data:
        raise ValueError("empty value")
    head = data[0]
    if 0xA0 <= head <= 0xBF:
        start, length = 1, head & 0x1F
    elif head == 0xD9:
        start, length = 2, data[1]
    elif head == 0xDA:
        start, length = 3, struct.unpack(">H", data[1:3])[0]
    elif head == 0xDB:
        start, length = 5, struct.unpack(">I", data[1:5])[0]
    else:
        raise ValueError(f"not a MessagePack string (0x{head:02x})")
    return data[start : start + length].decode("utf-8")


def pack_string(text: str) -> bytes:
    raw = text.encode("utf-8")
    if len(raw) < 32:
        return bytes([0xA0 | len(raw)]) + raw
    if len(raw) < 256:
        return bytes([0xD9, len(raw)]) + raw
    if len(raw) < 65536:
        return b"\xda" + struct.pack(">H", len(raw)) + raw
    return b"\xdb" + struct.pack(">I", len(raw)) + raw


def pack_string_map(values: dict[str, str]) -> bytes:
    if len(values) >= 16:
        raise ValueError("only small maps are needed here")
    body = b"".join(pack_string(k) + pack_string(v) for k, v in sorted(values.items()))
    return bytes([0x80 | len(values)]) + body


def parse_arn(arn: str, argument: int = 0) -> dict[str, str]:
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        raise FunctionArgumentError(f"arn: invalid prefix or too few sections: {arn!r}", argument)
    return dict(zip(ARN_FIELDS, parts[1:], strict=True))


def arn_parse(args: list[str]) -> bytes:
    return pack_string_map(parse_arn(args[0]))


def arn_build(args: list[str]) -> bytes:
    return pack_string("arn:" + ":".join(args))


def trim_iam_role_path(args: list[str]) -> bytes:
    fields = parse_arn(args[0])
    resource = fields["resource"]
    if fields["service"] != "iam" or not resource.startswith("role/"):
        raise FunctionArgumentError(f"not an IAM role ARN: {args[0]!r}", 0)
    fields["resource"] = "role/" + resource.rsplit("/", 1)[-1]
    return pack_string("arn:" + ":".join(fields[f] for f in ARN_FIELDS))


# The signatures come with the schema (schema.function_definitions): the real provider's own.
FUNCTIONS: dict[str, Callable[[list[str]], bytes]] = {
    "arn_build": arn_build,
    "arn_parse": arn_parse,
    "trim_iam_role_path": trim_iam_role_path,
}


def call(request: pb.CallFunction.Request) -> pb.CallFunction.Response:
    implementation = FUNCTIONS.get(request.name)
    if implementation is None:
        return pb.CallFunction.Response(
            diagnostics=[
                pb.Diagnostic(
                    severity=pb.Diagnostic.ERROR,
                    summary=f"Unknown function {request.name!r}",
                    detail="The offline AWS provider serves arn_build, arn_parse and "
                    "trim_iam_role_path.",
                )
            ]
        )
    try:
        args = [unpack_string(a.msgpack) for a in request.arguments]
        return pb.CallFunction.Response(result=pb.DynamicValue(msgpack=implementation(args)))
    except FunctionArgumentError as failure:
        diagnostic = pb.Diagnostic(
            severity=pb.Diagnostic.ERROR,
            summary="Invalid function argument",
            detail=str(failure),
            function_argument=failure.argument,
        )
    except (ValueError, UnicodeDecodeError) as exc:
        diagnostic = pb.Diagnostic(
            severity=pb.Diagnostic.ERROR, summary="Invalid function argument", detail=str(exc)
        )
    return pb.CallFunction.Response(diagnostics=[diagnostic])
