"""The built handbook, read as a reader gets it: protocol pages, catalog, navigation, search."""

from __future__ import annotations

import html
import json
import re

import pytest

from macros.library import load_library
from macros.render import duration, group_size, render_step

from .helpers import ROOT, build_site, copy_project, embedded_json, serve

LIBRARY = load_library(ROOT / "protocols", ROOT / "school")  # what the site shows, a fork's own files included
PROTOCOL_IDS = list(LIBRARY.protocols)
SECTIONS = [
    "At a glance",
    "Purpose",
    "Norms",
    "Roles",
    "What work to bring",
    "Before the meeting",
    "Materials",
    "Steps",
    "Debrief",
    "Variations",
    "Tips",
    "Source",
    "Related protocols",
]
SECTION_FIELDS = {
    "Norms": "norms",
    "Roles": "roles",
    "What work to bring": "bring",
    "Before the meeting": "preparation",
    "Materials": "materials",
    "Debrief": "debrief",
    "Variations": "variations",
    "Tips": "tips",
    "Related protocols": "related",
}


def plain(value: str) -> str:
    return " ".join(value.split())


def headings(page, level: str) -> list[str]:
    return [plain(text).rstrip("¶").strip() for text in page.locator(f"article {level}").all_inner_texts()]


@pytest.mark.parametrize("protocol_id", PROTOCOL_IDS)
def test_protocol_page_has_every_section_in_order(protocol_page, protocol_id):
    protocol = LIBRARY.protocols[protocol_id]
    page = protocol_page(protocol_id)
    assert headings(page, "h1") == [plain(protocol["title"])]
    expected = [s for s in SECTIONS if s not in SECTION_FIELDS or protocol[SECTION_FIELDS[s]]]
    assert headings(page, "h2") == expected
    assert page.locator(".lsw-summary").inner_text() == plain(protocol["summary"])


@pytest.mark.parametrize("protocol_id", PROTOCOL_IDS)
def test_protocol_page_shows_every_step(protocol_page, protocol_id):
    protocol = LIBRARY.protocols[protocol_id]
    page = protocol_page(protocol_id)
    steps = protocol["steps"]
    step_headings = [h for h in headings(page, "h3") if re.match(r"^\d+\. ", h)]
    assert step_headings == [f"{n}. {plain(step['title'])}" for n, step in enumerate(steps, start=1)]
    facts = page.locator(".lsw-step__facts").all_inner_texts()
    prompts = page.locator(".lsw-step__prompt").all_inner_texts()
    assert len(facts) == len(steps)
    for step, fact in zip(steps, facts, strict=True):
        assert fact.startswith(f"{step['minutes']:g} minute")
        if protocol.step_timing(step) == "suggested":
            assert "(suggested)" in fact
        if step["speaks"]:
            assert f"Who speaks: {plain(step['speaks'])}" in fact
        assert ("Presenter silent" in fact) == step["presenter_silent"]
    assert prompts == [f"Ask: {plain(step['prompt'])}" for step in steps if step["prompt"]]
    records = page.locator(".lsw-step__record").all_inner_texts()
    assert len(records) == len([step for step in steps if step["record"]])
    for step, shown in zip([step for step in steps if step["record"]], records, strict=True):
        assert all(plain(chart["label"]) in shown for chart in step["record"])
        assert shown.count("(next steps)") == len([chart for chart in step["record"] if chart["next_steps"]])
    article = plain(page.locator("article").inner_text())
    for step in steps:
        for move in step["facilitator_moves"]:
            assert plain(move["when"]) in article


def test_a_step_names_the_charts_the_group_records(page, base_url):
    page.goto(f"{base_url}protocols/atlas/")
    records = page.locator(".lsw-step__record")
    assert records.all_inner_texts() == [
        "The group records: What we see; Interpretations for step 3",
        "The group records: What we think the student is working on",
        "The group records: Implications for classroom practice (next steps)",
    ]
    # Each in its own step's section: the step heading before it.
    steps = records.evaluate_all("""paragraphs => paragraphs.map(p => {
        let e = p;
        while (e && e.tagName !== "H3") e = e.previousElementSibling;
        return e && e.id;
    })""")
    assert steps == ["step-2", "step-3", "step-4"]


def test_chart_labels_are_data_not_markup():
    atlas = LIBRARY.protocols["atlas"]
    step = {**atlas["steps"][1], "record": [{"label": '<img src=x onerror="alert(1)"> *chart* {{ y }}', "next_steps": True}]}
    shown = render_step(2, step, atlas)
    assert ('<p class="lsw-step__record"><span class="lsw-label">The group records:</span> '
            "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; *chart* {{ y }} <em>(next steps)</em></p>") in shown


@pytest.mark.parametrize("protocol_id", PROTOCOL_IDS)
def test_at_a_glance_and_source(protocol_page, protocol_id):
    protocol = LIBRARY.protocols[protocol_id]
    page = protocol_page(protocol_id)
    glance = plain(page.locator(".lsw-glance").inner_text())
    assert duration(protocol.total_minutes) in glance
    if protocol["group_size"]:
        assert group_size(protocol["group_size"]) in glance
    for role in protocol["roles"]:
        assert role["name"] in glance
    for tag in protocol["purposes"]:
        assert LIBRARY.label("purposes", tag) in glance
    source = plain(page.locator("#source ~ p").first.inner_text())
    assert protocol["source"]["name"] in source
    for author in protocol["source"]["authors"]:
        assert author in source
    assert f"({protocol['source']['year'] or 'n.d.'})" in source


@pytest.mark.parametrize("protocol_id", PROTOCOL_IDS)
def test_edit_button_opens_the_yaml_file(protocol_page, protocol_id):
    edit = protocol_page(protocol_id).get_by_role("link", name="Edit this page")
    yaml_file = LIBRARY.protocols[protocol_id].file.relative_to(ROOT).as_posix()  # protocols/ or a fork's school/protocols/
    assert re.search(rf"/edit/[^/]+/{re.escape(yaml_file)}$", edit.get_attribute("href"))


@pytest.mark.parametrize("protocol_id", PROTOCOL_IDS)
def test_step_data_for_the_timer_is_embedded(site, protocol_id):
    data = embedded_json(site, f"protocols/{protocol_id}", "lsw-timer", "data-timer")
    protocol = LIBRARY.protocols[protocol_id]
    assert data["id"] == protocol_id and data["title"] == protocol["title"]
    assert [(s["title"], s["minutes"], s["prompt"]) for s in data["steps"]] == [
        (s["title"], s["minutes"], s["prompt"]) for s in protocol["steps"]
    ]


def test_meta_description_is_the_summary(site):
    for protocol_id, protocol in LIBRARY.protocols.items():
        source = (site / "protocols" / protocol_id / "index.html").read_text(encoding="utf-8")
        found = re.findall(r'<meta name="description" content="([^"]*)">', source)
        assert [html.unescape(value) for value in found] == [protocol["summary"]]


def test_catalog_lists_every_protocol(page, base_url):
    page.goto(f"{base_url}protocols/")
    rows = page.locator("article table tbody tr")
    assert rows.count() == len(LIBRARY.protocols)
    for protocol_id, protocol in LIBRARY.protocols.items():
        row = rows.filter(has=page.get_by_role("link", name=protocol["title"], exact=True))
        text = plain(row.inner_text())
        assert plain(protocol["summary"]) in text
        assert duration(protocol.total_minutes) in text
        for tag in protocol["purposes"]:
            assert LIBRARY.label("purposes", tag) in text
        row.get_by_role("link", name=protocol["title"], exact=True).click()
        assert page.url == f"{base_url}protocols/{protocol_id}/"
        page.go_back()


def test_navigation_lists_protocols_and_guidance(page, base_url):
    page.goto(base_url)
    nav = page.locator("nav.md-nav--primary")
    links = {plain(text) for text in nav.get_by_role("link").all_inner_texts()}
    for protocol in LIBRARY.protocols.values():
        assert plain(protocol["title"]) in links
    for title in ("Bringing student work", "Choosing a protocol", "Glossary", "The protocol file"):
        assert any(link.lower().startswith(title.lower()) for link in links), f"{title!r} not in {sorted(links)}"


def test_search_index_has_every_protocol_and_step(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"]: doc for doc in index["docs"]}
    for protocol_id in LIBRARY.protocols:
        assert f"protocols/{protocol_id}/" in locations
        assert f"protocols/{protocol_id}/#steps" in locations
        assert f"protocols/{protocol_id}/#step-1" in locations


def test_field_reference_lists_every_field(page, base_url):
    from macros import schema

    page.goto(f"{base_url}reference/protocol-file/")
    text = page.locator("article").inner_text()
    for field in schema.PROTOCOL.fields + schema.STEP.fields:
        assert f"{field.key}" in text
    assert "steps[].minutes" in text


def test_json_schema_files_match_the_schema(site):
    from macros import jsonschema

    for name, (title, record) in jsonschema.FILES.items():
        committed = (ROOT / "protocols" / name).read_text(encoding="utf-8")
        assert committed == jsonschema.dumps(jsonschema.document(title, record)), f"run `python -m macros.jsonschema` to update protocols/{name}"
    published = json.loads((site / "schema" / "protocol.schema.json").read_text(encoding="utf-8"))
    assert "minutes" in published["properties"]["steps"]["items"]["properties"]


@pytest.mark.slow  # builds a site
def test_hand_written_pages_are_not_templates(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs" / "about.md").write_text(
        (project / "docs" / "about.md").read_text(encoding="utf-8") + "\n\nLiteral {{ braces }} and {% tags %}.\n", encoding="utf-8"
    )
    result = build_site(project, tmp_path / "site", "http://127.0.0.1:8000/")
    assert result.returncode == 0, result.stderr
    about = (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "Literal {{ braces }} and {% tags %}." in about


NEW_PROTOCOL = """\
title: "Fishbowl <b>review</b> {{ not_a_macro }}"
summary: "A school's own protocol, with {% raw %} and <script>alert(1)</script> in its text."
purpose: |
  Added by a school to check that one new file is all it takes.
source:
  name: Riverside Middle School
  authors: [A. Coach]
  year: 2026
purposes: [understand-thinking]
samples: [class-set]
steps:
  - title: Look closely
    minutes: 7
    speaks: "Inner circle </div><p>escaped"
    presenter_silent: true
    prompt: "What do you notice about {{ x }}?"
    record:
      - label: "<img src=x onerror=alert(1)> *chart* {{ y }}"
        next_steps: true
  - title: Share back
    minutes: 8
"""


def test_a_new_yaml_file_becomes_a_full_page(tmp_path, browser):
    project = copy_project(tmp_path / "project")
    (project / "protocols" / "fishbowl-review.yml").write_text(NEW_PROTOCOL, encoding="utf-8")
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    server, url = serve(site_dir)
    try:
        result = build_site(project, site_dir, url)
        assert result.returncode == 0, result.stdout + result.stderr
        page = browser.new_page()
        page.goto(f"{url}protocols/fishbowl-review/")
        title = "Fishbowl <b>review</b> {{ not_a_macro }}"
        assert page.locator("article h1").inner_text().rstrip("¶").strip() == title
        assert "<script>alert(1)</script>" in page.locator(".lsw-summary").inner_text()
        assert page.locator("article script").count() == 0
        facts = page.locator(".lsw-step__facts").first.inner_text()
        assert "Who speaks: Inner circle </div><p>escaped" in facts and "Presenter silent" in facts
        assert page.locator(".lsw-step__prompt").inner_text() == "Ask: What do you notice about {{ x }}?"
        assert page.locator(".lsw-step__record").inner_text() == "The group records: <img src=x onerror=alert(1)> *chart* {{ y }} (next steps)"
        assert page.locator("article img").count() == 0
        timer = json.loads(page.locator(".lsw-timer").get_attribute("data-timer"))
        assert timer["steps"][0]["speaks"] == "Inner circle </div><p>escaped"
        assert [step["record"] for step in timer["steps"]] == [[{"label": "<img src=x onerror=alert(1)> *chart* {{ y }}", "next_steps": True}], []]
        assert page.get_by_role("link", name="Edit this page").get_attribute("href").endswith("protocols/fishbowl-review.yml")
        nav = page.locator("nav.md-nav--primary")
        assert nav.get_by_role("link", name=title, exact=True).count() == 1
        page.goto(f"{url}protocols/")
        assert page.locator("article table").get_by_role("link", name=title, exact=True).count() == 1
        index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert any(doc["location"] == "protocols/fishbowl-review/" for doc in index["docs"])
        page.close()
    finally:
        server.shutdown()
