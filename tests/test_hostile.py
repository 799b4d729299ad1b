"""Hostile protocol and school files: whatever they hold, the published handbook runs none of it.

One build of a copy of the handbook whose school name, footer, vocabulary and two protocols
carry script in every plain-text field. Every page that shows them is opened in Chromium,
which must show no dialog, no page error and no sign that a payload ran, while the text
reads exactly as written. Markdown fields cannot bring HTML into a build (the check refuses
it), so the sanitiser's side is tested on a page rendered from a protocol held in memory,
then loaded into Chromium as it is.
"""

from __future__ import annotations

import copy
import dataclasses
from html.parser import HTMLParser

import markdown
import pytest
import yaml

import macros
from macros import page_data, render, school
from macros.library import Library, load_library

from .helpers import ROOT, build_site, copy_project, serve, shot

# Each payload, were it to run, opens a dialog or sets window.__pwned.
TITLE_QUOTE = 'Q "><img src=x onerror=alert(3)>'
TITLE_CLOSE = "</title><script>alert(4)</script>"
SCHOOL_NAME = 'Smith & Jones "><img src=x onerror=alert("school")><script>window.__pwned="school"</script>'
SITE_TITLE = 'Smith & Jones "><img src=x onerror=alert("school")><script>window.__pwned="school"</script>: Looking at Student Work Together'
FOOTER = '</div><img src=x onerror=alert("footer")> Smith & Jones'
PURPOSE_LABEL = '<img src=x onerror=alert("purpose")> Purpose & label'
SAMPLE_LABEL = '</option></select><script>window.__pwned="sample"</script>'

SCHOOL = {
    "name": SCHOOL_NAME,
    "footer": FOOTER,
    "contact": "Questions? Ask **Smith & Jones**.",
    "welcome": "Welcome, *Smith & Jones* teachers.",
}
VOCABULARY = {
    "purposes": {"hostile-purpose": {"label": PURPOSE_LABEL, "description": '"><script>alert("purpose description")</script>'}},
    "samples": {"hostile-sample": {"label": SAMPLE_LABEL}},
}
QUOTE = {
    "title": TITLE_QUOTE,
    "summary": '"><script>alert("summary")</script> & <b>not bold</b>',
    "purpose": "Purpose in plain words.",
    "source": {"name": '<img src=x onerror=alert("source")>', "authors": ['<script>window.__pwned="author"</script>']},
    "purposes": ["hostile-purpose"],
    "samples": ["hostile-sample"],
    "norms": [{"name": '<img src=x onerror=alert("norm")>', "description": "Listen first."}],
    "roles": [{"name": '</li></ul><script>alert("role")</script>', "does": "Keeps time."}],
    "steps": [
        {
            "title": '<img src=x onerror=alert("step")>',
            "minutes": 5,
            "speaks": '<svg onload=alert("speaks")>',
            "prompt": '</p><script>alert("prompt")</script>',
            "facilitator_moves": [{"when": '<img src=x onerror=alert("when")>', "move": "Wait."}],
        },
        {"title": "{{ config }} *not emphasis* [not a link](javascript:alert(1))", "minutes": 5},
    ],
    "debrief": [{"heading": '<img src=x onerror=alert("debrief")>', "questions": ['<script>alert("question")</script>']}],
    "variations": [{"name": '<img src=x onerror=alert("variation")>', "description": "Shorter."}],
    "related": ["closing-title"],
}
CLOSE = {
    "title": TITLE_CLOSE,
    "summary": '</title><script>alert("summary 4")</script> {% raw %}',
    "purpose": "Purpose in plain words.",
    "source": {"name": "A school team"},
    "preparation": [{"role": '<img src=x onerror=alert("preparation")>', "tasks": ["Read the work."]}],
    "steps": [{"title": '</h3><script>alert("step 4")</script>', "minutes": 10, "prompt": 'What is "here" & <there>?'}],
    "related": ["quote-title"],
}
PAGES = {"quote-title": QUOTE, "closing-title": CLOSE}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The handbook with the hostile school and protocols, built once and served."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "handbook")
    school = project / "school"
    (school / "protocols").mkdir(parents=True)
    files = {"school.yml": SCHOOL, "vocabulary.yml": VOCABULARY, **{f"protocols/{i}.yml": data for i, data in PAGES.items()}}
    for name, data in files.items():
        (school / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site_dir = tmp_path_factory.mktemp("hostile-site") / "site"
    site_dir.mkdir()
    server, url = serve(site_dir)
    result = build_site(project, site_dir, url)
    assert result.returncode == 0, result.stdout + result.stderr
    yield url
    server.shutdown()


class Watched:
    """A page that records every dialog, page error and payload that ran."""

    def __init__(self, page):
        self.page = page
        self.ran: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda error: self.ran.append(f"page error: {error}"))

    def _dialog(self, dialog):
        self.ran.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def check(self):
        pwned = self.page.evaluate("window.__pwned")
        assert self.ran == [] and pwned is None, f"{self.ran}, window.__pwned = {pwned!r}"


@pytest.fixture
def watched(browser, hostile_site):
    """A fresh page on the hostile build; the test fails if anything ran on it, at any moment."""
    context = browser.new_context()
    watched = Watched(context.new_page())
    yield watched
    watched.check()
    context.close()


def meta(page, attribute: str, name: str) -> str:
    return page.locator(f'meta[{attribute}="{name}"]').get_attribute("content")


@pytest.mark.parametrize("path", ["", "protocols/", "protocols/quote-title/", "protocols/closing-title/", "plan/finder/", "plan/planner/", "guides/choosing/"])
def test_no_page_runs_what_the_files_hold(watched, hostile_site, path):
    watched.page.goto(hostile_site + path, wait_until="networkidle")
    watched.check()
    assert watched.page.locator(".md-header__topic").first.inner_text().strip() == SITE_TITLE


def test_the_school_name_and_footer_read_as_written(watched, hostile_site):
    page = watched.page
    page.goto(hostile_site)
    assert page.title() == SITE_TITLE
    assert meta(page, "property", "og:site_name") == SITE_TITLE
    assert meta(page, "property", "og:title") == SITE_TITLE
    assert page.locator(".md-header__button.md-logo").get_attribute("title") == SITE_TITLE
    footer = page.locator(".md-copyright__highlight").first.inner_text().strip()
    assert footer == FOOTER
    assert page.locator(".lsw-contact").inner_text().strip() == "Questions? Ask Smith & Jones."
    assert page.locator(".lsw-welcome").inner_text().strip() == "Welcome, Smith & Jones teachers."
    shot(page, "hostile-home", full_page=True)


@pytest.mark.parametrize("protocol_id", list(PAGES))
def test_a_hostile_title_and_summary_read_as_written_everywhere_on_its_page(watched, hostile_site, protocol_id):
    data, page = PAGES[protocol_id], watched.page
    page.goto(f"{hostile_site}protocols/{protocol_id}/")
    title, summary = data["title"], data["summary"]
    assert page.locator("article h1").inner_text().rstrip("¶").strip() == title
    assert page.title() == f"{title} - {SITE_TITLE}"
    assert meta(page, "property", "og:title") == title
    assert meta(page, "name", "twitter:title") == title
    assert meta(page, "name", "description") == summary
    assert meta(page, "property", "og:description") == summary
    assert meta(page, "name", "twitter:description") == summary
    assert page.locator(".lsw-summary").inner_text() == summary
    assert page.locator("nav.md-nav--primary").get_by_role("link", name=title, exact=True).count() == 1
    timer = page.get_by_role("region", name="Step timer")
    assert data["steps"][0]["title"] in timer.inner_text()
    other = CLOSE if data is QUOTE else QUOTE
    assert page.locator("#related ~ ul").first.get_by_role("link").all_inner_texts() == [other["title"]]


def test_every_plain_text_field_reads_as_written(watched, hostile_site):
    page = watched.page
    page.goto(f"{hostile_site}protocols/quote-title/")
    step = QUOTE["steps"][0]
    headings = [text.rstrip("¶").strip() for text in page.locator("article h3").all_inner_texts()]
    assert headings[:2] == [f"1. {step['title']}", f"2. {QUOTE['steps'][1]['title']}"]
    assert page.locator(".lsw-step__facts").first.inner_text() == f"5 minutes · Who speaks: {step['speaks']}"
    assert page.locator(".lsw-step__prompt").inner_text() == f"Ask: {step['prompt']}"
    article = page.locator("article").inner_text()
    for shown in [
        f"{QUOTE['norms'][0]['name']}: Listen first.",
        f"{QUOTE['roles'][0]['name']}: Keeps time.",
        f"{step['facilitator_moves'][0]['when']}: Wait.",
        QUOTE["debrief"][0]["heading"],
        QUOTE["debrief"][0]["questions"][0],
        QUOTE["variations"][0]["name"],
        f"Source: {QUOTE['source']['name']}. {QUOTE['source']['authors'][0]} (n.d.).",
        f"Best for\n{PURPOSE_LABEL}",
        f"Kinds of sample\n{SAMPLE_LABEL}",
    ]:
        assert shown in article
    assert page.locator("article a[href^='javascript:']").count() == 0
    shot(page, "hostile-protocol", full_page=True)


def test_the_timer_shows_hostile_steps_as_text(watched, hostile_site):
    page = watched.page
    page.goto(f"{hostile_site}protocols/quote-title/")
    timer = page.get_by_role("region", name="Step timer")
    first, second = QUOTE["steps"]
    for shown in (first["title"], f"Who speaks: {first['speaks']}", first["prompt"]):
        assert shown in timer.inner_text()
    timer.get_by_role("button", name="Start", exact=True).click()
    timer.get_by_role("button", name="Next step", exact=True).click()
    assert "Step 2 of 2" in timer.inner_text() and second["title"] in timer.inner_text()


def test_the_catalog_and_the_comparison_list_hostile_titles_as_text(watched, hostile_site):
    page = watched.page
    for path in ("protocols/", "guides/choosing/"):
        page.goto(hostile_site + path)
        for title in (TITLE_QUOTE, TITLE_CLOSE):
            assert page.locator("article table").get_by_role("link", name=title, exact=True).count() >= 1, (path, title)
        row = page.locator("article table tbody tr").filter(has=page.get_by_role("link", name=TITLE_QUOTE, exact=True)).first
        assert f"{SCHOOL_NAME}'s own protocol" in row.inner_text()


def test_the_finder_lists_hostile_labels_and_titles_as_text(watched, hostile_site):
    page = watched.page
    page.goto(f"{hostile_site}plan/finder/")
    page.get_by_label("What you want from the meeting").select_option(label=PURPOSE_LABEL)
    page.get_by_label("Kind of sample").select_option(label=SAMPLE_LABEL)
    results = page.locator("article").get_by_role("link", name=TITLE_QUOTE, exact=True)
    assert results.filter(visible=True).count() == 1
    assert page.get_by_role("status").inner_text().startswith("1 of ")
    shot(page, "hostile-finder", full_page=True)


def test_the_planner_shows_a_hostile_protocol_as_text(watched, hostile_site):
    page = watched.page
    page.goto(f"{hostile_site}plan/planner/")
    for protocol_id in PAGES:
        page.get_by_label("Add a protocol").select_option(protocol_id)
        page.get_by_role("button", name="Add", exact=True).click()
    agenda = page.get_by_role("region", name="Agenda")
    for data in PAGES.values():
        steps = agenda.get_by_role("list", name=f"Steps of {data['title']}").get_by_role("listitem").all_inner_texts()
        for step, shown in zip(data["steps"], steps, strict=True):
            assert step["title"] in shown


def test_searching_for_a_hostile_title_shows_it_as_text(watched, hostile_site):
    page = watched.page
    page.goto(hostile_site)
    page.get_by_role("textbox", name="Search").fill(TITLE_QUOTE)
    result = page.locator(".md-search-result__item").filter(has_text=TITLE_QUOTE)
    result.first.wait_for()
    assert result.first.locator("h1").inner_text() == TITLE_QUOTE
    shot(page, "hostile-search")
    watched.check()


# The sanitiser's side: Markdown fields whose HTML the check would refuse, rendered as a page.

SECTIONS = ["At a glance", "Purpose", "Norms", "Roles", "What work to bring", "Before the meeting", "Materials", "Steps", "Debrief", "Variations", "Tips", "Source", "Related protocols"]


def hostile_markdown_page() -> str:
    """ATLAS, with every Markdown field replaced by something that must not run or stay open."""
    library = load_library(ROOT / "protocols")
    atlas = library.protocols["atlas"]
    data = copy.deepcopy(atlas.data)
    data["purpose"] = 'Before.\n\n<script>alert("purpose")</script>\n\nAfter the script.'
    data["bring"] = '<img src=x onerror=alert("bring")> Bring [this](javascript:alert("bring link")).'
    data["norms"][0]["description"] = '</li></ul><script>alert("norm")</script>Still a norm.'
    data["roles"][0]["does"] = '<a href="javascript:alert(1)" onclick="alert(2)">Facilitates</a>'
    data["preparation"][0]["tasks"][0] = '<svg onload=alert("task")>Prepare.'
    data["materials"][0] = '<iframe src="javascript:alert(\'material\')"></iframe>Paper'
    data["steps"][0]["guidance"] = "<div>An unclosed div in step 1."
    data["steps"][0]["facilitator_moves"][0]["move"] = '<b onmouseover="alert(\'move\')">Bold</b> move.'
    data["steps"][1]["guidance"] = '<div>[left over](javascript:alert("left over")) *after* sanitising</div>'
    data["variations"][0]["description"] = '<style>body { display: none }</style><p style="display:none">Shown.</p>'
    data["tips"][0] = '<img src="x" onerror="window.__pwned=\'tip\'">A tip.'
    data["source"]["notes"] = '<object data="javascript:alert(\'notes\')"></object><form action="javascript:alert(1)"><button>Go</button></form>'
    protocol = dataclasses.replace(atlas, data=data)
    return render.protocol_page(protocol, library, page_data.protocol(protocol, library, "./"), "../../meetings/")


def as_html(page_markdown: str) -> str:
    """The page's Markdown, converted as MkDocs converts it, with the site's own extensions."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.markdown(page_markdown, extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


class Elements(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def sanitised_page() -> str:
    return as_html(hostile_markdown_page())


def test_markdown_fields_leave_nothing_that_runs(sanitised_page):
    parser = Elements()
    parser.feed(sanitised_page)
    tags = {tag for tag, _ in parser.tags}
    assert not tags & {"script", "style", "img", "svg", "iframe", "object", "form", "button"}, tags
    for tag, attributes in parser.tags:
        assert not [name for name in attributes if name.startswith("on") or name == "style"], (tag, attributes)
        for name in ("href", "src", "action", "data"):
            assert not (attributes.get(name) or "").strip().lower().startswith("javascript:"), (tag, attributes)
    assert 'alert("purpose")' not in sanitised_page  # a script's content goes with it


def test_markdown_fields_keep_their_text(sanitised_page):
    for text in ["After the script.", "Still a norm.", "Facilitates", "Prepare.", "An unclosed div in step 1.", "<b>Bold</b> move.", "Shown.", "A tip."]:
        assert text in sanitised_page
    # What stripping the <div> leaves stays text: it is never read as Markdown again.
    assert '[left over](javascript:alert("left over")) *after* sanitising' in sanitised_page


def test_the_sanitised_page_runs_nothing_and_keeps_its_shape_in_chromium(browser, sanitised_page):
    context = browser.new_context()
    watched = Watched(context.new_page())
    page = watched.page
    page.set_content(f"<!doctype html><html><head><title>t</title></head><body>{sanitised_page}</body></html>")
    watched.check()
    # An unclosed element in one field cannot swallow what follows it: every section and
    # every step stays a child of the page itself.
    assert page.locator("body > h2").all_inner_texts() == [f"{name}¶" for name in SECTIONS]
    assert page.locator("body > h3[id^='step-']").count() == page.locator("h3[id^='step-']").count() == 6
    assert page.get_by_text("Shown.").is_visible()
    page.get_by_text("Bold", exact=True).hover(timeout=2000)  # its onmouseover is gone
    watched.check()
    context.close()


HOSTILE_MARKDOWN = '<script>alert("contact")</script>Ask [us](javascript:alert(1)) or <img src=x onerror=alert(2)><div>'


class Env:
    """What the macros module needs of mkdocs-macros: the configuration and a way to register."""

    def __init__(self, library):
        self.conf = {"protocol_library": library}
        self.macros = {}

    def macro(self, function):
        self.macros[function.__name__] = function
        return function


def test_the_schools_contact_and_welcome_are_sanitised():
    from mkdocs.config import load_config

    settings = {
        "name": "Riverside", "site_title": None, "logo": None, "colours": None, "footer": None, "repository": None,
        "branch": "main", "hide": [], "contact": HOSTILE_MARKDOWN, "welcome": HOSTILE_MARKDOWN,
    }
    config = load_config(str(ROOT / "mkdocs.yml"))
    school.apply_identity(config, settings)
    env = Env(Library({}, {"purposes": {}, "samples": {}}, settings))
    macros.define_env(env)
    for shown in (config["extra"]["school"]["contact"], env.macros["school_welcome"]()):
        parser = Elements()
        parser.feed(shown)
        assert {tag for tag, _ in parser.tags} <= {"div", "p", "a"}, shown
        assert "Ask" in shown and "alert" not in shown and "javascript" not in shown, shown
        assert shown.count("<div") == shown.count("</div>"), shown
