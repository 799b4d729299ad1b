"""JSON Schema for editors (VS Code's YAML extension and others), derived from `schema`.

The files protocols/protocol.schema.json and protocols/vocabulary.schema.json are
written from here by `python -m macros.jsonschema`; a test keeps them in step.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import markup, schema

# The address rule (`markup.is_web_address`) as far as a pattern can say it: the build also needs a host.
ADDRESS_PATTERN = "^https?://[^\\s" + "".join("\\" + c if c in "\\^]-" else c for c in sorted(markup.NOT_IN_ADDRESS - {" "})) + "]+$"

FILES = {"protocol.schema.json": ("Protocol", schema.PROTOCOL), "vocabulary.schema.json": ("Protocol vocabulary", schema.VOCABULARY)}


def kind_schema(kind) -> dict:
    if isinstance(kind, schema.Record):
        return {
            "type": "object",
            "additionalProperties": False,
            "required": [f.key for f in kind.fields if f.required],
            "properties": {f.key: {"title": f.label, "description": f.description, **kind_schema(f.kind)} for f in kind.fields},
        }
    if isinstance(kind, schema.MapOf):
        return {"type": "object", "propertyNames": {"pattern": schema.ID_PATTERN}, "additionalProperties": kind_schema(kind.value)}
    if isinstance(kind, schema.ListOf):
        return {"type": "array", "minItems": kind.min_items, "items": kind_schema(kind.item)}
    if isinstance(kind, (schema.Text, schema.Markdown)):
        return {"type": "string", "minLength": 1}
    if isinstance(kind, schema.Url):
        return {"type": "string", "pattern": ADDRESS_PATTERN}
    if isinstance(kind, schema.Number):
        return {"type": "number", "minimum": kind.minimum, "maximum": kind.maximum}
    if isinstance(kind, schema.Integer):
        return {"type": "integer", "minimum": kind.minimum, "maximum": kind.maximum}
    if isinstance(kind, schema.Boolean):
        return {"type": "boolean"}
    if isinstance(kind, schema.Choice):
        return {"enum": list(kind.values)}
    if isinstance(kind, (schema.Tag, schema.ProtocolRef)):
        # Tags and protocol ids depend on the library; the build checks them.
        return {"type": "string", "pattern": schema.ID_PATTERN}
    raise TypeError(f"no JSON Schema for schema kind {kind!r}")


def document(title: str, record: schema.Record) -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **kind_schema(record)}


def dumps(value: dict) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def protocol_schema() -> dict:
    return document(*FILES["protocol.schema.json"])


def main() -> int:
    folder = Path(__file__).resolve().parent.parent / "protocols"
    for name, (title, record) in FILES.items():
        (folder / name).write_text(dumps(document(title, record)), encoding="utf-8")
        print(f"wrote protocols/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
