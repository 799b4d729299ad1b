"""Load every protocol file and the vocabulary, check them all, and build the model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import schema
from .validate import Context, Problem, check, INVALID

VOCABULARY_FILE = "_vocabulary.yml"


@dataclass(frozen=True)
class Protocol:
    id: str
    file: Path  # the YAML file it was read from
    data: dict  # every field of schema.PROTOCOL, defaults filled in

    def __getitem__(self, key):
        return self.data[key]

    @property
    def total_minutes(self) -> float:
        return sum(step["minutes"] for step in self.data["steps"])

    def step_timing(self, step: dict) -> str:
        return step["timing"] or self.data["timing"]

    @property
    def has_suggested_minutes(self) -> bool:
        return any(self.step_timing(step) == "suggested" for step in self.data["steps"])


@dataclass(frozen=True)
class Library:
    protocols: dict  # id -> Protocol, ordered by title
    vocabulary: dict  # "purposes"/"samples" -> id -> {"label", "description"}

    def label(self, vocabulary: str, term: str) -> str:
        return self.vocabulary[vocabulary][term]["label"]


class ProtocolErrors(Exception):
    """Every problem found in the protocol files, raised once after all were checked."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        files = len({p.file for p in self.problems})
        heading = f"{len(self.problems)} problem(s) in {files} protocol file(s) (list items are counted from 1):"
        super().__init__("\n".join([heading, *(f"  {p}" for p in self.problems)]))


def load_library(protocols_dir: Path, shown_from: Path | None = None) -> Library:
    """Read and check every file in `protocols_dir`; raise ProtocolErrors listing all problems.

    File names in messages are shown relative to `shown_from` (the project folder).
    """
    protocols_dir = Path(protocols_dir)
    shown_from = Path(shown_from) if shown_from else protocols_dir.parent

    def shown(path: Path) -> str:
        try:
            return path.resolve().relative_to(shown_from.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    problems: list[Problem] = []
    vocabulary = _load_vocabulary(protocols_dir / VOCABULARY_FILE, shown, problems)

    files = sorted(p for p in protocols_dir.iterdir() if p.is_file() and not p.name.startswith((".", "_")))
    candidates = {}
    for path in files:
        if path.suffix == ".yaml":
            problems.append(Problem(shown(path), 1, "(file name)", f"the extension .yaml", f"a protocol file named <id>.yml: rename it to {path.stem}.yml"))
        elif path.suffix == ".yml":
            if re.match(schema.ID_PATTERN, path.stem):
                candidates[path.stem] = path
            else:
                problems.append(Problem(shown(path), 1, "(file name)", repr(path.name), "a file name of lower-case letters, digits and hyphens, ending in .yml (it becomes the page's address)"))

    protocols = {}
    for protocol_id, path in candidates.items():
        ctx = Context(shown(path), vocabulary, frozenset(candidates), protocol_id)
        node = _compose(path, ctx)
        if node is not None:
            data = check(node, schema.PROTOCOL, "", ctx)
            if data is not INVALID:
                _check_group_size(node, data, ctx)
                protocols[protocol_id] = Protocol(protocol_id, path, data)
        problems.extend(ctx.problems)

    if problems:
        raise ProtocolErrors(problems)
    ordered = dict(sorted(protocols.items(), key=lambda item: item[1]["title"].casefold()))
    return Library(ordered, vocabulary)


def _load_vocabulary(path: Path, shown, problems: list) -> dict:
    empty = {"purposes": {}, "samples": {}}
    if not path.exists():
        problems.append(Problem(shown(path), 1, "(file)", "no vocabulary file", "protocols/_vocabulary.yml listing the purposes and samples tags"))
        return empty
    ctx = Context(shown(path))
    node = _compose(path, ctx)
    data = check(node, schema.VOCABULARY, "", ctx) if node is not None else INVALID
    problems.extend(ctx.problems)
    return empty if data is INVALID else data


def _compose(path: Path, ctx: Context) -> yaml.Node | None:
    """Parse one YAML file into nodes, reporting syntax errors, empty files and non-mappings."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        ctx.report(None, "(file)", f"bytes that are not UTF-8 text ({error.reason})", "a text file saved as UTF-8")
        return None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        found = f"invalid YAML: {error.problem}"
        if error.context:
            found += f" ({error.context})"
        hint = "valid YAML: indent with spaces, not tabs, and put text containing ': ' or starting with a quote in quotes"
        ctx.problems.append(Problem(ctx.file, line, "(YAML syntax)", found, hint))
        return None
    except yaml.YAMLError as error:
        ctx.problems.append(Problem(ctx.file, 1, "(YAML syntax)", f"invalid YAML: {error}", "a single YAML document"))
        return None
    if node is None:
        ctx.report(None, "(whole file)", "an empty file", "a protocol: fields such as title, summary, purpose, source and steps")
        return None
    if not isinstance(node, yaml.MappingNode):
        what = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        ctx.report(node, "(whole file)", what, "a set of fields (title: ..., summary: ..., steps: ...) at the top level, not indented and not starting with '- '")
        return None
    return node


def _check_group_size(node: yaml.MappingNode, data: dict, ctx: Context) -> None:
    size = data.get("group_size")
    if size and size.get("max") is not None and size["max"] < size["min"]:
        size_node = next(v for k, v in node.value if k.value == "group_size")
        ctx.report(size_node, "group_size.max", f"the number {size['max']}, fewer than min ({size['min']})", "a number at least as large as min")
