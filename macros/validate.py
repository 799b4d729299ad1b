"""Check a YAML document against a schema kind, collecting every problem with its line.

Works on PyYAML's node tree rather than on loaded data, so that every value still
knows the line it came from. Returns plain Python data with defaults filled in.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field

import yaml

from . import schema

_YAML_BOOLEAN_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    path: str
    found: str
    expected: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path}: found {self.found}; expected {self.expected}"


@dataclass
class Context:
    """What a check needs beyond the node: where it is, and what other files define."""

    file: str
    vocabulary: dict = field(default_factory=dict)
    protocol_ids: frozenset = frozenset()
    own_id: str = ""
    problems: list = field(default_factory=list)
    _constructor: yaml.SafeLoader = field(default_factory=lambda: yaml.SafeLoader(""))

    def report(self, node: yaml.Node | None, path: str, found: str, expected: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(Problem(self.file, line, path or "(whole file)", found, expected))

    def scalar(self, node: yaml.ScalarNode):
        return self._constructor.construct_object(node)


class _Invalid:
    """Marks a value that failed its check, so parents can leave it out."""


INVALID = _Invalid()


def describe(node: yaml.Node, value=None) -> str:
    """Say what a node holds, in a coach's words."""
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a set of fields"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        if node.value.lower() in _YAML_BOOLEAN_WORDS and not node.style:  # plain, not quoted
            return f"{str(value).lower()} (YAML reads the bare word '{node.value}' as {str(value).lower()}: put it in quotes)"
        return str(value).lower()
    if isinstance(value, (int, float)):
        return f"the number {node.value}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"the date {node.value}"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def check(node: yaml.Node, kind, path: str, ctx: Context, owner: yaml.Node | None = None):
    """Return the checked value of `node`, or INVALID after reporting why.

    `owner` is the key that names this value: a field missing from it is reported there.
    """
    if isinstance(kind, schema.Record):
        return _check_record(node, kind, path, ctx, owner)
    if isinstance(kind, schema.MapOf):
        return _check_map(node, kind, path, ctx)
    if isinstance(kind, schema.ListOf):
        return _check_list(node, kind, path, ctx)
    return _check_scalar(node, kind, path, ctx)


def _check_record(node, kind: schema.Record, path, ctx, owner=None):
    if not isinstance(node, yaml.MappingNode):
        ctx.report(node, path, describe(node, _value(node, ctx)), kind.expected + ": " + ", ".join(f.key for f in kind.fields if f.required))
        return INVALID
    result, seen = {}, set()
    for key_node, value_node in node.value:
        key = _key(key_node, path, ctx, seen)
        if key is None:
            continue
        spec = kind.field(key)
        if spec is None:
            known = [f.key for f in kind.fields]
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            ctx.report(key_node, join(path, key), f"an unknown field '{key}'{hint}", "one of the fields " + ", ".join(known))
            continue
        if isinstance(value_node, yaml.ScalarNode) and _value(value_node, ctx) is None and not spec.required:
            continue  # an optional field left empty counts as absent
        value = check(value_node, spec.kind, join(path, key), ctx, key_node)
        if value is not INVALID:
            result[key] = value
    for spec in kind.fields:
        if spec.key in seen:
            continue
        if spec.required:
            ctx.report(owner or node, join(path, spec.key), f"no '{spec.key}' field", f"{spec.label.lower()}: {expected_in(spec.kind, ctx)}")
        else:
            result[spec.key] = list(spec.default) if isinstance(spec.default, tuple) else spec.default
    return result


def _check_map(node, kind: schema.MapOf, path, ctx):
    if not isinstance(node, yaml.MappingNode):
        ctx.report(node, path, describe(node, _value(node, ctx)), kind.expected)
        return INVALID
    result, seen = {}, set()
    for key_node, value_node in node.value:
        key = _key(key_node, path, ctx, seen)
        if key is None:
            continue
        if not re.match(schema.ID_PATTERN, key):
            ctx.report(key_node, join(path, key), repr(key), "an id of lower-case letters, digits and hyphens")
            continue
        value = check(value_node, kind.value, join(path, key), ctx)
        if value is not INVALID:
            result[key] = value
    return result


def _key(key_node, path, ctx, seen):
    key = _value(key_node, ctx) if isinstance(key_node, yaml.ScalarNode) else None
    if not isinstance(key, str):
        ctx.report(key_node, path, f"the key {describe(key_node, key)}", "a field name made of letters")
        return None
    if key in seen:
        ctx.report(key_node, join(path, key), f"'{key}' a second time", "each field once")
        return None
    seen.add(key)
    return key


def _check_list(node, kind: schema.ListOf, path, ctx):
    if not isinstance(node, yaml.SequenceNode):
        ctx.report(node, path, describe(node, _value(node, ctx)), kind.expected)
        return INVALID
    if len(node.value) < kind.min_items:
        ctx.report(node, path, "an empty list", f"at least {kind.min_items} item")
        return INVALID
    items = [check(item, kind.item, f"{path}[{n}]", ctx) for n, item in enumerate(node.value, start=1)]
    return [item for item in items if item is not INVALID]


def _check_scalar(node, kind, path, ctx):
    value = _value(node, ctx) if isinstance(node, yaml.ScalarNode) else INVALID
    if value is INVALID or not _fits(value, kind, ctx):
        found = describe(node, None if value is INVALID else value)
        ctx.report(node, path, found, expected_in(kind, ctx))
        return INVALID
    return value.strip() if isinstance(value, str) else value


def _value(node, ctx):
    if isinstance(node, yaml.ScalarNode):
        return ctx.scalar(node)
    return None


def _fits(value, kind, ctx) -> bool:
    if isinstance(kind, (schema.Text, schema.Markdown)):
        return isinstance(value, str) and value.strip() != ""
    if isinstance(kind, schema.Url):
        return isinstance(value, str) and re.match(r"^https?://\S+$", value.strip()) is not None
    if isinstance(kind, schema.Number):
        return isinstance(value, (int, float)) and not isinstance(value, bool) and value > kind.above
    if isinstance(kind, schema.Integer):
        return isinstance(value, int) and not isinstance(value, bool) and kind.minimum <= value <= kind.maximum
    if isinstance(kind, schema.Boolean):
        return isinstance(value, bool)
    if isinstance(kind, schema.Choice):
        return value in kind.values
    if isinstance(kind, schema.Tag):
        return isinstance(value, str) and value in ctx.vocabulary.get(kind.vocabulary, {})
    if isinstance(kind, schema.ProtocolRef):
        return isinstance(value, str) and value in ctx.protocol_ids and value != ctx.own_id
    raise TypeError(f"no check for schema kind {kind!r}")


def expected_in(kind, ctx: Context) -> str:
    """What a kind expects, with the concrete choices where the context has them."""
    if isinstance(kind, schema.Tag):
        terms = sorted(ctx.vocabulary.get(kind.vocabulary, {}))
        return f"one of the {kind.vocabulary} in _vocabulary.yml (or a school's school/vocabulary.yml): " + ", ".join(terms)
    if isinstance(kind, schema.ProtocolRef):
        others = sorted(ctx.protocol_ids - {ctx.own_id})
        return "the id of another protocol: " + ", ".join(others)
    return kind.expected
