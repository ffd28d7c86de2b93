#!/usr/bin/env python3
"""Convert the npm package @cdktf/provider-aws (generated code) into a Terraform provider schema.

Usage: build_aws_schema_cdktf.py PACKAGE_DIR OUTPUT.json.gz

PACKAGE_DIR is an unpacked `@cdktf/provider-aws` (see build_aws_schema_cdktf.sh, which pins the
version). The output has the shape of `terraform providers schema -json`, with sorted keys
and a gzip header without timestamp, so the same input always gives the same bytes.

What the generated code tells us, and how it is read:
- `synthesizeHclAttributes()` / `<struct>ToHclTerraform()` list every configurable argument
  and block with a kind (`simple`, `list`, `set`, `map`, `struct`) and a storage class.
- `index.d.ts` config interfaces mark required properties (no `?`).
- Getters commented `// name - computed: true, optional: false, required: false` are the
  computed-only attributes; constructor comments say the same for complex values.
- A block held by a single `...OutputReference` (not a `...List`) has max_items 1.
Not recoverable from the generator: optional+computed on simple arguments. Marked as such:
`id`, `tags_all`, names with a `*_prefix` sibling, and every optional data source argument
(data sources fill them in). Provider-side validators and defaults are not reproduced.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/aws"
# Provider blocks with MaxItems 1 in the provider's source (internal/provider/provider.go).
PROVIDER_SINGLE_BLOCKS = ("default_tags", "ignore_tags", "assume_role_with_web_identity")

ENTRY_RE = re.compile(
    r"(?P<name>[a-z_0-9]+): \{\s*value: (?P<value>.*?),\s*isBlock: (?P<block>true|false),"
    r'\s*type: "(?P<kind>\w+)",\s*storageClassType: "(?P<storage>\w+)",\s*\}',
    re.S,
)
FUNC_RE = re.compile(
    r"^function (?P<fn>\w+)ToHclTerraform\(struct\) \{\n(?P<body>.*?)^\}\n", re.S | re.M
)
CLASS_RE = re.compile(
    r"^class (?P<cls>\w+) extends (?P<base>[\w.]+) \{\n(?P<body>.*?)^\}\n", re.S | re.M
)
COMMENT_RE = re.compile(
    r"// (?P<name>[a-z_0-9]+) - computed: (?P<computed>true|false), "
    r"optional: (?P<optional>true|false), required: (?P<required>true|false)\n"
    r"\s*(?P<next>[^\n]*)\n(?:\s*(?P<ret>return [^\n]*)\n)?"
)
NEW_RE = re.compile(
    r"this\._\w+ = new (?:\w+_1\.)?(?P<cls>[\w.]+)"
    r'\(this, "(?P<name>[a-z_0-9]+)"(?:, (?P<set>true|false))?\)'
)
IFACE_RE = re.compile(
    r"^export interface (?P<name>\w+)(?: extends [\w.]+)? \{\n(?P<body>.*?)^\}", re.S | re.M
)
PROP_RE = re.compile(r"/\*\*(?P<doc>(?:(?!\*/).)*)\*/\s*readonly (?P<camel>\w+)(?P<opt>\?)?:", re.S)
DOC_NAME_RE = re.compile(r"#(?P<name>[a-z_0-9]+)\}")
OUTREF_RE = re.compile(r"return new (?:\w+_1\.)?(?P<cls>\w+OutputReference)\(")

SIMPLE_TYPES = {"string": "string", "number": "number", "boolean": "bool", "any": "dynamic"}
ELEMENT_TYPES: dict[str, Any] = {
    "stringList": ["list", "string"],
    "numberList": ["list", "number"],
    "booleanList": ["list", "bool"],
    "stringMap": ["map", "string"],
    "numberMap": ["map", "number"],
    "booleanMap": ["map", "bool"],
    "stringListList": ["list", ["list", "string"]],
    "stringMapList": ["list", ["map", "string"]],
    "stringMapMap": ["map", ["map", "string"]],
}
GETTER_TYPES: list[tuple[str, Any]] = [
    ("cdktf.Token.asNumberList(cdktf.Fn.tolist(this.getNumberListAttribute", ["set", "number"]),
    ("cdktf.Fn.tolist(this.getListAttribute", ["set", "string"]),
    ("this.getStringAttribute", "string"),
    ("this.getNumberAttribute", "number"),
    ("this.getBooleanAttribute", "bool"),
    ("this.getListAttribute", ["list", "string"]),
    ("this.getNumberListAttribute", ["list", "number"]),
    ("this.getStringMapAttribute", ["map", "string"]),
    ("this.getNumberMapAttribute", ["map", "number"]),
    ("this.getBooleanMapAttribute", ["map", "bool"]),
    ("this.interpolationForAttribute", "dynamic"),
]
BUILTIN_MAPS = {
    "cdktf.StringMap": "string",
    "cdktf.NumberMap": "number",
    "cdktf.BooleanMap": "bool",
    "cdktf.AnyMap": "dynamic",
}


@dataclass
class Module:
    """The generated code of one resource, data source or the provider."""

    functions: dict[str, str] = field(default_factory=dict)  # struct fn name -> body
    classes: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (base, body)
    interfaces: dict[str, dict[str, bool]] = field(
        default_factory=dict
    )  # name -> snake -> required


def load_module(directory: Path) -> Module:
    js = "\n".join(p.read_text() for p in sorted(directory.rglob("*.js")))
    dts = "\n".join(p.read_text() for p in sorted(directory.rglob("*.d.ts")))
    module = Module()
    for m in FUNC_RE.finditer(js):
        module.functions[m["fn"]] = m["body"]
    for m in CLASS_RE.finditer(js):
        module.classes[m["cls"]] = (m["base"], m["body"])
    for m in IFACE_RE.finditer(dts):
        props: dict[str, bool] = {}
        for p in PROP_RE.finditer(m["body"]):
            names = DOC_NAME_RE.findall(p["doc"])
            if names:
                props[names[-1]] = p["opt"] is None
        module.interfaces[m["name"]] = props
    return module


def contains_dynamic(type_: Any) -> bool:
    if type_ == "dynamic":
        return True
    if isinstance(type_, list):
        return any(
            contains_dynamic(t) for t in (type_[1].values() if type_[0] == "object" else [type_[1]])
        )
    return False


def block_contains_dynamic(block: dict[str, Any]) -> bool:
    return any(contains_dynamic(a["type"]) for a in block.get("attributes", {}).values()) or any(
        block_contains_dynamic(b["block"]) for b in block.get("block_types", {}).values()
    )


def block_to_object_type(block: dict[str, Any]) -> Any:
    """The cty object type of a block (used where the real schema has an attribute)."""
    attrs = {name: a["type"] for name, a in block.get("attributes", {}).items()}
    for name, nested in block.get("block_types", {}).items():
        inner = block_to_object_type(nested["block"])
        mode = nested["nesting_mode"]
        attrs[name] = inner if mode == "single" else [mode, inner]
    return ["object", attrs]


class Converter:
    def __init__(self, module: Module) -> None:
        self.module = module

    def output_reference_computed(self, cls: str) -> tuple[dict[str, Any], dict[str, str]]:
        """Computed-only attributes of a class, and the classes of its complex members."""
        _base, body = self.module.classes.get(cls, ("", ""))
        computed: dict[str, Any] = {}
        members: dict[str, str] = {}
        for m in NEW_RE.finditer(body):
            members[m["name"]] = m["cls"] + ("|set" if m["set"] == "true" else "")
        for m in COMMENT_RE.finditer(body):
            if m["computed"] != "true" or m["optional"] == "true" or m["required"] == "true":
                continue
            name = m["name"]
            if name in members:
                computed[name] = self.complex_type(members[name])
                continue
            ret = m["ret"] or ""
            for prefix, type_ in GETTER_TYPES:
                if prefix in ret:
                    computed[name] = type_
                    break
        return computed, members

    def complex_type(self, member: str) -> Any:
        cls, _, wraps_set = member.partition("|")
        if cls in BUILTIN_MAPS:
            return ["map", BUILTIN_MAPS[cls]]
        base, body = self.module.classes.get(cls, ("", ""))
        if base in {"cdktf.ComplexList", "cdktf.ComplexMap"}:
            ref = OUTREF_RE.search(body)
            inner = self.object_type_of(ref["cls"]) if ref else ["object", {}]
            if base == "cdktf.ComplexMap":
                return ["map", inner]
            return ["set" if wraps_set else "list", inner]
        return self.object_type_of(cls)

    def object_type_of(self, output_reference: str) -> Any:
        stem = output_reference.removesuffix("OutputReference")
        fn = stem[0].lower() + stem[1:]
        block = self.block(fn, output_reference)
        return block_to_object_type(block)

    def block(  # noqa: PLR0915 - one pass over the entries of a generated block
        self,
        fn: str | None,
        output_reference: str | None,
        main_body: str | None = None,
        interface: str | None = None,
    ) -> dict[str, Any]:
        body = main_body if main_body is not None else self.module.functions.get(fn or "", "")
        if interface is None and fn:
            interface = fn[0].upper() + fn[1:]
        required = self.module.interfaces.get(interface or "", {})
        computed, members = (
            self.output_reference_computed(output_reference) if output_reference else ({}, {})
        )
        comments = {
            m["name"]: m
            for m in COMMENT_RE.finditer(
                self.module.classes.get(output_reference or "", ("", ""))[1]
            )
        }
        attributes: dict[str, Any] = {}
        block_types: dict[str, Any] = {}
        entries = list(ENTRY_RE.finditer(body))
        names = {e["name"] for e in entries}
        for e in entries:
            name = e["name"]
            if e["block"] == "true":
                nested_fn_match = re.search(r"(?:\w+_1\.)?(\w+)ToHclTerraform", e["value"])
                nested_fn = nested_fn_match[1] if nested_fn_match else None
                member = members.get(name, "")
                member_cls = member.partition("|")[0]
                if nested_fn is None:
                    continue
                nested_ref = nested_fn[0].upper() + nested_fn[1:] + "OutputReference"
                nested = self.block(nested_fn, nested_ref)
                comment = comments.get(name)
                if comment and comment["computed"] == "true" and comment["optional"] == "true":
                    # The real schema has an attribute of object type here (SDKv2 ConfigModeAttr):
                    # block syntax stays valid through Terraform's blocktoattr fix-up.
                    inner = block_to_object_type(nested)
                    kind = "set" if e["kind"] == "set" else "list"
                    attributes[name] = {"type": [kind, inner], "optional": True, "computed": True}
                    continue
                kind = e["kind"]
                spec: dict[str, Any] = {"block": nested}
                if kind == "struct":
                    spec["nesting_mode"] = "single"
                elif kind == "map":
                    spec["nesting_mode"] = "map"
                else:
                    mode = kind
                    if mode == "set" and block_contains_dynamic(nested):
                        mode = "list"  # a set-nested block cannot hold a dynamic attribute
                    spec["nesting_mode"] = mode
                    if member_cls.endswith("OutputReference"):
                        spec["max_items"] = 1
                    if required.get(name):
                        spec["min_items"] = 1
                block_types[name] = spec
                continue
            if e["kind"] == "simple":
                type_: Any = SIMPLE_TYPES.get(e["storage"], "string")
            else:
                element = ELEMENT_TYPES.get(e["storage"], ["list", "string"])
                type_ = [e["kind"], element[1]] if e["kind"] in ("list", "set") else element
            attr: dict[str, Any] = {"type": type_}
            if required.get(name):
                attr["required"] = True
            else:
                attr["optional"] = True
                if name in ("id", "tags_all") or f"{name}_prefix" in names:
                    attr["computed"] = True
            attributes[name] = attr
        for name, type_ in computed.items():
            if name not in attributes and name not in block_types:
                attributes[name] = {"type": type_, "computed": True}
        result: dict[str, Any] = {}
        if attributes:
            result["attributes"] = attributes
        if block_types:
            result["block_types"] = block_types
        return result


def mark_optional_computed(block: dict[str, Any]) -> None:
    """Data source arguments are filled in by the provider when not set (e.g. aws_region.name)."""
    for attr in block.get("attributes", {}).values():
        if attr.get("optional"):
            attr["computed"] = True
    for nested in block.get("block_types", {}).values():
        mark_optional_computed(nested["block"])


def convert_directory(directory: Path) -> tuple[str, str, dict[str, Any]] | None:
    """(kind, type name, schema) for one generated module; kind is resource/data/provider."""
    module = load_module(directory)
    for cls, (base, body) in module.classes.items():
        kind = {
            "cdktf.TerraformResource": "resource",
            "cdktf.TerraformDataSource": "data",
            "cdktf.TerraformProvider": "provider",
        }.get(base)
        if kind is None:
            continue
        text = "\n".join(p.read_text() for p in sorted(directory.rglob("*.js")))
        type_match = re.search(rf"^{cls}\.tfResourceType = \"(\w+)\";", text, re.M)
        if type_match is None:
            continue
        synth = re.search(r"synthesizeHclAttributes\(\) \{\n(?P<body>.*?)\n    \}\n", body, re.S)
        converter = Converter(module)
        block = converter.block(
            None, cls, main_body=synth["body"] if synth else "", interface=f"{cls}Config"
        )
        if kind == "data":
            mark_optional_computed(block)
        return kind, type_match[1], {"version": 0, "block": block}
    return None


def build(package_dir: Path) -> dict[str, Any]:
    package = json.loads((package_dir / "package.json").read_text())
    resources: dict[str, Any] = {}
    data_sources: dict[str, Any] = {}
    provider: dict[str, Any] | None = None
    for directory in sorted(p for p in (package_dir / "lib").iterdir() if p.is_dir()):
        converted = convert_directory(directory)
        if converted is None:
            continue
        kind, type_name, schema = converted
        if kind == "provider":
            # cdktf models the `alias` meta-argument as an attribute; the real schema has none.
            schema["block"]["attributes"].pop("alias", None)
            # The provider class has no OutputReference members to show single-item blocks.
            for name in PROVIDER_SINGLE_BLOCKS:
                schema["block"]["block_types"][name]["max_items"] = 1
            provider = schema
        elif kind == "data":
            data_sources[type_name] = schema
        else:
            resources[type_name] = schema
    if provider is None:
        raise SystemExit("no provider class found in the package")
    return {
        "format_version": "1.0",
        "generated_from": f"{package['name']}@{package['version']}",
        "provider_version": package["cdktf"]["provider"]["version"],
        "provider_schemas": {
            PROVIDER_ADDRESS: {
                "provider": provider,
                "resource_schemas": resources,
                "data_source_schemas": data_sources,
            }
        },
    }


def write_gzip_json(document: dict[str, Any], output: Path) -> None:
    raw = json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    buffer = io.BytesIO()
    # mtime=0 and no file name: the same schema always gives the same bytes.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    output.write_bytes(buffer.getvalue())


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    document = build(Path(argv[1]))
    write_gzip_json(document, Path(argv[2]))
    schemas = document["provider_schemas"][PROVIDER_ADDRESS]
    print(
        f"{len(schemas['resource_schemas'])} resources, "
        f"{len(schemas['data_source_schemas'])} data sources -> {argv[2]}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
