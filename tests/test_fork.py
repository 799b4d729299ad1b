"""A school forks the handbook: it sets its identity, adds, replaces and hides protocols,
extends the vocabulary, builds, and later merges a newer shared library without conflicts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from macros.check import github_annotation
from macros.library import ProtocolErrors, load_library
from macros.scaffold import new_protocol

from .helpers import ROOT, build_site, copy_project, serve

SCHOOL = """\
name: Riverside Middle School
logo: logo.svg
colours:
  primary: teal
  accent: deep-orange
contact: "Questions? [Write to Ms Rivera](mailto:rivera@riverside.example), our instructional coach."
footer: Riverside Middle School's protocols. Text CC BY-SA 4.0.
welcome: |
  Welcome, Riverside teachers. Our grade teams meet on **Thursdays**; bring ten copies.
repository: https://github.com/riverside-ms/handbook
branch: main
hide:
  - consultancy
"""

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="10" fill="#fff"/></svg>\n'

VOCABULARY = """\
purposes:
  lesson-study:
    label: Lesson study
    description: Study a lesson the team planned together through the work it produced.
"""

GALLERY_WALK = """\
title: Gallery Walk of Lab Reports
summary: Teachers walk past a class set of lab reports and leave notes on what they notice.
purpose: Used by Riverside's science team to see a whole class's reasoning at once.
source:
  name: Riverside Middle School science team
  url: "https://example.org/riverside/lab-reports_(2026)/walk?grade=7&team=science#notes"
  authors: [M. Rivera]
  year: 2026
purposes: [lesson-study, patterns-across-class]
samples: [class-set]
related: [atlas, consultancy]
steps:
  - title: Walk and read
    minutes: 15
    speaks: Nobody
    prompt: What do you notice?
  - title: Talk it over
    minutes: 10
"""


def git(project: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    return subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture(scope="module")
def fork(tmp_path_factory):
    """The shared handbook as upstream, and a school's fork of it with every kind of change."""
    project = copy_project(tmp_path_factory.mktemp("fork") / "handbook")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "shared handbook")
    git(project, "checkout", "-q", "-b", "school")
    school = project / "school"
    (school / "protocols").mkdir(parents=True)
    (school / "school.yml").write_text(SCHOOL, encoding="utf-8")
    (school / "logo.svg").write_text(LOGO, encoding="utf-8")
    (school / "vocabulary.yml").write_text(VOCABULARY, encoding="utf-8")
    (school / "protocols" / "gallery-walk.yml").write_text(GALLERY_WALK, encoding="utf-8")
    adapted = (ROOT / "protocols" / "atlas.yml").read_text(encoding="utf-8")
    adapted = adapted.replace('title: "ATLAS: Learning from Student Work"', 'replaces: atlas\ntitle: "ATLAS at Riverside"')
    (school / "protocols" / "atlas.yml").write_text(adapted, encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Riverside's identity and protocols")
    return project


@pytest.fixture(scope="module")
def fork_site(fork, tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("fork-site") / "site"
    site_dir.mkdir()
    server, url = serve(site_dir)
    result = build_site(fork, site_dir, url)
    assert result.returncode == 0, result.stdout + result.stderr
    yield site_dir, url
    server.shutdown()


def test_identity_is_applied(fork_site, page):
    site_dir, url = fork_site
    page.goto(url)
    assert page.title().endswith("Riverside Middle School: Looking at Student Work Together")
    assert page.locator("body").get_attribute("data-md-color-primary") == "teal"
    assert page.locator("body").get_attribute("data-md-color-accent") == "deep-orange"
    assert page.locator(".md-header img").first.get_attribute("src").endswith("school/logo.svg")
    assert (site_dir / "school" / "logo.svg").read_text(encoding="utf-8") == LOGO
    footer = page.locator("footer").inner_text()
    assert "Riverside Middle School's protocols. Text CC BY-SA 4.0." in footer
    assert page.locator("footer").get_by_role("link", name="Write to Ms Rivera").get_attribute("href") == "mailto:rivera@riverside.example"
    welcome = page.locator(".lsw-welcome")
    assert "Welcome, Riverside teachers." in welcome.inner_text()
    assert welcome.locator("strong").inner_text() == "Thursdays"


def test_local_protocol_is_a_marked_page(fork_site, page):
    site_dir, url = fork_site
    page.goto(f"{url}protocols/gallery-walk/")
    assert page.locator("article h1").inner_text().startswith("Gallery Walk of Lab Reports")
    assert page.locator(".lsw-origin").inner_text() == "Riverside Middle School's own protocol"
    assert "Lesson study" in page.locator(".lsw-glance").inner_text()
    edit = page.get_by_role("link", name="Edit this page").get_attribute("href")
    assert edit == "https://github.com/riverside-ms/handbook/edit/main/school/protocols/gallery-walk.yml"
    nav = page.locator("nav.md-nav--primary")
    assert nav.get_by_role("link", name="Gallery Walk of Lab Reports").count() == 1
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"] == "protocols/gallery-walk/" for doc in index["docs"])


def test_school_version_replaces_the_shared_protocol(fork_site, page):
    _, url = fork_site
    page.goto(f"{url}protocols/atlas/")
    assert page.locator("article h1").inner_text().startswith("ATLAS at Riverside")
    assert page.locator(".lsw-origin").inner_text() == "Riverside Middle School's version of this protocol"
    assert page.get_by_role("link", name="Edit this page").get_attribute("href").endswith("/school/protocols/atlas.yml")
    nav = page.locator("nav.md-nav--primary")
    assert nav.get_by_role("link", name="ATLAS: Learning from Student Work").count() == 0


def test_hidden_protocol_is_gone_everywhere(fork_site, page):
    site_dir, url = fork_site
    assert not (site_dir / "protocols" / "consultancy").exists()
    page.goto(f"{url}protocols/")
    catalog = page.locator("article table")
    assert catalog.get_by_role("link", name="Consultancy Protocol").count() == 0
    assert page.locator('a[href*="consultancy"]').count() == 0
    page.goto(f"{url}protocols/tuning/")
    assert page.locator('a[href*="consultancy"]').count() == 0


def test_links_to_a_hidden_protocol_are_dropped_from_the_schools_own(fork_site, page):
    _, url = fork_site
    page.goto(f"{url}protocols/gallery-walk/")
    related = page.locator("#related ~ ul").first
    assert related.get_by_role("link").all_inner_texts() == ["ATLAS at Riverside"]
    assert "Source: Riverside Middle School science team. M. Rivera (2026)." in page.locator("article").inner_text()
    # An address with brackets, a query and a fragment passes the check and reaches the page whole.
    source = page.get_by_role("link", name="Riverside Middle School science team")
    assert source.get_attribute("href") == "https://example.org/riverside/lab-reports_(2026)/walk?grade=7&team=science#notes"


def test_catalog_marks_the_schools_protocols(fork_site, page):
    _, url = fork_site
    page.goto(f"{url}protocols/")
    row = page.locator("article table tbody tr").filter(has=page.get_by_role("link", name="Gallery Walk of Lab Reports"))
    assert "Riverside Middle School's own protocol" in row.inner_text()
    shared = page.locator("article table tbody tr").filter(has=page.get_by_role("link", name="Tuning Protocol"))
    assert "Riverside" not in shared.inner_text()


def test_merging_a_newer_shared_library_leaves_the_schools_files_alone(fork):
    before = {path: path.read_bytes() for path in (fork / "school").rglob("*") if path.is_file()}
    git(fork, "checkout", "-q", "main")
    tuning = fork / "protocols" / "tuning.yml"
    tuning.write_text(tuning.read_text(encoding="utf-8").replace("minutes: 20", "minutes: 18", 1), encoding="utf-8")
    atlas = fork / "protocols" / "atlas.yml"
    atlas.write_text(atlas.read_text(encoding="utf-8") + "\n# a later shared revision\n", encoding="utf-8")
    git(fork, "commit", "-q", "-am", "shared: revise Tuning and ATLAS")
    git(fork, "checkout", "-q", "school")
    git(fork, "merge", "-q", "--no-edit", "main")  # raises on a conflict
    changed = git(fork, "diff", "--name-only", "HEAD~1", "HEAD").split()
    assert changed and not [name for name in changed if name.startswith("school/")]
    assert {path: path.read_bytes() for path in (fork / "school").rglob("*") if path.is_file()} == before
    assert "minutes: 18" in tuning.read_text(encoding="utf-8")


@pytest.mark.slow  # builds a site
def test_scaffolded_protocol_fails_until_its_placeholders_are_replaced(tmp_path):
    project = copy_project(tmp_path / "project")
    result = subprocess.run([sys.executable, "-m", "macros.scaffold", "Gallery Walk!", "--project", str(project)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    written = project / "school" / "protocols" / "gallery-walk.yml"
    assert written.read_text(encoding="utf-8") == new_protocol("Gallery Walk!")
    with pytest.raises(ProtocolErrors) as raised:
        load_library(project / "protocols", project / "school", shown_from=project)
    assert [p.path for p in raised.value.problems] == ["summary", "purpose", "source.name", "steps[1].title", "steps[1].minutes"]
    assert all(p.found.startswith("the placeholder 'REPLACE: ") or p.found.startswith('the placeholder "REPLACE: ') for p in raised.value.problems)

    text = written.read_text(encoding="utf-8")
    for line in ("summary", "purpose", "  name", "  - title"):
        text = re.sub(rf'^{line}: "REPLACE: .*"$', f'{line}: "Written by Riverside"', text, count=1, flags=re.M)
    written.write_text(re.sub(r'^    minutes: "REPLACE: .*"$', "    minutes: 10", text, count=1, flags=re.M), encoding="utf-8")
    library = load_library(project / "protocols", project / "school", shown_from=project)
    assert library.protocols["gallery-walk"]["title"] == "Gallery Walk!"
    build = build_site(project, tmp_path / "site", "http://127.0.0.1:8000/")
    assert build.returncode == 0, build.stdout + build.stderr
    assert (tmp_path / "site" / "protocols" / "gallery-walk" / "index.html").exists()


def test_scaffold_explains_every_field():
    from macros import schema

    text = new_protocol("Anything")
    for record in (schema.PROTOCOL, schema.STEP):
        for field in record.fields:
            assert f"{field.label} ({'required' if field.required else 'optional'}" in text
            assert field.description in text


def test_school_mistakes_are_reported_with_lines(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "school").mkdir()
    (project / "school" / "school.yml").write_text("name: Riverside\ncolours:\n  primary: tealish\nhide: [consultncy]\n", encoding="utf-8")
    with pytest.raises(ProtocolErrors) as raised:
        load_library(project / "protocols", project / "school", shown_from=project)
    report = str(raised.value)
    assert "school/school.yml:3: colours.primary: found 'tealish'; expected one of: red" in report
    assert "school/school.yml:4: hide[1]: found 'consultncy'; expected the id of another protocol" in report


def test_problems_become_github_annotations(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "protocols" / "broken.yml").write_text("title: Broken\nsummary: x\npurpose: y\nsource: {name: z}\nsteps:\n  - title: A\n    minutes: ten\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "macros.check", str(project)], cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ, GITHUB_ACTIONS="true"))
    assert result.returncode == 1
    assert (
        "::error file=protocols/broken.yml,line=7,title=Protocol file%3A steps[1].minutes::"
        "steps[1].minutes: found 'ten'; expected a number of minutes from 0.5 to 240, such as 5 or 2.5"
    ) in result.stdout.splitlines()


def test_annotation_escapes_what_github_reads_as_syntax():
    from macros.validate import Problem

    line = github_annotation(Problem("protocols/a,b.yml", 3, "title", "'50%\nx'", "text"))
    assert line == "::error file=protocols/a%2Cb.yml,line=3,title=Protocol file%3A title::title: found '50%25%0Ax'; expected text"
