"""Load every protocol file and the vocabulary, check them all, and build the model.

The shared library lives in protocols/. A school's fork may add a school/ folder with
its settings (school.yml), its own protocols (school/protocols/) and more tags
(school/vocabulary.yml); a school protocol with a shared protocol's id replaces it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import schema
from .validate import INVALID, Context, Problem, check

VOCABULARY_FILE = "_vocabulary.yml"
SCHOOL_FILE = "school.yml"
SCHOOL_VOCABULARY_FILE = "vocabulary.yml"
# libyaml's parser keeps line marks too and reads files about ten times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Protocol:
    id: str
    file: Path  # the YAML file it was read from
    data: dict  # every field of schema.PROTOCOL, defaults filled in
    origin: str = "shared"  # or "school"
    replaces_shared: bool = False

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
    school: dict | None = None  # school.yml, defaults filled in, or None without one

    def label(self, vocabulary: str, term: str) -> str:
        return self.vocabulary[vocabulary][term]["label"]


class ProtocolErrors(Exception):
    """Every problem found in the protocol files, raised once after all were checked."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        files = len({p.file for p in self.problems})
        heading = f"{len(self.problems)} problem(s) in {files} file(s) (list items are counted from 1):"
        super().__init__("\n".join([heading, *(f"  {p}" for p in self.problems)]))


def load_library(protocols_dir: Path, school_dir: Path | None = None, shown_from: Path | None = None) -> Library:
    """Read and check every file; raise ProtocolErrors listing every problem in every file.

    File names in messages are shown relative to `shown_from` (the project folder).
    """
    protocols_dir = Path(protocols_dir)
    shown_from = Path(shown_from) if shown_from else protocols_dir.parent

    def shown(path: Path) -> str:
        try:
            return path.resolve().relative_to(shown_from.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    if not protocols_dir.is_dir():
        raise ProtocolErrors([Problem(shown(protocols_dir), 1, "(folder)", "no such folder", "the handbook's protocols/ folder")])
    problems: list[Problem] = []
    vocabulary = _load_data(protocols_dir / VOCABULARY_FILE, schema.VOCABULARY, Context(shown(protocols_dir / VOCABULARY_FILE)), problems)
    vocabulary = vocabulary or {"purposes": {}, "samples": {}}

    shared = _protocol_files(protocols_dir, shown, problems)
    local: dict[str, Path] = {}
    school = None
    if school_dir is not None and Path(school_dir).is_dir():
        school_dir = Path(school_dir)
        extra = school_dir / SCHOOL_VOCABULARY_FILE
        if extra.exists():
            added = _load_data(extra, schema.SCHOOL_VOCABULARY, Context(shown(extra)), problems)
            for kind, terms in (added or {}).items():
                vocabulary[kind] = {**vocabulary[kind], **(terms or {})}
        settings = school_dir / SCHOOL_FILE
        if settings.exists():
            school = _load_data(settings, schema.SCHOOL, Context(shown(settings), protocol_ids=frozenset(shared)), problems)
            if school and school["logo"] and not (school_dir / school["logo"]).is_file():
                problems.append(Problem(shown(settings), 1, "logo", repr(school["logo"]), f"the name of a picture file in {shown(school_dir)}/"))
        if (school_dir / "protocols").is_dir():
            local = _protocol_files(school_dir / "protocols", shown, problems)

    hidden = set(school["hide"]) if school else set()
    files = {pid: path for pid, path in shared.items() if pid not in hidden}
    files.update(local)  # a school protocol replaces the shared one of the same id

    protocols = {}
    for protocol_id, path in files.items():
        origin = "school" if protocol_id in local else "shared"
        # A protocol may point to one the school hid (a copied shared protocol often does):
        # the link is dropped below rather than failing the build.
        ctx = Context(shown(path), vocabulary, frozenset(files) | frozenset(hidden), protocol_id)
        node = _compose(path, ctx)
        if node is not None:
            data = check(node, schema.PROTOCOL, "", ctx)
            if data is not INVALID:
                _check_group_size(node, data, ctx)
                data["related"] = [ref for ref in data["related"] if ref not in hidden or ref in local]
                protocols[protocol_id] = Protocol(protocol_id, path, data, origin, origin == "school" and protocol_id in shared)
        problems.extend(ctx.problems)

    if problems:
        raise ProtocolErrors(problems)
    ordered = dict(sorted(protocols.items(), key=lambda item: item[1]["title"].casefold()))
    return Library(ordered, vocabulary, school)


def _protocol_files(folder: Path, shown, problems: list) -> dict[str, Path]:
    """The protocol files in `folder` by id, reporting names that cannot be ids."""
    found = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "_"))):
        if path.suffix == ".yaml":
            problems.append(Problem(shown(path), 1, "(file name)", "the extension .yaml", f"a protocol file named <id>.yml: rename it to {path.stem}.yml"))
        elif path.suffix == ".yml":
            if re.match(schema.ID_PATTERN, path.stem):
                found[path.stem] = path
            else:
                problems.append(Problem(shown(path), 1, "(file name)", repr(path.name), "a file name of lower-case letters, digits and hyphens, ending in .yml (it becomes the page's address)"))
    return found


def _load_data(path: Path, kind, ctx: Context, problems: list):
    """Read and check one settings file; None where it is missing or broken."""
    if not path.exists():
        problems.append(Problem(ctx.file, 1, "(file)", "no such file", f"{ctx.file}, which the handbook needs"))
        return None
    node = _compose(path, ctx, f"fields: {', '.join(f.key for f in kind.fields if f.required)}")
    data = check(node, kind, "", ctx) if node is not None else INVALID
    problems.extend(ctx.problems)
    return None if data is INVALID else data


PROTOCOL_FIELDS = "a protocol: fields such as title, summary, purpose, source and steps"


def _compose(path: Path, ctx: Context, expected: str = PROTOCOL_FIELDS) -> yaml.Node | None:
    """Parse one YAML file into nodes, reporting syntax errors, empty files and non-mappings."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        ctx.report(None, "(file)", f"bytes that are not UTF-8 text ({error.reason})", "a text file saved as UTF-8")
        return None
    try:
        node = yaml.compose(text, Loader=YAML_LOADER)
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
        ctx.report(None, "(whole file)", "an empty file", expected)
        return None
    if not isinstance(node, yaml.MappingNode):
        what = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        ctx.report(node, "(whole file)", what, "a set of fields (key: value) at the top level, not indented and not starting with '- '")
        return None
    return node


def _check_group_size(node: yaml.MappingNode, data: dict, ctx: Context) -> None:
    size = data.get("group_size")
    if size and size.get("max") is not None and size["max"] < size["min"]:
        size_node = next(v for k, v in node.value if k.value == "group_size")
        ctx.report(size_node, "group_size.max", f"the number {size['max']}, fewer than min ({size['min']})", "a number at least as large as min")
