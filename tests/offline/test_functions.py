"""Provider functions served by the offline plugin (Terraform calls them even under mocks)."""

from __future__ import annotations

from typing import Any

import pytest
from tfplugin_proto import tfplugin5_5_pb2 as pb

from streamctl.offline import functions
from streamctl.offline.schema import build_response


def call(name: str, *args: str) -> pb.CallFunction.Response:
    request = pb.CallFunction.Request(
        name=name, arguments=[pb.DynamicValue(msgpack=functions.pack_string(a)) for a in args]
    )
    return functions.call(request)


@pytest.mark.parametrize("text", ["", "short", "x" * 31, "y" * 32, "z" * 300, "é" * 40000])
def test_string_codec_round_trips(text: str) -> None:
    assert functions.unpack_string(functions.pack_string(text)) == text


def test_arn_parse_returns_the_five_fields() -> None:
    response = call("arn_parse", "arn:aws:iam::123456789012:role/path/app")
    assert not response.diagnostics
    expected = functions.pack_string_map(
        {
            "partition": "aws",
            "service": "iam",
            "region": "",
            "account_id": "123456789012",
            "resource": "role/path/app",
        }
    )
    assert response.result.msgpack == expected


def test_trim_iam_role_path_and_arn_build() -> None:
    trimmed = call("trim_iam_role_path", "arn:aws:iam::123456789012:role/a/b/app")
    assert functions.unpack_string(trimmed.result.msgpack) == "arn:aws:iam::123456789012:role/app"
    built = call("arn_build", "aws", "s3", "", "", "bucket")
    assert functions.unpack_string(built.result.msgpack) == "arn:aws:s3:::bucket"


def test_bad_arguments_are_function_errors() -> None:
    (diagnostic,) = call("arn_parse", "not-an-arn").diagnostics
    assert diagnostic.summary == "Invalid function argument"
    assert "not-an-arn" in diagnostic.detail
    (diagnostic,) = call("trim_iam_role_path", "arn:aws:s3:::bucket").diagnostics
    assert "not an IAM role ARN" in diagnostic.detail
    (diagnostic,) = call("arn_frobnicate", "x").diagnostics
    assert "Unknown function" in diagnostic.summary


def test_schema_response_declares_the_functions() -> None:
    response: Any = build_response()  # a generated protobuf message: no static fields
    declared = response.functions
    assert set(declared) == {"arn_build", "arn_parse", "trim_iam_role_path"}
    assert [p.name for p in declared["arn_build"].parameters] == list(functions.ARN_FIELDS)
    assert getattr(declared["arn_parse"], "return").type.startswith(b'["object"')
