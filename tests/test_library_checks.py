"""Checks across files: which files are read, ids, a school's replacements, hides, tags and logo.

Each case writes a few files beside a copy of the real protocols and names the messages the
check must give; one test puts many of them together to show that every problem comes at once.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from macros import scaffold, schema
from macros.library import ProtocolErrors, load_library
from macros.scaffold import new_protocol

from .helpers import ROOT

OWN = """\
title: Gallery Walk
summary: Teachers walk past a class set of work and leave notes on what they notice.
purpose: To see a whole class's reasoning at once.
source: {name: Riverside science team}
steps: [{title: Walk and read, minutes: 15}]
"""

ATLAS = (ROOT / "protocols" / "atlas.yml").read_text(encoding="utf-8")


def project_with(tmp_path: Path, files: dict[str, str]) -> Path:
    """A copy of the real protocols plus `files` (path -> text; text 'LINK:target' makes a link)."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "protocols", project / "protocols")
    for name, text in files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if text.startswith("LINK:"):
            os.symlink(text[len("LINK:"):], path)
        else:
            path.write_text(text, encoding="utf-8")
    return project


def messages(project: Path) -> list[str]:
    with pytest.raises(ProtocolErrors) as raised:
        load_library(project / "protocols", project / "school", shown_from=project)
    return [str(problem) for problem in raised.value.problems]


def school_with(*lines: str) -> str:
    return "\n".join(["name: Riverside", *lines]) + "\n"


ONLY_YML = "the extension .yml in lower case"
CASES = {
    "upper-case-extension": (
        {"protocols/gallery.YML": OWN, "school/protocols/walk.Yml": OWN},
        [
            f"protocols/gallery.YML:1: (file name): found the extension .YML; expected {ONLY_YML}: rename it to gallery.yml",
            f"school/protocols/walk.Yml:1: (file name): found the extension .Yml; expected {ONLY_YML}: rename it to walk.yml",
        ],
    ),
    "subfolders": (
        {"protocols/drafts/gallery.yml": OWN, "school/protocols/old/walk.yaml": OWN},
        [
            "protocols/drafts/gallery.yml:1: (file name): found a protocol file in the subfolder protocols/drafts/; "
            "expected protocol files directly in protocols/: move it to protocols/gallery.yml (files in subfolders are not read)",
            "school/protocols/old/walk.yaml:1: (file name): found a protocol file in the subfolder school/protocols/old/; "
            "expected protocol files directly in school/protocols/: move it to school/protocols/walk.yaml (files in subfolders are not read)",
        ],
    ),
    "broken-links": (
        {"protocols/gallery.yml": "LINK:drafts/gallery.yml", "school/protocols/walk.yml": "LINK:../../elsewhere/walk.yml"},
        [
            "protocols/gallery.yml:1: (file name): found a link to drafts/gallery.yml, which does not exist; "
            "expected a protocol file: restore the file the link points to, or delete the link",
            "school/protocols/walk.yml:1: (file name): found a link to ../../elsewhere/walk.yml, which does not exist; "
            "expected a protocol file: restore the file the link points to, or delete the link",
        ],
    ),
    "linked-folder": (
        {"elsewhere/gallery.yml": OWN, "protocols/more": "LINK:../elsewhere"},
        ["protocols/more:1: (file name): found a link to the folder ../elsewhere; expected protocol files directly in protocols/ (folders are not read)"],
    ),
    "underscore-names": (
        {"protocols/_draft.yml": OWN, "school/protocols/_vocabulary.yml": "purposes: {}\n"},
        [
            "protocols/_draft.yml:1: (file name): found '_draft.yml'; expected a file name of lower-case letters, digits and hyphens",
            "school/protocols/_vocabulary.yml:1: (file name): found '_vocabulary.yml'; expected a file name of lower-case letters",
        ],
    ),
    "reserved-ids": (
        {"school/protocols/index.yml": OWN, "protocols/con.yml": OWN},
        [
            "school/protocols/index.yml:1: (file name): found the id 'index', which the handbook keeps for the page that lists "
            "every protocol (protocols/index.md); expected another file name (reserved: index, con, prn, aux, nul, com1, com2,",
            "protocols/con.yml:1: (file name): found the id 'con', which the handbook keeps for a name Windows cannot give a folder",
        ],
    ),
    "school-file-with-a-shared-id": (
        {"school/protocols/atlas.yml": ATLAS},
        [
            "school/protocols/atlas.yml:1: (file name): found the id 'atlas', which the shared protocol protocols/atlas.yml has; "
            "expected either the line 'replaces: atlas' in this file, to use it instead of the shared one, "
            "or another file name for a protocol of the school's own",
        ],
    ),
    "replaces-another-id": (
        {"school/protocols/atlas.yml": "replaces: tuning\n" + ATLAS},
        [
            "school/protocols/atlas.yml:1: replaces: found 'tuning', which is not this file's id 'atlas'; "
            "expected replaces: atlas (a school's file replaces the shared protocol of the same file name; "
            "to replace tuning, name the file tuning.yml)",
        ],
    ),
    "replaces-nothing-shared": (
        {"school/protocols/gallery-walk.yml": "replaces: gallery-walk\n" + OWN},
        [
            "school/protocols/gallery-walk.yml:1: replaces: found 'gallery-walk', which is not a shared protocol; "
            "expected no replaces field for a protocol of the school's own, or the id of one in protocols/: atlas, ",
        ],
    ),
    "hidden-and-replaced": (
        {"school/school.yml": school_with("hide:", "  - consultancy", "  - atlas"), "school/protocols/atlas.yml": "replaces: atlas\n" + ATLAS},
        [
            "school/school.yml:4: hide[2]: found 'atlas', which school/protocols/atlas.yml also replaces; "
            "expected either hide it (and delete school/protocols/atlas.yml) or replace it (and take it out of hide)",
        ],
    ),
    "hide-written-as-a-string": (
        {"school/school.yml": school_with("hide: consultancy")},
        ["school/school.yml:2: hide: found 'consultancy'; expected a list (one item per line, each starting with '- ')"],
    ),
    "hide-twice": (
        {"school/school.yml": school_with("hide: [consultancy, tuning, consultancy]")},
        ["school/school.yml:2: hide[3]: found 'consultancy' a second time (also hide[1]); expected each protocol once: delete this line"],
    ),
    "every-protocol-hidden": (
        {"school/school.yml": school_with("hide:", *(f"  - {p.stem}" for p in sorted((ROOT / "protocols").glob("[!_]*.yml"))))},
        ["school/school.yml:2: hide: found every shared protocol hidden, and no protocol of the school's own; expected at least one protocol in the handbook"],
    ),
    "related-twice-and-as-a-string": (
        {
            "school/protocols/gallery-walk.yml": OWN + "related:\n  - atlas\n  - tuning\n  - atlas\n",
            "school/protocols/walk.yml": OWN + "related: atlas\n",
        },
        [
            "school/protocols/gallery-walk.yml:9: related[3]: found 'atlas' a second time (also related[1]); expected each protocol once: delete this line",
            "school/protocols/walk.yml:6: related: found 'atlas'; expected a list (one item per line, each starting with '- ')",
        ],
    ),
    "school-vocabulary-relabels-a-shared-tag": (
        {"school/vocabulary.yml": "samples:\n  class-set:\n    label: Our classes\n  portfolio:\n    label: A portfolio\n"},
        [
            "school/vocabulary.yml:2: samples.class-set: found the tag 'class-set', which protocols/_vocabulary.yml already has "
            "(labelled 'A class set'); expected a new tag id: a school's tags add to the shared ones and cannot change them",
        ],
    ),
    "logo-outside-school": (
        {"school/school.yml": school_with("logo: ../docs/logo.svg"), "docs/logo.svg": "<svg/>"},
        ["school/school.yml:2: logo: found '../docs/logo.svg', a path that leaves school/; expected the name of a picture file (.svg, .png,"],
    ),
    "logo-absolute": (
        {"school/school.yml": school_with("logo: /etc/logo.svg")},
        ["school/school.yml:2: logo: found '/etc/logo.svg', a path that leaves school/; expected the name of a picture file"],
    ),
    "logo-link-leaving-school": (
        {"school/school.yml": school_with("logo: logo.svg"), "outside/logo.svg": "<svg/>", "school/logo.svg": "LINK:../outside/logo.svg"},
        ["school/school.yml:2: logo: found 'logo.svg', a link to a file outside school/; expected the name of a picture file"],
    ),
    "logo-name-with-a-quote": (
        {"school/school.yml": school_with("""logo: 'x" onerror="alert(1).svg'""")},
        ["""school/school.yml:2: logo: found 'x" onerror="alert(1).svg'; expected the name of a picture file"""],
    ),
    "logo-not-a-picture": (
        {"school/school.yml": school_with("logo: notes.txt"), "school/notes.txt": "hello"},
        ["school/school.yml:2: logo: found 'notes.txt', which is not a picture file; expected the name of a picture file"],
    ),
    "logo-missing": (
        {"school/school.yml": school_with("footer: Riverside", "logo: logo.svg")},
        ["school/school.yml:3: logo: found 'logo.svg', which is not in school/; expected the name of a picture file"],
    ),
    "school-markdown-and-addresses": (
        {
            "school/school.yml": school_with(
                "contact: 'Write to <a href=\"javascript:alert(1)\">the coach</a>'",
                "welcome: |",
                "  Welcome.",
                "  <div>",
                "repository: https://github.com/riverside ms/handbook",
            )
        },
        [
            "school/school.yml:2: contact: found raw HTML <a>; expected Markdown (HTML is not allowed here",
            "school/school.yml:3: welcome: found raw HTML <div>; expected Markdown (HTML is not allowed here",
            "school/school.yml:6: repository: found 'https://github.com/riverside ms/handbook'; expected a full web address starting with https://",
        ],
    ),
}


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES.keys())
def test_case_gives_its_messages(tmp_path, files, expected):
    found = messages(project_with(tmp_path, files))
    for message in expected:
        assert any(line.startswith(message) for line in found), "\n".join(found)


def test_every_problem_in_every_file_comes_at_once(tmp_path):
    files = {
        "protocols/gallery.YML": OWN,
        "protocols/drafts/gallery.yml": OWN,
        "protocols/con.yml": OWN,
        "school/school.yml": school_with("logo: ../x.svg", "hide: [consultancy, consultancy]"),
        "school/vocabulary.yml": "purposes:\n  dilemma:\n    label: Our dilemmas\n",
        "school/protocols/atlas.yml": ATLAS,
        "school/protocols/gallery-walk.yml": OWN + "related: [tuning, tuning]\n",
    }
    found = messages(project_with(tmp_path, files))
    for start in [
        "protocols/gallery.YML:1: (file name): found the extension .YML",
        "protocols/drafts/gallery.yml:1: (file name): found a protocol file in the subfolder",
        "protocols/con.yml:1: (file name): found the id 'con'",
        "school/school.yml:2: logo: found '../x.svg', a path that leaves school/",
        "school/school.yml:3: hide[2]: found 'consultancy' a second time",
        "school/vocabulary.yml:2: purposes.dilemma: found the tag 'dilemma'",
        "school/protocols/atlas.yml:1: (file name): found the id 'atlas'",
        "school/protocols/gallery-walk.yml:6: related[2]: found 'tuning' a second time",
    ]:
        assert any(line.startswith(start) for line in found), "\n".join(found)
    assert len(found) == 8, "\n".join(found)


def test_an_empty_protocols_folder_is_a_problem(tmp_path):
    folder = tmp_path / "protocols"
    folder.mkdir()
    shutil.copy(ROOT / "protocols" / "_vocabulary.yml", folder)
    shutil.copy(ROOT / "protocols" / "protocol.schema.json", folder)
    with pytest.raises(ProtocolErrors) as raised:
        load_library(folder, shown_from=tmp_path)
    assert [str(p) for p in raised.value.problems] == [
        "protocols:1: (folder): found no protocol files; expected at least one protocol file, such as protocols/tuning.yml"
    ]


def test_a_school_version_that_says_so_replaces_the_shared_protocol(tmp_path):
    adapted = "replaces: atlas\n" + ATLAS.replace('title: "ATLAS: Learning from Student Work"', 'title: "ATLAS at Riverside"')
    project = project_with(tmp_path, {"school/protocols/atlas.yml": adapted, "school/school.yml": school_with("hide: [consultancy]")})
    library = load_library(project / "protocols", project / "school", shown_from=project)
    atlas = library.protocols["atlas"]
    assert (atlas["title"], atlas.origin, atlas.replaces_shared) == ("ATLAS at Riverside", "school", True)
    assert "consultancy" not in library.protocols


def test_placeholders_of_a_new_file_are_each_reported_once(tmp_path):
    project = project_with(tmp_path, {"school/protocols/gallery-walk.yml": new_protocol("Gallery Walk")})
    found = messages(project)
    replace = "expected what the placeholder asks for: replace the placeholder, 'REPLACE:' included"
    assert [line.split(": found ")[0] for line in found] == [
        "school/protocols/gallery-walk.yml:14: summary",
        "school/protocols/gallery-walk.yml:16: purpose",
        "school/protocols/gallery-walk.yml:20: source.name",
        "school/protocols/gallery-walk.yml:73: steps[1].title",
        "school/protocols/gallery-walk.yml:75: steps[1].minutes",
    ]
    assert found[-1] == (
        "school/protocols/gallery-walk.yml:75: steps[1].minutes: found the placeholder "
        f"'REPLACE: how many minutes the step takes, such as 10'; {replace}"
    )
    assert all(line.endswith(replace) for line in found)


def test_a_new_file_with_its_placeholders_replaced_is_valid(tmp_path):
    text = new_protocol("Gallery Walk")
    for placeholder, value in scaffold.STARTING_VALUES.items():
        text = text.replace(f'"{value}"', "10" if placeholder.endswith("minutes") else '"Our own words"')
    project = project_with(tmp_path, {"school/protocols/gallery-walk.yml": text})
    library = load_library(project / "protocols", project / "school", shown_from=project)
    assert library.protocols["gallery-walk"]["steps"][0]["minutes"] == 10


@pytest.mark.parametrize(
    "arguments, refusal",
    [
        (["Index"], "'index' is kept for the page that lists every protocol (protocols/index.md): choose another title."),
        (["Con"], "'con' is kept for a name Windows cannot give a folder"),
        (["Tuning"], "the shared protocol protocols/tuning.yml already has the id 'tuning': choose another title, or add --replaces"),
        (["Gallery Walk"], "school/protocols/gallery-walk.yml already exists: choose another title or edit that file."),
        (["Gallery Walk", "--replaces"], "school/protocols/gallery-walk.yml already exists"),
        (["Lab Walk", "--replaces"], "there is no shared protocol protocols/lab-walk.yml to replace: leave out --replaces."),
    ],
)
def test_new_refuses_ids_that_are_taken_or_reserved(tmp_path, capsys, arguments, refusal):
    project = project_with(tmp_path, {"school/protocols/gallery-walk.yml": OWN})
    assert scaffold.main([*arguments, "--project", str(project)]) == 1
    assert capsys.readouterr().err.startswith(refusal)
    assert sorted(p.name for p in (project / "school" / "protocols").iterdir()) == ["gallery-walk.yml"]


def test_new_with_replaces_starts_the_schools_version(tmp_path, capsys):
    project = project_with(tmp_path, {})
    assert scaffold.main(["Tuning", "--replaces", "--project", str(project)]) == 0
    text = (project / "school" / "protocols" / "tuning.yml").read_text(encoding="utf-8")
    assert '\nreplaces: "tuning"\n' in text
    found = messages(project)
    assert found and all(": found the placeholder " in line for line in found), "\n".join(found)


def test_every_page_beside_the_protocols_has_a_reserved_id():
    pages = {page.stem for page in (ROOT / "docs" / "protocols").glob("*.md")}
    assert pages <= set(schema.RESERVED_IDS), pages - set(schema.RESERVED_IDS)


def test_the_field_reference_names_every_allowed_tag_and_reserved_id():
    page = (ROOT / "docs" / "reference" / "protocol-file.md").read_text(encoding="utf-8")
    for tag in schema.ALLOWED_HTML_TAGS:
        assert f"`<{tag}>`" in page, tag
    for reserved in schema.RESERVED_IDS:
        named = f"`{reserved}`" in page or (reserved[:3] in ("com", "lpt") and f"`{reserved[:3]}1` to `{reserved[:3]}9`" in page)
        assert named, reserved
    assert "replaces: atlas" in page
