"""Start a new protocol file: `python -m macros.scaffold "Title"` (or `python3 dev.py new "Title"`).

Writes school/protocols/<id>.yml with every field of the schema explained in a comment.
Required fields get a starting value so that the file builds as it is; optional fields
are commented out, ready to be switched on by deleting the '# ' in front of them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

from . import schema
from .school import FOLDER

PROJECT = Path(__file__).resolve().parent.parent

# What the required fields start with, so that the new file builds before it is edited.
STARTING_VALUES = {
    "summary": "One sentence saying what this protocol does and for whom.",
    "purpose": "Why a group would use this protocol, and what it helps them see in the student work.",
    "source.name": "Written by our school",
    "steps[].title": "Describe the work",
    "steps[].minutes": 10,
}


def protocol_id(title: str) -> str:
    """The file name and address for a title: 'Gallery Walk!' -> 'gallery-walk'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "protocol"


def _example(kind) -> str:
    """A value of the right kind for a commented-out optional field."""
    if isinstance(kind, schema.Choice):
        return kind.values[0]
    if isinstance(kind, schema.Tag):
        return f"<a {kind.vocabulary} tag from protocols/_vocabulary.yml>"
    if isinstance(kind, schema.ProtocolRef):
        return "<another protocol's id, e.g. atlas>"
    return {
        schema.Text: "<text>",
        schema.Markdown: "<text; Markdown allowed>",
        schema.Url: "https://example.org/where-the-original-is",
        schema.Number: "10",
        schema.Integer: "2000" if getattr(kind, "minimum", 0) >= 1900 else "4",
        schema.Boolean: "false",
    }.get(type(kind), "<text>")


def _comment(field: schema.Field, kind_note: str = "") -> str:
    need = "required" if field.required else "optional"
    return f"# {field.label} ({need}{kind_note}): {field.description}"


def _lines(record: schema.Record, indent: str, path: str, values: dict, off: bool) -> list[tuple[str, str]]:
    """The record's fields as (what, line) pairs: "doc" lines explain, "value" lines hold a field."""
    out = []
    for field in record.fields:
        key_path = f"{path}{field.key}"
        field_off = off or not field.required
        hash_ = "# " if field_off else ""
        kind = field.kind
        note = ", one of: " + ", ".join(kind.values) if isinstance(kind, schema.Choice) else ""
        out.append(("doc", f"{indent}{_comment(field, note)}"))
        if isinstance(kind, schema.Record):
            out.append(("value", f"{indent}{hash_}{field.key}:"))
            out += _lines(kind, indent + "  ", f"{key_path}.", values, field_off)
        elif isinstance(kind, schema.ListOf) and isinstance(kind.item, schema.Record):
            out.append(("value", f"{indent}{hash_}{field.key}:"))
            item = _lines(kind.item, indent + "    ", f"{key_path}[].", values, field_off)
            # The item's first field carries the list's dash.
            first = next(n for n, (what, _) in enumerate(item) if what == "value")
            body = item[first][1][len(indent) + 4:]
            dash = f"{indent}  # - {body[2:]}" if body.startswith("# ") else f"{indent}  - {body}"
            item[first] = ("value", dash)
            out += item
        elif isinstance(kind, schema.ListOf):
            out.append(("value", f"{indent}{hash_}{field.key}:"))
            out.append(("value", f"{indent}{hash_}  - {_example(kind.item)}"))
        else:
            value = values.get(key_path)
            if field_off or value is None:
                out.append(("value", f"{indent}# {field.key}: {_example(kind)}"))
            else:
                out.append(("value", f"{indent}{field.key}: {json.dumps(value, ensure_ascii=False)}"))
    return out


def new_protocol(title: str) -> str:
    values = {**STARTING_VALUES, "title": title}
    header = [
        "# yaml-language-server: $schema=../../protocols/protocol.schema.json",
        f"# A new protocol: {title}",
        "# Each field is explained in the comment above it. Required fields have a starting",
        "# value: replace it. Optional fields are switched off with '# ': delete the '# '",
        "# in front of a field (and of the lines that belong to it) to use it.",
        "# Check the file with `python3 dev.py check`, or open a pull request and read the checks.",
        "",
    ]
    return "\n".join(header + [line for _, line in _lines(schema.PROTOCOL, "", "", values, off=False)]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 dev.py new", description="Start a new protocol file in school/protocols/.")
    parser.add_argument("title", help="the protocol's title, in quotes")
    parser.add_argument("--project", type=Path, default=PROJECT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    folder = args.project / FOLDER / "protocols"
    path = folder / f"{protocol_id(args.title)}.yml"
    if path.exists():
        print(f"{path.relative_to(args.project)} already exists: choose another title or edit that file.", file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(new_protocol(args.title), encoding="utf-8")
    print(f"wrote {path.relative_to(args.project).as_posix()}: it becomes the page /protocols/{path.stem}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
