"""Plugin protocol 5 messages: the pinned tfplugin-proto-all (5.5) plus the later fields we serve.

tfplugin-proto-all 0.1.0, the newest build on PyPI, stops at protocol 5.5. The AWS 5.100.0
schema uses three things added since, which Terraform 1.10+ reads from any protocol-5 plugin:
- 5.7: `GetProviderSchema.Response.ephemeral_resource_schemas` (field 8),
  `GetMetadata.Response.ephemeral_resources` (field 6) and the ephemeral resource RPCs;
- 5.8: `Schema.Attribute.write_only` (field 10).
Protobuf only ever adds fields, so the 5.5 descriptor extended with these (numbers as in
Terraform's published tfplugin5.8 definition) is a faithful subset of 5.8. It lives in a
private descriptor pool so it cannot clash with the 5.5 classes that the rest of the code uses.
"""

from __future__ import annotations

from functools import cache

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.message import Message
from tfplugin_proto import tfplugin5_5_pb2 as pb

Field = descriptor_pb2.FieldDescriptorProto
PACKAGE = "tfplugin5"

# The ephemeral resource RPCs: request and response fields this plugin reads or writes.
EPHEMERAL_RPCS = (
    "ValidateEphemeralResourceConfig",
    "OpenEphemeralResource",
    "RenewEphemeralResource",
    "CloseEphemeralResource",
)


def _message(
    parent: descriptor_pb2.FileDescriptorProto | descriptor_pb2.DescriptorProto, name: str
) -> descriptor_pb2.DescriptorProto:
    found = parent.message_type if hasattr(parent, "message_type") else parent.nested_type
    return next(m for m in found if m.name == name)


def _field(
    message: descriptor_pb2.DescriptorProto,
    name: str,
    number: int,
    kind: int,
    type_name: str = "",
    repeated: bool = False,
) -> None:
    field = message.field.add(
        name=name,
        number=number,
        type=kind,
        label=Field.LABEL_REPEATED if repeated else Field.LABEL_OPTIONAL,
        json_name="".join(p.capitalize() if i else p for i, p in enumerate(name.split("_"))),
    )
    if type_name:  # scalar fields must not have one, not even an empty one
        field.type_name = type_name


def _extended_file() -> descriptor_pb2.FileDescriptorProto:
    file = descriptor_pb2.FileDescriptorProto()
    pb.DESCRIPTOR.CopyToProto(file)
    file.name = "streamctl/offline/tfplugin5.8-subset.proto"

    attribute = _message(_message(file, "Schema"), "Attribute")
    _field(attribute, "write_only", 10, Field.TYPE_BOOL)

    response = _message(_message(file, "GetProviderSchema"), "Response")
    entry = response.nested_type.add(name="EphemeralResourceSchemasEntry")
    entry.options.map_entry = True
    _field(entry, "key", 1, Field.TYPE_STRING)
    _field(entry, "value", 2, Field.TYPE_MESSAGE, f".{PACKAGE}.Schema")
    _field(
        response,
        "ephemeral_resource_schemas",
        8,
        Field.TYPE_MESSAGE,
        f".{PACKAGE}.GetProviderSchema.Response.EphemeralResourceSchemasEntry",
        repeated=True,
    )

    metadata = _message(file, "GetMetadata")
    ephemeral_metadata = metadata.nested_type.add(name="EphemeralMetadata")
    _field(ephemeral_metadata, "type_name", 1, Field.TYPE_STRING)
    _field(
        _message(metadata, "Response"),
        "ephemeral_resources",
        6,
        Field.TYPE_MESSAGE,
        f".{PACKAGE}.GetMetadata.EphemeralMetadata",
        repeated=True,
    )

    # Every ephemeral RPC request starts with type_name = 1; every response has
    # `repeated Diagnostic diagnostics = 1`. Other fields are left out: never set here,
    # and unknown fields in requests are skipped by the parser.
    for rpc in EPHEMERAL_RPCS:
        holder = file.message_type.add(name=rpc)
        request = holder.nested_type.add(name="Request")
        _field(request, "type_name", 1, Field.TYPE_STRING)
        response_message = holder.nested_type.add(name="Response")
        _field(
            response_message,
            "diagnostics",
            1,
            Field.TYPE_MESSAGE,
            f".{PACKAGE}.Diagnostic",
            repeated=True,
        )
    return file


@cache
def _pool() -> descriptor_pool.DescriptorPool:
    pool = descriptor_pool.DescriptorPool()
    pool.Add(_extended_file())
    return pool


def message(name: str) -> type[Message]:
    """The message class `tfplugin5.<name>` of the extended protocol, e.g. "Schema.Attribute"."""
    return message_factory.GetMessageClass(_pool().FindMessageTypeByName(f"{PACKAGE}.{name}"))
