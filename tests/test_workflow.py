"""The GitHub Actions workflow a school switches on: linted, and holding the steps the guide promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from .helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "handbook.yml"


def lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
    )


def test_workflow_passes_the_linter():
    result = lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_linter_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1), encoding="utf-8")
    assert lint(broken).returncode != 0


def test_workflow_checks_every_pull_request_and_publishes_main():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML reads the bare key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    check_runs = [step.get("run") for step in workflow["jobs"]["check"]["steps"]]
    assert check_runs.index("python3 dev.py check") < check_runs.index("python3 dev.py build") < check_runs.index("python3 dev.py test")
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "check"
    assert "refs/heads/main" in publish["if"]
    assert publish["permissions"]["pages"] == "write" and publish["permissions"]["id-token"] == "write"
    uses = [step.get("uses", "").split("@")[0] for step in publish["steps"]]
    assert ["actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"] == [u for u in uses if u.startswith(("actions/configure", "actions/upload", "actions/deploy"))]
    build = next(step for step in publish["steps"] if step.get("run") == "python3 dev.py build")
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
