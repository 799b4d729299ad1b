"""Check a YAML document against a schema kind, collecting every problem with its line.

Works on PyYAML's node tree rather than on loaded data, so that every value still
knows the line it came from. Returns plain Python data with defaults filled in.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

import yaml

from . import markup, schema

_YAML_BOOLEAN_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}
_TAG_WORDS = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:bool": "true or false",
}
# Numbers written as they read: YAML 1.1 reads other spellings of digits in its own ways
# (1:30 as 90, 010 as 8), which a field refuses with a note instead of taking silently.
_WHOLE_AS_WRITTEN = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_DECIMAL_AS_WRITTEN = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)")
# Characters that show as nothing beyond spaces, controls and format characters (such as
# U+200B, U+2060, U+FEFF): fillers, blank and variation marks Unicode lists as ignorable.
_ALSO_INVISIBLE = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]")


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
    _constructor: yaml.constructor.SafeConstructor = field(default_factory=yaml.constructor.SafeConstructor)

    def report(self, node: yaml.Node | None, path: str, found: str, expected: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(Problem(self.file, line, path or "(whole file)", found, expected))

    def scalar(self, node: yaml.ScalarNode):
        """What PyYAML makes of a scalar, or UNREADABLE where it cannot (such as the date 2024-13-45).

        Builds the value directly rather than through construct_object, which remembers a
        node that failed and raises on it again.
        """
        construct = self._constructor.yaml_constructors.get(node.tag)
        if construct is None:
            return UNREADABLE
        try:
            return construct(self._constructor, node)
        except (ValueError, OverflowError, yaml.YAMLError):
            return UNREADABLE


class _Invalid:
    """Marks a value that failed its check, so parents can leave it out."""


INVALID = _Invalid()


class _Unreadable:
    """Marks a scalar YAML resolves to a type it then cannot build, such as 2024-13-45 or 0x_."""


UNREADABLE = _Unreadable()


def _short(text: str) -> str:
    return text if len(text) <= 40 else f"{text[:20]}... ({len(text)} characters)"


def describe(node: yaml.Node, value=None, fix: str = "") -> str:
    """Say what a node holds, in a coach's words; `fix` says how to write a number YAML read unexpectedly."""
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a set of fields"
    if value is None:
        return "nothing (an empty value)"
    if value is UNREADABLE:
        return f"{_short(node.value)} (YAML tries to read it as {_TAG_WORDS.get(node.tag, 'a special value')} and cannot)"
    if isinstance(value, bool):
        if node.value.lower() in _YAML_BOOLEAN_WORDS and not node.style:  # plain, not quoted
            return f"{str(value).lower()} (YAML reads the bare word '{node.value}' as {str(value).lower()}: put it in quotes)"
        return str(value).lower()
    if isinstance(value, (int, float)):
        reading = _reading(node, value)
        return f"the number {_short(node.value)}" + (f" ({reading}{': ' + fix if fix else ''})" if reading else "")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"the date {node.value}"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


def _reading(node: yaml.ScalarNode, value: int | float) -> str | None:
    """How YAML read a number that does not look like what it read, or None."""
    text = node.value.lower().lstrip("+-")
    if _WHOLE_AS_WRITTEN.fullmatch(text) or _DECIMAL_AS_WRITTEN.fullmatch(text):
        return None
    if "inf" in text:
        return "YAML reads it as infinity"
    if "nan" in text:
        return "YAML reads it as 'not a number'"
    number = _short(f"{value:g}" if isinstance(value, float) else str(value))
    if ":" in text:
        return f"YAML 1.1 reads it as {number}, counting in sixties like a clock"
    if "_" in text:
        return f"YAML 1.1 reads it as {number}, leaving out the underscores"
    if text.startswith("0x"):
        return f"YAML reads it as {number}, a hexadecimal number"
    if text.startswith("0b"):
        return f"YAML 1.1 reads it as {number}, a binary number"
    if "e" in text:
        return f"YAML reads it as {number}, a number with an exponent"
    if isinstance(value, int):
        return f"YAML 1.1 reads it as {number}, an octal number because of the leading 0"
    return f"YAML reads it as {number}"


def _not_text(node: yaml.Node, value) -> str:
    """What was found where text belongs: what YAML read instead and that quotes keep it text."""
    if isinstance(value, str):
        return _text_trouble(value) or describe(node, value)
    if value is UNREADABLE:
        read = f"{_short(node.value)} (YAML tries to read it as {_TAG_WORDS.get(node.tag, 'a special value')} and cannot"
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        read = f"the number {_short(node.value)} ({_reading(node, value) or 'YAML reads it as a number'}"
    elif isinstance(value, (datetime.date, datetime.datetime)):
        read = f"the date {node.value} (YAML reads it as a date"
    else:
        return describe(node, value)
    return read + ": put it in quotes)"


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Zs", "Zl", "Zp", "Cc", "Cf") or _ALSO_INVISIBLE.match(char) is not None


def _text_trouble(text: str) -> str | None:
    """Why a text shows as nothing or holds a character no page should show, or None."""
    control = next((char for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r"), None)
    if control is not None:
        return f"text with the control character U+{ord(control):04X} in it (written as an escape in double quotes)"
    if not text:
        return "empty text ('')"
    if text.isspace():
        return "text of only spaces or line breaks"
    if all(_invisible(char) for char in text):
        chars = sorted({char for char in text if not char.isspace()})
        names = ", ".join(f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip() for char in chars[:3])
        return f"text of only invisible characters ({names})"
    return None


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
            ctx.report(owner or node, join(path, spec.key), f"no '{spec.key}' field", f"{spec.key}: {expected_in(spec.kind, ctx)}")
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
    if isinstance(kind, (schema.Number, schema.Integer)):
        return _check_number(node, kind, path, ctx)
    value = _value(node, ctx) if isinstance(node, yaml.ScalarNode) else INVALID
    if value is INVALID or not _fits(value, kind, ctx):
        if value is INVALID:
            found = describe(node)
        elif isinstance(kind, (schema.Text, schema.Markdown)):
            found = _not_text(node, value)
        elif isinstance(kind, schema.Boolean) and node.style in ("'", '"') and str(value).strip().lower() in ("true", "false"):
            found = f"the text '{value}' in quotes (YAML reads anything in quotes as text: remove the quotes)"
        else:
            found = describe(node, value)
        ctx.report(node, path, found, expected_in(kind, ctx))
        return INVALID
    if isinstance(kind, schema.Markdown):
        _check_markup(node, value, path, ctx)
    return value.strip() if isinstance(value, str) else value


def _check_markup(node, value: str, path, ctx) -> None:
    """Raw HTML, links that are not full web addresses and images in a Markdown field (see `markup`)."""
    for found, expected in markup.problems_in(value):
        ctx.report(node, path, found, expected)


def _check_number(node, kind, path, ctx):
    """A number as it is written, within the kind's bounds; any other spelling is reported with how YAML read it."""
    text = node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
    whole = _WHOLE_AS_WRITTEN.fullmatch(text) is not None
    if not (whole or (isinstance(kind, schema.Number) and _DECIMAL_AS_WRITTEN.fullmatch(text))):
        found = describe(node, _value(node, ctx), fix="write it in plain digits")
    elif node.style in ("'", '"'):
        found = f"the text '{_short(text)}' in quotes (YAML reads anything in quotes as text: remove the quotes)"
    elif node.style:
        found = f"the text '{_short(text)}' after '{node.style}' (YAML reads it as text: write the number on the field's own line)"
    elif kind.minimum <= Decimal(text) <= kind.maximum:
        return int(text) if whole else float(text)
    else:
        found = f"the number {_short(text)}"
    ctx.report(node, path, found, expected_in(kind, ctx))
    return INVALID


def _value(node, ctx):
    if isinstance(node, yaml.ScalarNode):
        return ctx.scalar(node)
    return None


def _fits(value, kind, ctx) -> bool:
    if isinstance(kind, (schema.Text, schema.Markdown)):
        return isinstance(value, str) and _text_trouble(value) is None
    if isinstance(kind, schema.Url):
        return isinstance(value, str) and markup.is_web_address(value.strip())
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
