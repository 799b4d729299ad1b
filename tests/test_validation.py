"""Each file in bad_protocols/ is a broken protocol whose first line says the message it must produce."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from macros.library import VOCABULARY_FILE, ProtocolErrors, load_library

from .conftest import ROOT, build_site

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


def copy_project(destination: Path) -> Path:
    destination.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "protocols", "macros", "overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, destination / name)
    return destination


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
