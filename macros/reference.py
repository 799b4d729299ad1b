"""The field reference of a YAML file, generated from the schema: one table per record."""

from __future__ import annotations

from . import schema


def _kind_name(kind) -> str:
    if isinstance(kind, schema.ListOf):
        return "list of " + _kind_name(kind.item)
    if isinstance(kind, schema.Record):
        return "fields"
    if isinstance(kind, schema.Choice):
        return " or ".join(f"`{v}`" for v in kind.values)
    if isinstance(kind, schema.Tag):
        return f"{kind.vocabulary} tag"
    return {
        schema.Text: "text",
        schema.Markdown: "Markdown",
        schema.Url: "web address",
        schema.Number: "number of minutes",
        schema.Integer: "whole number",
        schema.Boolean: "`true` or `false`",
        schema.ProtocolRef: "protocol id",
    }[type(kind)]


def _record_of(kind):
    while isinstance(kind, schema.ListOf):
        kind = kind.item
    return kind if isinstance(kind, schema.Record) else None


def field_reference(record: schema.Record = schema.PROTOCOL, prefix: str = "", level: int = 2) -> str:
    rows = ["| Field | Required | Type | What it holds |", "| --- | --- | --- | --- |"]
    nested = []
    for f in record.fields:
        path = f"{prefix}{f.key}"
        rows.append(
            f"| `{path}` | {'yes' if f.required else 'no'} | {_kind_name(f.kind)} | {f.description.replace('|', '&#124;')} |"
        )
        inner = _record_of(f.kind)
        if inner is not None:
            item = "[]" if isinstance(f.kind, schema.ListOf) else ""
            nested.append(
                f"{'#' * (level + 1)} `{path}` {{#field-{path.replace('.', '-').replace('_', '-')}}}\n\n"
                + field_reference(inner, f"{path}{item}.", level + 1)
            )
    return "\n".join(rows) + "\n\n" + "\n\n".join(nested)
