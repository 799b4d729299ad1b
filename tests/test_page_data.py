"""The data contract between the build and the browser (macros/page_data.py, schema.PAGE_DATA).

What every built page hands its scripts is checked against the shape written down in
macros/schema.py; every address in it leads to the page it names, from the page that
holds it, on the web and in the offline edition; and the words the browser says for a
length of time are the build's.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
from mkdocs.structure.files import File, Files

import macros
from macros import page_data, render, schema
from macros.library import load_library

from .helpers import ROOT

LIBRARY = load_library(ROOT / "protocols", ROOT / "school")
WIDGET = re.compile(r'<div class="lsw-(?:timer|finder|planner)" ([^>]*)>')
DATA = re.compile(r'(data-[a-z]+)="([^"]*)"')


def embedded(site: Path) -> dict[str, list[tuple[str, object]]]:
    """Every page of the built site that hands its scripts data: (attribute, data) by page address."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        widgets = WIDGET.findall(path.read_text(encoding="utf-8"))
        data = [(name, json.loads(html.unescape(value))) for attributes in widgets for name, value in DATA.findall(attributes)]
        if data:
            found[path.parent.relative_to(site).as_posix() + "/"] = data
    return found


@pytest.fixture(scope="module")
def pages(site) -> dict[str, list[tuple[str, object]]]:
    return embedded(site)


def test_the_pages_that_hand_their_scripts_data_are_the_protocols_the_finder_and_the_planner(pages):
    expected = {f"protocols/{protocol_id}/": ["data-timer", "data-records"] for protocol_id in LIBRARY.protocols}
    expected |= {"plan/finder/": ["data-finder"], "plan/planner/": ["data-planner", "data-records"]}
    assert {page: [name for name, _ in data] for page, data in pages.items()} == expected


def test_every_page_hands_its_scripts_data_of_the_documented_shape(pages):
    for page, data in pages.items():
        for name, value in data:
            errors = sorted(jsonschema.Draft202012Validator(schema.PAGE_DATA[name]).iter_errors(value), key=str)
            assert errors == [], f"{page} {name}: " + "; ".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5])


def protocols_in(name: str, value: dict) -> list[dict]:
    return [value] if name == "data-timer" else value["protocols"]


def test_every_address_leads_to_the_page_it_names(site, pages):
    for page, data in pages.items():
        for name, value in data:
            if name == "data-records":
                assert posixpath.normpath(posixpath.join(page, value)) == "meetings", (page, value)
                assert (site / "meetings" / "index.html").is_file()
                continue
            for protocol in protocols_in(name, value):
                target = posixpath.normpath(posixpath.join(page, protocol["address"])) + "/"
                assert target == f"protocols/{protocol['id']}/", (page, protocol["address"])
                assert (site / target / "index.html").is_file()
            if name == "data-finder":
                assert posixpath.normpath(posixpath.join(page, value["planner"])) == "plan/planner"


def test_what_atlas_hands_its_scripts(pages):
    atlas = dict(pages["protocols/atlas/"])["data-timer"]
    atlas = dict(atlas)  # the pages are shared by the module's tests: take the steps from a copy
    steps = [(s["title"], s["minutes"], s["duration"], s["presenter_silent"], s["suggested"]) for s in atlas.pop("steps")]
    assert atlas == {
        "id": "atlas",
        "address": "./",
        "title": "ATLAS: Learning from Student Work",
        "summary": LIBRARY.protocols["atlas"]["summary"],
        "minutes": 50,
        "duration": "50 minutes",
        "group_size": None,
        "group_size_label": None,
        "trust": {"level": "medium", "label": "Medium: used to sharing work"},
        "purposes": [{"tag": "understand-thinking", "label": "Understand student thinking"}, {"tag": "plan-instruction", "label": "Plan next teaching"}],
        "samples": [{"tag": "one-student-one-assignment", "label": "One student, one assignment"},
                    {"tag": "several-students-one-assignment", "label": "Several students, one assignment"}],
        "origin_note": None,
    }
    assert steps == [
        ("Getting started", 5, "5 minutes", False, True),
        ("Describing the student work", 10, "10 minutes", True, False),
        ("Interpreting the student work", 10, "10 minutes", True, False),
        ("Implications for classroom practice", 10, "10 minutes", True, False),
        ("Reflecting on the ATLAS", 10, "10 minutes", False, False),
        ("Debriefing the process", 5, "5 minutes", False, True),
    ]


# What each step of ATLAS records, as its source's chart paper has it (see test_content).
ATLAS_RECORD = [
    [],
    [{"label": "What we see", "next_steps": False}, {"label": "Interpretations for step 3", "next_steps": False}],
    [{"label": "What we think the student is working on", "next_steps": False}],
    [{"label": "Implications for classroom practice", "next_steps": True}],
    [],
    [],
]


def test_every_step_hands_over_its_record_on_every_page(pages):
    timer = dict(pages["protocols/atlas/"])["data-timer"]
    finder = dict(pages["plan/finder/"])["data-finder"]
    planner = dict(pages["plan/planner/"])["data-planner"]
    for protocols in ([timer], finder["protocols"], planner["protocols"]):
        atlas = next(p for p in protocols if p["id"] == "atlas")
        assert [step["record"] for step in atlas["steps"]] == ATLAS_RECORD
    # Always present, empty when a step records nothing, so a script never has to guess.
    for page, data in pages.items():
        for name, value in data:
            for protocol in protocols_in(name, value) if name != "data-records" else []:
                assert all(isinstance(step["record"], list) for step in protocol["steps"]), (page, protocol["id"])


@pytest.mark.parametrize(
    "broken",
    [
        {},
        {"record": None},
        {"record": "What we see"},
        {"record": [{"label": "What we see"}]},
        {"record": [{"label": "", "next_steps": False}]},
        {"record": [{"label": "What we see", "next_steps": "false"}]},
        {"record": [{"label": "What we see", "next_steps": False, "items": []}]},
    ],
    ids=["no record field", "record null", "record as text", "chart without next_steps", "chart without a label", "next_steps as text",
         "a key the contract does not have"],
)
def test_the_documented_shape_refuses_a_record_that_is_not_it(broken):
    """`broken` replaces the record of ATLAS's second step; {} leaves the step without one."""
    good = page_data.protocol(LIBRARY.protocols["atlas"], LIBRARY, "./")
    jsonschema.validate(good, schema.PROTOCOL_DATA)
    second = {key: value for key, value in good["steps"][1].items() if key != "record"} | broken
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**good, "steps": [good["steps"][0], second, *good["steps"][2:]]}, schema.PROTOCOL_DATA)


def test_the_finder_offers_every_tag_and_trust_level_with_its_label(pages):
    finder = dict(pages["plan/finder/"])["data-finder"]
    assert finder["trust"] == [
        {"level": "low", "label": "Low: new to each other or to protocols"},
        {"level": "medium", "label": "Medium: used to sharing work"},
        {"level": "high", "label": "High: at ease hearing cool feedback"},
    ]
    assert [entry["tag"] for entry in finder["purposes"]] == list(LIBRARY.vocabulary["purposes"])
    assert {"tag": "class-set", "label": "A class set"} in finder["samples"]
    assert finder["planner"] == "../planner/"


@pytest.mark.parametrize(
    "broken",
    [
        {"minutes": "50"},
        {"duration": None},
        {"address": ""},
        {"trust": "medium"},
        {"group_size": {"min": 4}},
        {"purposes": ["understand-thinking"]},
        {"steps": []},
        {"origin": "shared"},
    ],
    ids=["minutes as text", "no duration", "no address", "trust without its label", "group size without max",
         "tags without labels", "no steps", "a key the contract does not have"],
)
def test_the_documented_shape_refuses_data_that_is_not_it(broken):
    good = page_data.protocol(LIBRARY.protocols["atlas"], LIBRARY, "./")
    jsonschema.validate(good, schema.PROTOCOL_DATA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**good, **broken}, schema.PROTOCOL_DATA)


def test_only_the_finder_and_the_planner_load_their_stylesheet(site):
    linking = sorted(path.parent.relative_to(site).as_posix() for path in site.rglob("*.html") if "plan.css" in path.read_text(encoding="utf-8"))
    assert linking == ["plan/finder", "plan/planner"]
    for page in linking:
        source = (site / page / "index.html").read_text(encoding="utf-8")
        assert source.count('<link rel="stylesheet" href="../../assets/stylesheets/plan.css">') == 1


# The offline edition has no directory URLs: protocols/atlas.html, plan/finder.html.


class Env:
    """What the macros module needs of mkdocs-macros while a page renders: the configuration,
    the build's files, the current page and a way to register macros."""

    def __init__(self, use_directory_urls: bool, page: str):
        paths = [*(f"protocols/{protocol_id}.md" for protocol_id in LIBRARY.protocols), "plan/finder.md", "plan/planner.md",
                 "assets/stylesheets/plan.css"]
        files = Files([File(path, "docs", "site", use_directory_urls) for path in paths])
        self.conf = {"protocol_library": LIBRARY}
        self.variables = {"files": files}
        self.page = SimpleNamespace(file=files.get_file_from_path(page), url=files.get_file_from_path(page).url)
        self.macros = {}

    def macro(self, function):
        self.macros[function.__name__] = function
        return function


@pytest.mark.parametrize(
    "use_directory_urls, atlas, planner, stylesheet",
    [(True, "../../protocols/atlas/", "../planner/", "../../assets/stylesheets/plan.css"),
     (False, "../protocols/atlas.html", "planner.html", "../assets/stylesheets/plan.css")],
    ids=["on the web", "in the offline edition"],
)
def test_addresses_follow_the_editions_urls(use_directory_urls, atlas, planner, stylesheet):
    env = Env(use_directory_urls, "plan/finder.md")
    macros.define_env(env)
    shown = env.macros["protocol_finder"]()
    data = json.loads(html.unescape(re.search(r'data-finder="([^"]*)"', shown)[1]))
    assert next(p["address"] for p in data["protocols"] if p["id"] == "atlas") == atlas
    assert data["planner"] == planner
    assert f'<a href="{atlas}">' in shown and f'<link rel="stylesheet" href="{stylesheet}">' in shown


# The browser's words for a length of time are the build's.


@pytest.fixture(scope="module")
def duration_in_the_browser(browser):
    page = browser.new_page()
    page.add_script_tag(path=str(ROOT / "docs/assets/javascripts/format/index.js"))
    yield lambda values: page.evaluate("values => values.map(handbook.format.duration)", values)
    page.close()


@pytest.mark.parametrize(
    "minutes, words",
    [(0.5, "0.5 minutes"), (1, "1 minute"), (2.5, "2.5 minutes"), (59.5, "59.5 minutes"), (60, "1 h"),
     (61, "1 h 1 min"), (70, "1 h 10 min"), (90.5, "1 h 30.5 min"), (120, "2 h"), (1440, "24 h")],
)
def test_a_length_of_time_in_words(duration_in_the_browser, minutes, words):
    assert render.duration(minutes) == words
    assert duration_in_the_browser([minutes]) == [words]


def test_the_browser_says_every_length_as_the_build_does(duration_in_the_browser):
    lengths = [n / 2 for n in range(1, 24 * 60 * 2 + 1)]  # half a minute to a day
    assert duration_in_the_browser(lengths) == [render.duration(m) for m in lengths]
