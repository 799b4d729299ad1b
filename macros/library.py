"""Load every protocol file and the vocabulary, check them all, and build the model.

The shared library lives in protocols/. A school's fork may add a school/ folder with
its settings (school.yml), its own protocols (school/protocols/) and more tags
(school/vocabulary.yml). A school protocol with a shared protocol's id replaces it only
when it says so (`replaces: <id>`); the checks across files that this needs live here.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from . import schema, yamlfile
from .validate import INVALID, Context, Problem, check, join

VOCABULARY_FILE = "_vocabulary.yml"
SCHOOL_FILE = "school.yml"
SCHOOL_VOCABULARY_FILE = "vocabulary.yml"
PICTURE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")


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
            # The folder is resolved, not the file: a link is shown by its own name.
            return (path.parent.resolve() / path.name).relative_to(shown_from.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    if not protocols_dir.is_dir():
        raise ProtocolErrors([Problem(shown(protocols_dir), 1, "(folder)", "no such folder", "the handbook's protocols/ folder")])
    problems: list[Problem] = []
    vocabulary_ctx = Context(shown(protocols_dir / VOCABULARY_FILE))
    _, vocabulary = _load_data(protocols_dir / VOCABULARY_FILE, schema.VOCABULARY, vocabulary_ctx, problems)
    vocabulary = vocabulary or {"purposes": {}, "samples": {}}

    shared = _protocol_files(protocols_dir, shown, problems, special={VOCABULARY_FILE}, required=True)
    local: dict[str, Path] = {}
    school, school_node, school_ctx = None, None, None
    if school_dir is not None and Path(school_dir).is_dir():
        school_dir = Path(school_dir)
        extra = school_dir / SCHOOL_VOCABULARY_FILE
        if extra.exists():
            extra_ctx = Context(shown(extra))
            node, added = _load_data(extra, schema.SCHOOL_VOCABULARY, extra_ctx, problems)
            for kind, terms in (added or {}).items():
                _check_new_terms(node, kind, terms or {}, vocabulary[kind], extra_ctx, problems)
                vocabulary[kind] = {**vocabulary[kind], **(terms or {})}
        settings = school_dir / SCHOOL_FILE
        if settings.exists():
            school_ctx = Context(shown(settings), protocol_ids=frozenset(shared))
            school_node, school = _load_data(settings, schema.SCHOOL, school_ctx, problems)
            if school is not None:
                school = _with_defaults(school, schema.SCHOOL)
                problems.extend(_duplicate_entries(school_node, schema.SCHOOL, school_ctx.file))
                if school["logo"]:
                    problems.extend(_logo_problems(school_node, school["logo"], school_dir, school_ctx.file, shown(school_dir)))
        if (school_dir / "protocols").is_dir():
            local = _protocol_files(school_dir / "protocols", shown, problems)

    hidden = set(school["hide"]) if school else set()
    files = {pid: path for pid, path in shared.items() if pid not in hidden}
    files.update(local)  # a school protocol replaces the shared one of the same id (checked below)
    if shared and not files and school_node is not None:
        problems.append(Problem(school_ctx.file, _line(_key_node(school_node, "hide") or school_node), "hide",
                                "every shared protocol hidden, and no protocol of the school's own", "at least one protocol in the handbook"))

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
                data = _with_defaults(data, schema.PROTOCOL)
                _check_group_size(node, data, ctx)
                ctx.problems.extend(_duplicate_entries(node, schema.PROTOCOL, ctx.file))
                ctx.problems.extend(_duplicate_charts(node, ctx.file))
                ctx.problems.extend(_replacing_problems(node, protocol_id, origin, shared, ctx.file, shown))
                data["related"] = [ref for ref in data["related"] if ref not in hidden or ref in local]
                protocols[protocol_id] = Protocol(protocol_id, path, data, origin, origin == "school" and protocol_id in shared)
            _keep_placeholder_problems(node, path, ctx)
        problems.extend(ctx.problems)
    if school_node is not None:
        problems.extend(_hidden_and_replaced(school_node, hidden & set(local), local, school_ctx.file, shown))

    if problems:
        raise ProtocolErrors(problems)
    ordered = dict(sorted(protocols.items(), key=lambda item: item[1]["title"].casefold()))
    return Library(ordered, vocabulary, school)


# Files: which ones are protocols, and which only look like them.


def _looks_like_protocol(path: Path) -> bool:
    return path.suffix.lower() in (".yml", ".yaml") and not path.name.startswith(".")


def _protocol_files(folder: Path, shown, problems: list, special: set = frozenset(), required: bool = False) -> dict[str, Path]:
    """The protocol files in `folder` by id, reporting every file that looks like one but would be left out.

    With `required`, a folder without anything that looks like a protocol file is a problem too.
    """
    found, candidates = {}, 0

    def problem(path: Path, found_: str, expected: str) -> None:
        problems.append(Problem(shown(path), 1, "(file name)", found_, expected))

    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name in special:
            continue
        if path.is_dir() and path.is_symlink():
            candidates += 1  # not followed: it could lead anywhere, however large
            problem(path, f"a link to the folder {os.readlink(path)}", f"protocol files directly in {shown(folder)}/ (folders are not read)")
            continue
        if path.is_dir():
            for inner in sorted(p for p in path.rglob("*") if _looks_like_protocol(p)):
                candidates += 1
                problem(inner, f"a protocol file in the subfolder {shown(path)}/",
                        f"protocol files directly in {shown(folder)}/: move it to {shown(folder / inner.name)} (files in subfolders are not read)")
            continue
        if not _looks_like_protocol(path):
            continue  # other files, such as the JSON Schemas for editors
        candidates += 1
        if path.is_symlink() and not path.exists():
            problem(path, f"a link to {os.readlink(path)}, which does not exist", "a protocol file: restore the file the link points to, or delete the link")
        elif path.suffix.lower() == ".yaml":
            problem(path, f"the extension {path.suffix}", f"a protocol file named <id>.yml: rename it to {path.stem}.yml")
        elif path.suffix != ".yml":
            problem(path, f"the extension {path.suffix}", f"the extension .yml in lower case: rename it to {path.stem}.yml")
        elif not re.match(schema.ID_PATTERN, path.stem):
            problem(path, repr(path.name), "a file name of lower-case letters, digits and hyphens, ending in .yml (it becomes the page's address)")
        elif path.stem in schema.RESERVED_IDS:
            problem(path, f"the id '{path.stem}', which the handbook keeps for {schema.RESERVED_IDS[path.stem]}",
                    f"another file name (reserved: {', '.join(schema.RESERVED_IDS)})")
        elif path.is_file():
            found[path.stem] = path
    if required and not candidates:
        problems.append(Problem(shown(folder), 1, "(folder)", "no protocol files", f"at least one protocol file, such as {shown(folder / 'tuning.yml')}"))
    return found


def _load_data(path: Path, kind, ctx: Context, problems: list) -> tuple[yaml.Node | None, dict | None]:
    """Read and check one settings file: its nodes and its data, None where it is missing or broken."""
    if not path.exists():
        problems.append(Problem(ctx.file, 1, "(file)", "no such file", f"{ctx.file}, which the handbook needs"))
        return None, None
    node = _compose(path, ctx, f"fields: {', '.join(f.key for f in kind.fields if f.required)}")
    data = check(node, kind, "", ctx) if node is not None else INVALID
    problems.extend(ctx.problems)
    return node, (None if data is INVALID else data)


def _with_defaults(data: dict, record: schema.Record) -> dict:
    """`data` with every field present: a field whose value was refused (and reported) gets its default.

    The checks across files below run before the problems are raised, and must not trip over it.
    """
    return {f.key: list(f.default) if isinstance(f.default, tuple) else f.default for f in record.fields} | data


# Reading lines and values back from the nodes, for problems the schema alone cannot see.


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _field_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value node of a top-level field, or None."""
    if isinstance(node, yaml.MappingNode):
        return next((value for k, value in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    return None


def _key_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((k for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    return None


def _text(node: yaml.Node | None) -> str | None:
    """A plain string value of a scalar node (not a number, a date or a boolean)."""
    if isinstance(node, yaml.ScalarNode) and (node.style or node.tag == "tag:yaml.org,2002:str"):
        return node.value.strip()
    return None


# Checks across files and within lists.


def _duplicate_entries(node: yaml.Node, record: schema.Record, file: str) -> list[Problem]:
    """The same tag or protocol id twice in one list field: the second one is reported."""
    problems = []
    for spec in record.fields:
        if not (isinstance(spec.kind, schema.ListOf) and isinstance(spec.kind.item, (schema.Tag, schema.ProtocolRef))):
            continue
        items = _field_node(node, spec.key)
        if not isinstance(items, yaml.SequenceNode):
            continue
        first: dict[str, int] = {}
        for n, item in enumerate(items.value, start=1):
            value = _text(item)
            if value is None:
                continue
            if value in first:
                problems.append(Problem(file, _line(item), f"{spec.key}[{n}]", f"'{value}' a second time (also {spec.key}[{first[value]}])",
                                        f"each {'tag' if isinstance(spec.kind.item, schema.Tag) else 'protocol'} once: delete this line"))
            else:
                first[value] = n
    return problems


def _duplicate_charts(node: yaml.Node, file: str) -> list[Problem]:
    """The same chart twice in one step's record: the second one is reported.

    Labels are compared as the group reads them, so 'What we see' and 'what we  see' clash:
    the recorder could not tell which chart is which.
    """
    problems = []
    steps = _field_node(node, "steps")
    for s, step in enumerate(steps.value if isinstance(steps, yaml.SequenceNode) else [], start=1):
        charts = _field_node(step, "record")
        first: dict[str, int] = {}
        for n, chart in enumerate(charts.value if isinstance(charts, yaml.SequenceNode) else [], start=1):
            label_node = _field_node(chart, "label")
            label = _text(label_node)
            if label is None:
                continue  # no label, or not text: the schema check has reported it
            seen = " ".join(label.split()).casefold()
            if seen in first:
                path = f"steps[{s}].record"
                problems.append(Problem(file, _line(label_node), f"{path}[{n}].label", f"'{label}' a second time (also {path}[{first[seen]}])",
                                        "each chart once in a step: give it another label or delete it"))
            else:
                first[seen] = n
    return problems


def _check_new_terms(node, kind: str, terms: dict, shared_terms: dict, ctx: Context, problems: list) -> None:
    """A school's vocabulary adds tags; it cannot relabel a shared one."""
    for term in terms:
        if term in shared_terms:
            key = _key_node(_field_node(node, kind), term)
            problems.append(Problem(ctx.file, _line(key) if key is not None else 1, join(kind, term),
                                    f"the tag '{term}', which protocols/{VOCABULARY_FILE} already has (labelled '{shared_terms[term]['label']}')",
                                    f"a new tag id: a school's tags add to the shared ones and cannot change them (use '{term}' as it is, without listing it here)"))


def _replacing_problems(node, protocol_id: str, origin: str, shared: dict, file: str, shown) -> list[Problem]:
    """A school file replaces a shared protocol only when it says `replaces: <its own id>`."""
    value_node = _field_node(node, "replaces")
    replaces = _text(value_node)
    if origin == "shared":
        if value_node is None:
            return []
        return [Problem(file, _line(value_node), "replaces", repr(replaces or value_node.value),
                        "no replaces field: only a school's file (in school/protocols/) replaces a shared protocol")]
    if value_node is None:
        if protocol_id not in shared:
            return []
        return [Problem(file, 1, "(file name)", f"the id '{protocol_id}', which the shared protocol {shown(shared[protocol_id])} has",
                        f"either the line 'replaces: {protocol_id}' in this file, to use it instead of the shared one, "
                        "or another file name for a protocol of the school's own")]
    if replaces is None:
        return []  # not text: the schema check has reported it
    if replaces != protocol_id:
        return [Problem(file, _line(value_node), "replaces", f"'{replaces}', which is not this file's id '{protocol_id}'",
                        f"replaces: {protocol_id} (a school's file replaces the shared protocol of the same file name"
                        + (f"; to replace {replaces}, name the file {replaces}.yml)" if replaces in shared else ")"))]
    if protocol_id not in shared:
        return [Problem(file, _line(value_node), "replaces", f"'{replaces}', which is not a shared protocol",
                        f"no replaces field for a protocol of the school's own, or the id of one in protocols/: {', '.join(sorted(shared))}")]
    return []


def _hidden_and_replaced(school_node, both: set, local: dict, file: str, shown) -> list[Problem]:
    """A shared protocol cannot be hidden and replaced at once: the school must choose."""
    items = _field_node(school_node, "hide")
    if not both or not isinstance(items, yaml.SequenceNode):
        return []
    return [
        Problem(file, _line(item), f"hide[{n}]", f"'{_text(item)}', which {shown(local[_text(item)])} also replaces",
                f"either hide it (and delete {shown(local[_text(item)])}) or replace it (and take it out of hide)")
        for n, item in enumerate(items.value, start=1)
        if _text(item) in both
    ]


def _logo_problems(school_node, logo: str, school_dir: Path, file: str, folder: str) -> list[Problem]:
    """The logo is a picture file inside school/: the site copies it to school/<logo> and names it in every page."""
    line = _line(_field_node(school_node, "logo") or school_node)
    expected = f"the name of a picture file ({', '.join(PICTURE_SUFFIXES)}) in {folder}/, such as logo.svg"
    parts = PurePosixPath(logo).parts
    if logo.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", logo) or ".." in parts:
        return [Problem(file, line, "logo", f"{logo!r}, a path that leaves {folder}/", expected)]
    if not all(re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", part) for part in parts):
        return [Problem(file, line, "logo", repr(logo), expected + "; rename the file to use only letters, digits, dots, hyphens and underscores")]
    if PurePosixPath(logo).suffix.lower() not in PICTURE_SUFFIXES:
        return [Problem(file, line, "logo", f"{logo!r}, which is not a picture file", expected)]
    path = school_dir / logo
    if not path.resolve().is_relative_to(school_dir.resolve()):
        return [Problem(file, line, "logo", f"{logo!r}, a link to a file outside {folder}/", expected + ": copy the picture itself into the folder")]
    if not path.is_file():
        return [Problem(file, line, "logo", f"{logo!r}, which is not in {folder}/", expected)]
    return []


def _placeholders(node: yaml.Node, path: str = "", seen: set | None = None):
    """Every scalar that still holds one of `dev.py new`'s placeholders, with its field path."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return  # an alias: its node was looked at where it was defined
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        value = _text(node)
        if value is not None and value.startswith(schema.PLACEHOLDER):
            yield path, node
    elif isinstance(node, yaml.SequenceNode):
        for n, item in enumerate(node.value, start=1):
            yield from _placeholders(item, f"{path}[{n}]", seen)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _placeholders(value, join(path, key.value if isinstance(key, yaml.ScalarNode) else "?"), seen)


def _keep_placeholder_problems(node, file: Path, ctx: Context) -> None:
    """A placeholder left in place is reported as that, not as the wrong kind of value it also is."""
    if schema.PLACEHOLDER.encode() not in file.read_bytes():
        return  # most files have none: a look at the bytes spares walking every node
    found = list(_placeholders(node))
    if not found:
        return
    places = {(_line(value), path) for path, value in found}
    ctx.problems[:] = [p for p in ctx.problems if (p.line, p.path) not in places]
    for path, value in found:
        ctx.report(value, path, f"the placeholder {value.value.strip()!r}", f"what the placeholder asks for: replace the placeholder, '{schema.PLACEHOLDER}' included")


PROTOCOL_FIELDS = "a protocol: fields such as title, summary, purpose, source and steps"


def _compose(path: Path, ctx: Context, expected: str = PROTOCOL_FIELDS) -> yaml.Node | None:
    """Read one YAML file into nodes (strictly: see yamlfile), reporting empty files and non-mappings."""
    node, problems = yamlfile.compose_file(path, ctx.file)
    if problems:
        ctx.problems.extend(problems)
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
    # A group size without a valid min was reported by the schema check already.
    if size and size.get("min") is not None and size.get("max") is not None and size["max"] < size["min"]:
        size_node = next(v for k, v in node.value if k.value == "group_size")
        ctx.report(size_node, "group_size.max", f"the number {size['max']}, fewer than min ({size['min']})", "a number at least as large as min")
