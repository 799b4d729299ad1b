"""Start a new protocol file: `python -m macros.scaffold "Title"` (or `python3 dev.py new "Title"`).

Writes school/protocols/<id>.yml with every field of the schema explained in a comment.
Required fields hold a placeholder starting with REPLACE:, which the check refuses until
it is replaced; optional fields are commented out, ready to be switched on by deleting
the '# ' in front of them. An id the handbook already has, or keeps for its own pages,
is refused; `--replaces` starts a school's version of a shared protocol instead.
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

# What the required fields start with: placeholders the check refuses until they are replaced.
STARTING_VALUES = {
    "summary": f"{schema.PLACEHOLDER} one sentence saying what this protocol does and for whom.",
    "purpose": f"{schema.PLACEHOLDER} why a group would use this protocol, and what it helps them see in the student work.",
    "source.name": f"{schema.PLACEHOLDER} who wrote this protocol, such as our school's science team",
    "steps[].title": f"{schema.PLACEHOLDER} what the first step is called, such as Describe the work",
    "steps[].minutes": f"{schema.PLACEHOLDER} how many minutes the step takes, such as 10",
}


def protocol_id(title: str) -> str:
    """The file name and address for a title: 'Gallery Walk!' -> 'gallery-walk'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "protocol"


def _example(kind) -> str:
    """A value for a commented-out optional field: a real one where any will do, else a placeholder."""
    if isinstance(kind, schema.Choice):
        return kind.values[0]
    if isinstance(kind, schema.Number):
        return "10"
    if isinstance(kind, schema.Integer):
        return "2000" if kind.minimum >= 1900 else "4"
    if isinstance(kind, schema.Boolean):
        return "false"
    if isinstance(kind, schema.Tag):
        what = f"a {kind.vocabulary} tag from protocols/_vocabulary.yml"
    elif isinstance(kind, schema.ProtocolRef):
        what = "another protocol's id, such as atlas"
    elif isinstance(kind, schema.Url):
        what = "the web address, starting with https://"
    elif isinstance(kind, schema.Markdown):
        what = "text; Markdown allowed"
    else:
        what = "text"
    return json.dumps(f"{schema.PLACEHOLDER} {what}")


def _comment(field: schema.Field, kind_note: str = "") -> str:
    need = "required" if field.required else "optional"
    return f"# {field.label} ({need}{kind_note}): {field.description}"


def _lines(record: schema.Record, indent: str, path: str, values: dict, off: bool) -> list[tuple[str, str]]:
    """The record's fields as (what, line) pairs: "doc" lines explain, "value" lines hold a field."""
    out = []
    for field in record.fields:
        key_path = f"{path}{field.key}"
        field_off = off or not (field.required or key_path in values)
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


def new_protocol(title: str, replaces: str | None = None) -> str:
    """The new file's text; with `replaces`, a school's version of that shared protocol."""
    values = {**STARTING_VALUES, "title": title, **({"replaces": replaces} if replaces else {})}
    header = [
        "# yaml-language-server: $schema=../../protocols/protocol.schema.json",
        f"# A new protocol: {title}",
        "# Each field is explained in the comment above it. Required fields hold a placeholder",
        f"# starting with {schema.PLACEHOLDER} the check refuses the file until every one is replaced.",
        "# Optional fields are switched off with '# ': delete the '# ' in front of a field",
        "# (and of the lines that belong to it) to use it.",
        "# Check the file with `python3 dev.py check`, or open a pull request and read the checks.",
        "",
    ]
    return "\n".join(header + [line for _, line in _lines(schema.PROTOCOL, "", "", values, off=False)]) + "\n"


def refusal(project: Path, new_id: str, replaces: bool) -> str | None:
    """Why a file with this id may not be started, or None."""
    own = Path(FOLDER) / "protocols" / f"{new_id}.yml"
    shared = Path("protocols") / f"{new_id}.yml"
    if new_id in schema.RESERVED_IDS:
        return f"'{new_id}' is kept for {schema.RESERVED_IDS[new_id]}: choose another title."
    if (project / own).exists():
        return f"{own.as_posix()} already exists: choose another title or edit that file."
    if (project / shared).exists() and not replaces:
        return (f"the shared protocol {shared.as_posix()} already has the id '{new_id}': choose another title, "
                f"or add --replaces to start your school's version of it (copying {shared.as_posix()} is often the better start).")
    if replaces and not (project / shared).exists():
        return f"there is no shared protocol {shared.as_posix()} to replace: leave out --replaces."
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 dev.py new", description="Start a new protocol file in school/protocols/.")
    parser.add_argument("title", help="the protocol's title, in quotes")
    parser.add_argument("--replaces", action="store_true",
                        help="start the school's version of the shared protocol with this title's id (writes replaces: <id>)")
    parser.add_argument("--project", type=Path, default=PROJECT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    new_id = protocol_id(args.title)
    reason = refusal(args.project, new_id, args.replaces)
    if reason:
        print(reason, file=sys.stderr)
        return 1
    folder = args.project / FOLDER / "protocols"
    path = folder / f"{new_id}.yml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(new_protocol(args.title, new_id if args.replaces else None), encoding="utf-8")
    print(f"wrote {path.relative_to(args.project).as_posix()}: replace every {schema.PLACEHOLDER} placeholder; "
          f"it becomes the page /protocols/{path.stem}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
