"""Each file in bad_protocols/ is a broken protocol whose first line says the message it must produce."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from macros.library import VOCABULARY_FILE, ProtocolErrors, load_library

from .helpers import ROOT, build_site, copy_project

CASES = sorted((Path(__file__).parent / "bad_protocols").glob("*.y*ml"))


def expectation(case: Path) -> str:
    first = case.read_text(encoding="utf-8").splitlines()[0]
    match = re.match(r"# expect: (.+)$", first)
    assert match, f"{case.name} must start with '# expect: <line>: <message>'"
    return f"protocols/{case.name}:{match.group(1)}"


def folder_with(tmp_path: Path, *files: Path) -> Path:
    folder = tmp_path / "protocols"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "protocols" / VOCABULARY_FILE, folder)
    for file in files:
        shutil.copy(file, folder)
    return folder


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_bad_file_gives_its_message(case, tmp_path):
    folder = folder_with(tmp_path, case)
    with pytest.raises(ProtocolErrors) as raised:
        load_library(folder, shown_from=tmp_path)
    messages = [str(problem) for problem in raised.value.problems]
    assert any(message.startswith(expectation(case)) for message in messages), "\n".join(messages)


def test_every_problem_in_every_file_is_reported_at_once(tmp_path):
    folder = folder_with(tmp_path, *CASES)
    with pytest.raises(ProtocolErrors) as raised:
        load_library(folder, shown_from=tmp_path)
    report = str(raised.value)
    for case in CASES:
        assert expectation(case) in report
    assert re.match(r"\d+ problem\(s\) in \d+ file\(s\)", report)


def test_every_message_names_file_line_field_found_and_expected(tmp_path):
    folder = folder_with(tmp_path, *CASES)
    with pytest.raises(ProtocolErrors) as raised:
        load_library(folder, shown_from=tmp_path)
    for problem in raised.value.problems:
        assert re.match(r"^protocols/[^:]+:\d+: \S.*: found .+; expected .+$", str(problem)), str(problem)


def test_the_real_protocols_are_valid():
    library = load_library(ROOT / "protocols")
    assert len(library.protocols) >= 3


@pytest.mark.slow  # builds a site
def test_build_fails_with_every_problem_named(tmp_path):
    project = copy_project(tmp_path / "project")
    broken = [Path(__file__).parent / "bad_protocols" / name for name in ("minutes-text.yml", "unknown-key.yml")]
    for file in broken:
        shutil.copy(file, project / "protocols")
    result = build_site(project, tmp_path / "site", "http://127.0.0.1:8000/")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for file in broken:
        assert expectation(file) in output, output
    assert not (tmp_path / "site" / "index.html").exists(), "no page may be written when a protocol file is broken"


def test_check_command_reports_and_fails(tmp_path):
    import subprocess
    import sys

    folder = folder_with(tmp_path, Path(__file__).parent / "bad_protocols" / "minutes-zero.yml")
    result = subprocess.run([sys.executable, "-m", "macros.check", str(folder.parent)], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 1
    assert "protocols/minutes-zero.yml:8: steps[1].minutes: found the number 0" in result.stderr

    good = folder_with(tmp_path / "good", ROOT / "protocols" / "dese-everyday.yml")
    (good / "dese-everyday.yml").write_text(
        re.sub(r"\nrelated:\n(  - .*\n)+", "\n", (good / "dese-everyday.yml").read_text()), encoding="utf-8"
    )
    result = subprocess.run([sys.executable, "-m", "macros.check", str(good.parent)], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert "1 protocol(s) checked, 0 of them the school's own: no problems." in result.stdout


# The YAML layer: what a file's bytes and YAML's own features can do, each ending in a message.

MINUTES_EXPECTED = "expected a number of minutes from 0.5 to 240, such as 5 or 2.5"


def problems_in(tmp_path: Path, name: str, content: str | bytes) -> list[str]:
    """The problems reported for one protocol file holding `content`, beside the real vocabulary."""
    folder = folder_with(tmp_path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    (folder / name).write_bytes(data)
    with pytest.raises(ProtocolErrors) as raised:
        load_library(folder, shown_from=tmp_path)
    return [str(problem) for problem in raised.value.problems]


def with_minutes(step: str, variation: str = "10") -> str:
    return (
        "title: Minutes\nsummary: S.\npurpose: P.\nsource: {name: Tests}\n"
        f"steps:\n  - title: One\n    minutes: {step}\n"
        f"variations:\n  - name: Short\n    minutes: {variation}\n    description: D.\n"
    )


REFUSED_MINUTES = {
    ".inf": "the number .inf (YAML reads it as infinity: write it in plain digits)",
    "-.inf": "the number -.inf (YAML reads it as infinity: write it in plain digits)",
    ".nan": "the number .nan (YAML reads it as 'not a number': write it in plain digits)",
    "1.0e+9": "the number 1.0e+9 (YAML reads it as 1e+09, a number with an exponent: write it in plain digits)",
    "1.0e-300": "the number 1.0e-300 (YAML reads it as 1e-300, a number with an exponent: write it in plain digits)",
    "9" * 400: "the number 99999999999999999999... (400 characters)",
    "9" * 5000: "the number 99999999999999999999... (5000 characters)",
    "0": "the number 0",
    "-5": "the number -5",
    "0.4": "the number 0.4",
    "0.0000001": "the number 0.0000001",
    "240.5": "the number 240.5",
    "1:30": "the number 1:30 (YAML 1.1 reads it as 90, counting in sixties like a clock: write it in plain digits)",
    "010": "the number 010 (YAML 1.1 reads it as 8, an octal number because of the leading 0: write it in plain digits)",
    "0x10": "the number 0x10 (YAML reads it as 16, a hexadecimal number: write it in plain digits)",
    "0b11": "the number 0b11 (YAML 1.1 reads it as 3, a binary number: write it in plain digits)",
    "1_0": "the number 1_0 (YAML 1.1 reads it as 10, leaving out the underscores: write it in plain digits)",
    "0x_": "0x_ (YAML tries to read it as a whole number and cannot)",
    '"10"': "the text '10' in quotes (YAML reads anything in quotes as text: remove the quotes)",
    "'2.5'": "the text '2.5' in quotes (YAML reads anything in quotes as text: remove the quotes)",
    "yes": "true (YAML reads the bare word 'yes' as true: put it in quotes)",
    "ten": "'ten'",
}


@pytest.mark.parametrize("value", REFUSED_MINUTES, ids=lambda value: value[:12])
def test_minutes_that_must_be_refused_are_refused(value, tmp_path):
    step = problems_in(tmp_path / "step", "minutes.yml", with_minutes(value))
    assert step == [f"protocols/minutes.yml:7: steps[1].minutes: found {REFUSED_MINUTES[value]}; {MINUTES_EXPECTED}"]
    variation = problems_in(tmp_path / "variation", "minutes.yml", with_minutes("10", value))
    assert variation == [f"protocols/minutes.yml:10: variations[1].minutes: found {REFUSED_MINUTES[value]}; {MINUTES_EXPECTED}"]


def test_minutes_in_plain_digits_are_read_as_written(tmp_path):
    folder = folder_with(tmp_path)
    for name, value in {"half": "0.5", "most": "240", "decimal": "2.5", "whole": "7", "plus": "+3", "point": ".75"}.items():
        (folder / f"{name}.yml").write_text(with_minutes(value, value).replace("title: Minutes", f"title: {name}"), encoding="utf-8")
    library = load_library(folder)
    minutes = {pid: (p["steps"][0]["minutes"], p["variations"][0]["minutes"]) for pid, p in library.protocols.items()}
    assert minutes == {"half": (0.5, 0.5), "most": (240, 240), "decimal": (2.5, 2.5), "whole": (7, 7), "plus": (3, 3), "point": (0.75, 0.75)}
    assert isinstance(minutes["whole"][0], int) and isinstance(minutes["decimal"][0], float)


def test_aliases_are_refused_before_anything_walks_them(tmp_path):
    # Nine levels of ten aliases each: a 1 KB file standing for a billion list items.
    lines = ["title: Laughs", "summary: S.", "purpose: P.", "source: {name: Tests}", "steps: [{title: One, minutes: 5}]", "lists:",
             "  l0: &l0 [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"  l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]" for n in range(1, 10)]
    lines.append("tips: *l9")
    problems = problems_in(tmp_path, "laughs.yml", "\n".join(lines) + "\n")
    anchors = "expected each value written out where it is used: protocol files do not use YAML anchors (&name) or aliases (*name)"
    assert f"protocols/laughs.yml:8: lists.l1[1]: found an alias '*l0'; {anchors}" in problems
    assert f"protocols/laughs.yml:17: tips: found an alias '*l9'; {anchors}" in problems
    assert f"protocols/laughs.yml:7: lists.l0: found an anchor '&l0'; {anchors}" in problems
    # Each alias name once, each anchor once, and no schema check of the aliased values.
    assert len(problems) == 20, "\n".join(problems)


@pytest.mark.parametrize(
    "content, path, line",
    [
        ("tips: " + "[" * 100_000, "tips" + "[1]" * 19, 1),
        ("tips: " + "{a: " * 100_000, "tips" + ".a" * 19, 1),
        ("tips:\n" + "".join("  " * n + f"k{n}:\n" for n in range(1, 500)), "tips." + ".".join(f"k{n}" for n in range(1, 20)), 21),
    ],
    ids=["flow-lists", "flow-fields", "indented-fields"],
)
def test_deep_nesting_ends_with_a_problem(content, path, line, tmp_path):
    problems = problems_in(tmp_path, "deep.yml", content + "\n")
    assert problems == [
        f"protocols/deep.yml:{line}: {path}: found lists or fields nested more than 20 levels deep; "
        "expected a protocol file's own shape: fields and lists at most a few levels deep"
    ]


def test_bytes_that_are_not_utf8_are_reported_at_their_lines(tmp_path):
    text = with_minutes("5").replace("summary: S.", "summary: Caf\xe9 talk.").replace("description: D.", "description: \xff\xfe")
    problems = problems_in(tmp_path, "latin.yml", text.encode("latin-1"))
    expected = "expected a text file saved as UTF-8 (choose UTF-8 when saving it)"
    assert problems == [
        f"protocols/latin.yml:2: (file): found bytes that are not UTF-8 text (0xE9 at column 13); {expected}",
        f"protocols/latin.yml:11: (file): found bytes that are not UTF-8 text (0xFF at column 18); {expected}",
    ]


def test_a_byte_order_mark_at_the_start_is_fine(tmp_path):
    folder = folder_with(tmp_path)
    (folder / "marked.yml").write_bytes(b"\xef\xbb\xbf" + with_minutes("5").encode("utf-8"))
    assert load_library(folder).protocols["marked"]["title"] == "Minutes"


def test_a_file_too_large_to_be_a_protocol_is_refused_unread(tmp_path):
    problems = problems_in(tmp_path, "huge.yml", "#" + "x" * 1_000_000 + "\n")
    assert problems == ["protocols/huge.yml:1: (file): found a file of 1,000,002 bytes; expected a protocol file under 1,000,000 bytes"]


def test_an_equals_sign_is_text(tmp_path):
    # YAML 1.1 resolves a bare '=' to a "value" type SafeLoader cannot build.
    folder = folder_with(tmp_path)
    (folder / "equals.yml").write_text(with_minutes("5").replace("title: One", "title: One\n    prompt: ="), encoding="utf-8")
    assert load_library(folder).protocols["equals"]["steps"][0]["prompt"] == "="


# A step's record: the charts the group keeps during it.

RECORDED = """\
title: Recorded
summary: S.
purpose: P.
source: {name: Tests}
steps:
  - title: Describe
    minutes: 10
    record:
      - label: What we see
      - label: " Interpretations  for later "
  - title: Plan
    minutes: 10
    record:
      - label: What we see
      - label: Next steps
        next_steps: true
  - title: Reflect
    minutes: 5
"""


def test_a_record_is_read_with_its_defaults(tmp_path):
    folder = folder_with(tmp_path)
    (folder / "recorded.yml").write_text(RECORDED, encoding="utf-8")
    steps = load_library(folder).protocols["recorded"]["steps"]
    assert [step["record"] for step in steps] == [
        [{"label": "What we see", "next_steps": False}, {"label": "Interpretations  for later", "next_steps": False}],
        [{"label": "What we see", "next_steps": False}, {"label": "Next steps", "next_steps": True}],
        [],
    ]


def test_each_chart_once_in_a_step_and_next_steps_true_or_false(tmp_path):
    broken = RECORDED.replace("      - label: Next steps\n        next_steps: true\n",
                              "      - label: WHAT WE SEE\n        next_steps: \"true\"\n      - label: Next\n        next_steps: 'False'\n")
    assert problems_in(tmp_path, "recorded.yml", broken) == [
        "protocols/recorded.yml:15: steps[2].record[2].label: found 'WHAT WE SEE' a second time (also steps[2].record[1]); "
        "expected each chart once in a step: give it another label or delete it",
        "protocols/recorded.yml:16: steps[2].record[2].next_steps: found the text 'true' in quotes "
        "(YAML reads anything in quotes as text: remove the quotes); expected true or false",
        "protocols/recorded.yml:18: steps[2].record[3].next_steps: found the text 'False' in quotes "
        "(YAML reads anything in quotes as text: remove the quotes); expected true or false",
    ]


def test_a_record_written_as_a_list_of_headings_asks_for_labels(tmp_path):
    broken = RECORDED.replace("      - label: What we see\n      - label: \" Interpretations  for later \"\n", "      - What we see\n")
    assert problems_in(tmp_path, "recorded.yml", broken) == [
        "protocols/recorded.yml:9: steps[1].record[1]: found 'What we see'; expected a set of fields (key: value): label",
    ]
