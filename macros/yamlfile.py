"""Read one YAML file into PyYAML's nodes, strictly, reporting every problem at its line.

Protocol, vocabulary and school files need only plain YAML: fields, lists and values.
What they do not need is refused, because each lets a small file do something its
reviewer cannot see: anchors and aliases (`&step`, `*step`) let a 4 KB file make the
check walk millions of values; merge keys (`<<:`) and tags (`!!int`, `!foo`) change what a
value is. Nesting is bounded, and the nodes are built from libyaml's events with a
list as the stack, because PyYAML's own composer recurses (and libyaml's crashes) on
deeply nested input.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .validate import Problem, join

# libyaml's parser keeps line marks too and reads files about ten times faster.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The longest protocol file is about 20 KB; a file fifty times longer is a mistake.
MAX_BYTES = 1_000_000
# A protocol file nests five deep (steps[].facilitator_moves[].when); libyaml slows down
# with every level, so reading stops at the first value deeper than this.
MAX_DEPTH = 20

NO_ANCHORS = "each value written out where it is used: protocol files do not use YAML anchors (&name) or aliases (*name)"
_SYNTAX_HINT = "valid YAML: indent with spaces, not tabs, and put text containing ': ' or starting with a quote in quotes"
_STR, _MERGE, _VALUE = "tag:yaml.org,2002:str", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"
_RESOLVER = yaml.resolver.Resolver()

# What YAML allows in a file (libyaml refuses the rest with no line), less the three
# characters YAML 1.1 reads as line breaks where editors show none.
_NOT_ALLOWED = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_BREAKS = {"\x85": "next line", "\u2028": "line separator", "\u2029": "paragraph separator"}


def compose_file(path: Path, file: str) -> tuple[yaml.Node | None, list[Problem]]:
    """The file's top node (None for an empty file), or None and every problem found in reading it.

    `file` is the name problems show.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(file, 1, "(file)", f"a file that cannot be read ({error.strerror})", "a readable text file")]
    if len(data) > MAX_BYTES:
        return None, [Problem(file, 1, "(file)", f"a file of {len(data):,} bytes", f"a protocol file under {MAX_BYTES:,} bytes")]
    text, problems = _decoded(data.removeprefix(b"\xef\xbb\xbf"), file)  # a byte order mark at the start is fine
    if problems:
        return None, problems
    problems = _unwanted_characters(text, file)
    if problems:
        return None, problems
    return _Composer(file).compose(text)


def _decoded(data: bytes, file: str) -> tuple[str, list[Problem]]:
    """The text of UTF-8 bytes, or a problem for each line holding bytes that are not UTF-8."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    problems = []
    for number, line in enumerate(data.decode("utf-8", errors="surrogateescape").split("\n"), start=1):
        bad = re.search("[\udc80-\udcff]", line)
        if bad:
            byte = ord(bad.group()) - 0xDC00
            problems.append(
                Problem(
                    file,
                    number,
                    "(file)",
                    f"bytes that are not UTF-8 text (0x{byte:02X} at column {bad.start() + 1})",
                    "a text file saved as UTF-8 (choose UTF-8 when saving it)",
                )
            )
    return "", problems


def _unwanted_characters(text: str, file: str) -> list[Problem]:
    """A problem for each line holding a control character or a line break editors do not show."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        bad = _NOT_ALLOWED.search(line)
        if bad is None:
            continue
        char, column = bad.group(), bad.start() + 1
        if char in _LINE_BREAKS:
            found = f"the {_LINE_BREAKS[char]} character U+{ord(char):04X} at column {column}, which YAML reads as a line break that editors do not show"
        else:
            found = f"the control character U+{ord(char):04X} at column {column}, which cannot be seen and YAML does not allow"
        problems.append(Problem(file, number, "(characters)", found, "text without it: delete it (it often comes with text copied from another program)"))
    return problems


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


class _Composer:
    """Builds nodes from parser events, keeping the field path of each for its problems."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.aliases_seen: set[str] = set()  # each alias is reported where it is first used

    def report(self, event, path: str, found: str, expected: str) -> None:
        self.problems.append(Problem(self.file, event.start_mark.line + 1, path or "(whole file)", found, expected))

    def compose(self, text: str) -> tuple[yaml.Node | None, list[Problem]]:
        root = None
        stack: list[list] = []  # one [node, path, key waiting for its value] per open list or set of fields
        documents = 0
        try:
            for event in yaml.parse(text, Loader=LOADER):
                if isinstance(event, yaml.DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        self.report(
                            event,
                            "(whole file)",
                            "a second YAML document (a line '---' after the first)",
                            "one protocol per file: remove the '---' line or split the file",
                        )
                        break
                    continue
                if not isinstance(event, (yaml.NodeEvent, yaml.CollectionEndEvent)):
                    continue  # the start and end of the stream and of its document
                if isinstance(event, yaml.CollectionEndEvent):
                    stack.pop()[0].end_mark = event.end_mark
                    continue
                path = self._child_path(stack)
                node = self._node(event, path)
                if isinstance(event, yaml.CollectionStartEvent) and len(stack) >= MAX_DEPTH:
                    self.report(
                        event,
                        path,
                        f"lists or fields nested more than {MAX_DEPTH} levels deep",
                        "a protocol file's own shape: fields and lists at most a few levels deep",
                    )
                    return None, self.problems
                if stack:
                    self._add(stack[-1], node, path, event)
                else:
                    root = node
                if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)):
                    stack.append([node, path, None])
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            found = f"invalid YAML: {error.problem}" + (f" ({error.context})" if error.context else "")
            self.problems.append(Problem(self.file, mark.line + 1 if mark else 1, "(YAML syntax)", found, _SYNTAX_HINT))
        except yaml.YAMLError as error:
            self.problems.append(Problem(self.file, 1, "(YAML syntax)", f"invalid YAML: {error}", _SYNTAX_HINT))
        return (None, self.problems) if self.problems else (root, [])

    def _child_path(self, stack: list) -> str:
        if not stack:
            return ""
        node, path, key = stack[-1]
        if isinstance(node, yaml.SequenceNode):
            return f"{path}[{len(node.value) + 1}]"
        if key is None:
            return path  # the key itself
        return join(path, key.value) if isinstance(key, yaml.ScalarNode) else path

    def _node(self, event, path: str) -> yaml.Node:
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.aliases_seen:
                self.aliases_seen.add(event.anchor)
                self.report(event, path, f"an alias '*{event.anchor}'", NO_ANCHORS)
            return yaml.ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        if event.anchor is not None:
            self.report(event, path, f"an anchor '&{event.anchor}'", NO_ANCHORS)
        if event.tag is not None:
            self.report(
                event,
                path,
                f"the YAML tag '{_shown_tag(event.tag)}'",
                "a value without a tag: protocol files do not use YAML tags (words starting with '!'), and text starting with '!' goes in quotes",
            )
        if isinstance(event, yaml.ScalarEvent):
            style = event.style or None  # libyaml says '' for a plain value, PyYAML None
            tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, (style is None, style is not None))
            # A bare '=' is YAML 1.1's "value" key, which SafeLoader cannot build: it is just text here.
            return yaml.ScalarNode(_STR if tag == _VALUE else tag, event.value, event.start_mark, event.end_mark, style)
        if isinstance(event, yaml.SequenceStartEvent):
            return yaml.SequenceNode("tag:yaml.org,2002:seq", [], event.start_mark, event.end_mark, event.flow_style)
        return yaml.MappingNode("tag:yaml.org,2002:map", [], event.start_mark, event.end_mark, event.flow_style)

    def _add(self, frame: list, node: yaml.Node, path: str, event) -> None:
        parent = frame[0]
        if isinstance(parent, yaml.SequenceNode):
            parent.value.append(node)
        elif frame[2] is None:
            frame[2] = node
            if isinstance(node, yaml.ScalarNode) and node.tag == _MERGE:
                self.report(event, path, "a YAML merge key '<<'", "the fields written out: protocol files do not use merge keys")
        else:
            parent.value.append((frame[2], node))
            frame[2] = None
