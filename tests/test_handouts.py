"""Handouts: the facilitator's card and the note sheet of every protocol, and the Handouts page.

The rendering is read from plain functions (`macros.handouts`), converted as MkDocs converts
it; the built site is read in Chromium, printed to PDF on A4 and on Letter.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from html.parser import HTMLParser

import markdown
from playwright.sync_api import expect

from macros import handouts, render
from macros.library import Library, load_library

from .helpers import ROOT, follow_link, shot

LIBRARY = load_library(ROOT / "protocols", ROOT / "school")
ATLAS = LIBRARY.protocols["atlas"]
PAGE_SIZES = ("A4", "Letter")


# Reading rendered HTML: a small tree, so a test can ask for the text of an element by class.

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclasses.dataclass
class Node:
    tag: str
    attrs: dict
    children: list = dataclasses.field(default_factory=list)

    @property
    def text(self) -> str:
        parts = [child if isinstance(child, str) else child.text for child in self.children]
        return " ".join("".join(parts).split())

    def find(self, css_class: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if css_class in (child.attrs.get("class") or "").split():
                    found.append(child)
                found.extend(child.find(css_class))
        return found

    def tags(self) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                found += [child, *child.tags()]
        return found


class Tree(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.root = Node("(root)", {})
        self.open = [self.root]
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.open[-1].children.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)


def as_html(page_markdown: str) -> Node:
    """A page's Markdown, converted with the site's own extensions, as a tree."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return Tree(markdown.markdown(page_markdown, extensions=config.markdown_extensions, extension_configs=config.mdx_configs)).root


def h1(tree: Node) -> list[str]:
    """The page's top headings, without the permalink sign the toc extension adds."""
    return [node.text.removesuffix("¶") for node in tree.tags() if node.tag == "h1"]


def card_steps(protocol) -> list[tuple]:
    """Each step of the card: its title line, facts line, prompt line (None without one), and moves."""
    card = as_html(handouts.card(protocol, "../assets/stylesheets/handouts.css"))
    steps = []
    for step in card.find("lsw-card__step"):
        prompt = step.find("lsw-card__prompt")
        moves = [item.text for item in step.tags() if item.tag == "li"]
        steps.append((step.find("lsw-card__title")[0].text, step.find("lsw-card__facts")[0].text, prompt[0].text if prompt else None, moves))
    return steps


# The facilitator's card


def test_the_atlas_card_carries_each_step_as_its_file_says():
    steps = card_steps(ATLAS)
    assert [step[:3] for step in steps] == [
        ("Getting started · 5 minutes (suggested)", "Who speaks: Facilitator, then presenter", None),
        ("Describing the student work · 10 minutes", "Who speaks: Participants · Presenter silent", "Ask: What do you see?"),
        ("Interpreting the student work · 10 minutes", "Who speaks: Participants · Presenter silent", "Ask: From the student's perspective, what is the student working on?"),
        ("Implications for classroom practice · 10 minutes", "Who speaks: Participants · Presenter silent", "Ask: What are the implications of this work for teaching and assessment?"),
        ("Reflecting on the ATLAS · 10 minutes", "Who speaks: Presenter, then the whole group", None),
        ("Debriefing the process · 5 minutes (suggested)", "Who speaks: Everyone", "Ask: How well did the process work?"),
    ]
    assert [len(step[3]) for step in steps] == [1, 3, 3, 1, 1, 1]
    assert steps[1][3][2] == "Someone speaks to the presenter or asks them a question: Redirect the remark to the group; the presenter does not answer until step 5."


def test_the_card_names_its_protocol_total_and_source_in_a_line():
    card = as_html(handouts.card(ATLAS, "../assets/stylesheets/handouts.css"))
    assert h1(card) == ["Facilitator's card: ATLAS: Learning from Student Work"]
    assert [node.text for node in card.find("lsw-handout__facts")] == [
        '50 minutes in all (some steps suggested) · Adapted from National School Reform Faculty (NSRF), "Learning from Student Work" (ATLAS). '
        "Eric Buchovecky, Gene Thompson-Grove (2000)."
    ]
    assert [node.attrs["href"] for node in card.tags() if node.tag == "link"] == ["../assets/stylesheets/handouts.css"]


def test_a_school_protocol_without_authors_or_year_is_credited_as_its_source():
    data = copy.deepcopy(ATLAS.data)
    data["source"] = {"name": "Riverside science team", "authors": [], "year": None, "url": None, "notes": None}
    school_own = dataclasses.replace(ATLAS, data=data, origin="school")
    assert handouts.credit(school_own) == "Source: Riverside science team (n.d.)."


# The note sheet


def sheet_rows(protocol) -> list[list[str]]:
    return [[box.find("lsw-sheet__label")[0].text for box in row.find("lsw-sheet__box")] for row in as_html(handouts.note_sheet(protocol, "x.css")).find("lsw-sheet__row")]


def test_the_atlas_sheet_lays_out_its_charts_as_chart_paper():
    assert sheet_rows(ATLAS) == [
        ["What we see", "Interpretations for step 3"],
        ["What we think the student is working on"],
        ["Implications for classroom practice"],
    ]
    sheet = as_html(handouts.note_sheet(ATLAS, "x.css"))
    assert [node.text for node in sheet.find("lsw-sheet__step")] == [
        "Step 2: Describing the student work · 10 minutes",
        "Step 2: Describing the student work · 10 minutes",
        "Step 3: Interpreting the student work · 10 minutes",
        "Step 4: Implications for classroom practice · 10 minutes",
    ]
    next_steps = sheet.find("lsw-sheet__box--next")
    assert [box.find("lsw-sheet__label")[0].text for box in next_steps] == ["Implications for classroom practice"]
    assert next_steps[0].find("lsw-sheet__next")[0].text == "Next steps: what the group agrees to do, to open its next meeting"
    assert [node.text for node in sheet.find("lsw-sheet__fill")] == ["Date", "Group", "Presenter"]
    assert [node.text for node in sheet.find("lsw-sheet__reminder")] == ["Write no student's name here: refer to each piece of work by its letter or number."]


def test_tunings_warm_and_cool_feedback_sit_side_by_side():
    assert sheet_rows(LIBRARY.protocols["tuning"]) == [["Warm feedback", "Cool feedback"]]


def box(number: int, label: str, next_steps: bool = False) -> dict:
    return {"label": label, "number": number, "step": {}, "next_steps": next_steps, "prompt": None}


def labels(laid_out) -> list[list[str]]:
    return [[b["label"] for b in row] for row in laid_out]


def test_rows_keep_a_steps_charts_together_and_next_steps_apart():
    assert labels(handouts.rows([box(1, "A"), box(2, "B"), box(3, "C")])) == [["A", "B"], ["C"]]
    # A single chart does not split a step that keeps two.
    assert labels(handouts.rows([box(1, "A"), box(2, "B1"), box(2, "B2"), box(3, "C")])) == [["A"], ["B1", "B2"], ["C"]]
    assert labels(handouts.rows([box(1, "A1"), box(1, "A2"), box(1, "A3")])) == [["A1", "A2"], ["A3"]]
    assert labels(handouts.rows([box(1, "A"), box(2, "Next", True), box(2, "Tell"), box(3, "C")])) == [["A"], ["Next"], ["Tell", "C"]]


def without_record(protocol, prompts: bool = True):
    data = copy.deepcopy(protocol.data)
    for step in data["steps"]:
        step["record"] = []
        if not prompts:
            step["prompt"] = None
    return dataclasses.replace(protocol, data=data)


def test_a_protocol_with_no_chart_gets_a_box_for_each_step_that_asks_the_group_a_question():
    sheet = as_html(handouts.note_sheet(without_record(ATLAS), "x.css"))
    assert [node.text for node in sheet.find("lsw-sheet__label")] == [
        "Describing the student work",
        "Interpreting the student work",
        "Implications for classroom practice",
        "Debriefing the process",
    ]
    assert sheet.find("lsw-sheet__step")[0].text == "Step 2: Describing the student work · 10 minutes · What do you see?"
    assert sheet.find("lsw-sheet__box--next") == []


def test_a_protocol_with_no_chart_and_no_question_gets_a_box_for_each_step():
    sheet = as_html(handouts.note_sheet(without_record(ATLAS, prompts=False), "x.css"))
    assert len(sheet.find("lsw-sheet__box")) == 6
    assert sheet.find("lsw-sheet__step")[0].text == "Step 1: Getting started · 5 minutes (suggested)"


# Text from a file is data: every value reads as written and none of it becomes markup.

HOSTILE_TITLE = 'Q "><img src=x onerror=alert(1)> *not emphasis* {{ config }}'
HOSTILE_PROMPT = '</p><script>alert("prompt")</script> & <b>not bold</b>'
HOSTILE_LABEL = '</h2></section><script>alert("label")</script> & "quoted"'
HOSTILE_SPEAKS = '<svg onload=alert("speaks")>'
HOSTILE_WHEN = '<img src=x onerror=alert("when")>'
HOSTILE_SOURCE = '<script>alert("source")</script>'


def hostile_atlas():
    data = copy.deepcopy(ATLAS.data)
    data["title"] = HOSTILE_TITLE
    data["source"] = {**data["source"], "name": HOSTILE_SOURCE, "authors": ['<img src=x onerror=alert("author")>']}
    step = data["steps"][1]
    step.update(title=HOSTILE_LABEL, prompt=HOSTILE_PROMPT, speaks=HOSTILE_SPEAKS)
    step["facilitator_moves"][0]["when"] = HOSTILE_WHEN
    step["record"] = [{"label": HOSTILE_LABEL, "next_steps": True}]
    return dataclasses.replace(ATLAS, data=data)


def test_hostile_values_read_as_written_on_every_handout():
    protocol = hostile_atlas()
    library = Library({"atlas": protocol}, LIBRARY.vocabulary)
    for page in (handouts.card(protocol, "x.css"), handouts.note_sheet(protocol, "x.css"), handouts.index(library)):
        tree = as_html(page)
        found = {node.tag for node in tree.tags()}
        assert not found & {"script", "img", "svg", "b"}, found
        assert not [node for node in tree.tags() if [name for name in node.attrs if name.startswith("on")]]
    card = as_html(handouts.card(protocol, "x.css"))
    assert h1(card) == [f"Facilitator's card: {HOSTILE_TITLE}"]
    step = card_steps(protocol)[1]
    assert step[:3] == (f"{HOSTILE_LABEL} · 10 minutes", f"Who speaks: {HOSTILE_SPEAKS} · Presenter silent", f"Ask: {HOSTILE_PROMPT}")
    assert step[3][0].startswith(f"{HOSTILE_WHEN}: ")
    assert HOSTILE_SOURCE in card.find("lsw-handout__facts")[0].text
    sheet = as_html(handouts.note_sheet(protocol, "x.css"))
    assert [node.text for node in sheet.find("lsw-sheet__label")] == [HOSTILE_LABEL, "What we think the student is working on", "Implications for classroom practice"]
    assert h1(sheet) == [f"Note sheet: {HOSTILE_TITLE}"]
    index = as_html(handouts.index(library))
    assert [node.text for node in index.tags() if node.tag == "a" and "headerlink" not in node.attrs.get("class", "")] == [HOSTILE_TITLE, "facilitator's card", "note sheet"]


def test_the_protocol_page_links_to_both_handouts_below_its_summary():
    page = render.protocol_page(ATLAS, LIBRARY, {}, "../../meetings/", handouts.links("atlas", "../"))
    line = "Handouts to print, one page each: [facilitator's card](../handouts/atlas-card.md) · [note sheet](../handouts/atlas-note-sheet.md)\n{: .lsw-handout-links }"
    assert line in page
    assert page.index('class="lsw-summary"') < page.index(line) < page.index("## At a glance")


# The built site: every handout prints on one page, with nothing clipped and no controls.


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF, counted as tests/test_quality.py counts them."""
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


HANDOUTS = {
    f"handouts/{protocol_id}-{kind}/": f"{heading}: {' '.join(protocol['title'].split())}"
    for protocol_id, protocol in LIBRARY.protocols.items()
    for kind, heading in ((handouts.CARD, "Facilitator's card"), (handouts.NOTE_SHEET, "Note sheet"))
}

# Anything a reader could press or that belongs to the site around the page, not the handout.
CONTROLS = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer", ".md-content__button", ".md-top", "button", "input", "select", ".lsw-handout__back"]

# Elements whose content is wider or taller than their box, on a page as wide as the printed
# area of A4 (210 mm less two 12 mm margins, at 96 pixels to the inch).
CLIPPED = """() => [...document.querySelectorAll("article *")]
    .filter(node => node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).display !== "inline"
                    || ["hidden", "clip"].includes(getComputedStyle(node).overflowY) && node.scrollHeight > node.clientHeight + 1)
    .map(node => `${node.tagName}.${node.className}: ${node.scrollWidth}x${node.scrollHeight} in ${node.clientWidth}x${node.clientHeight}`)"""
PRINTED_WIDTH = round((210 - 24) / 25.4 * 96)

SHOWN = """selector => [...document.querySelectorAll(selector)].some(node => {
    const box = node.getBoundingClientRect();
    return getComputedStyle(node).display !== "none" && getComputedStyle(node).visibility !== "hidden" && box.width > 0 && box.height > 0;
})"""


def test_every_handout_prints_on_one_page_on_a4_and_letter_with_nothing_clipped_and_no_controls(site, base_url, browser):
    context = browser.new_context(viewport={"width": PRINTED_WIDTH, "height": 1000})
    page = context.new_page()
    page.emulate_media(media="print")
    problems = []
    # As a facilitator reaches them: the Handouts page, then each handout by its link, so
    # each handout's own stylesheet is the one Material's instant navigation brings along.
    page.goto(base_url + "handouts/")
    for path, heading in HANDOUTS.items():
        follow_link(page, base_url + path)
        assert page.locator("article h1").inner_text().rstrip("¶").strip() == heading
        pages = {size: pdf_pages(page.pdf(format=size)) for size in PAGE_SIZES}
        if pages != {"A4": 1, "Letter": 1}:
            problems.append(f"{path} prints on {pages}")
        clipped = page.evaluate(CLIPPED)
        if clipped:
            problems.append(f"{path} clips {clipped}")
        shown = [selector for selector in CONTROLS if page.evaluate(SHOWN, selector)]
        if shown:
            problems.append(f"{path} shows {shown} in print")
        right = page.evaluate("Math.max(...[...document.querySelectorAll('article *')].map(node => node.getBoundingClientRect().right))")
        if right > PRINTED_WIDTH:
            problems.append(f"{path} reaches {right} px, beyond the printed width {PRINTED_WIDTH}")
        if path.startswith("handouts/atlas-"):
            shot(page, f"handout-{path.split('/')[1]}-print", full_page=True)
    context.close()
    assert problems == []


def test_on_screen_a_handout_reads_as_a_page_of_the_handbook(page, base_url):
    page.goto(f"{base_url}handouts/atlas-note-sheet/")
    assert page.locator(".md-header").is_visible() and page.locator("nav.md-nav--primary").first.is_visible()
    assert page.get_by_role("heading", level=1).inner_text().rstrip("¶").strip() == "Note sheet: ATLAS: Learning from Student Work"
    assert page.get_by_role("heading", level=2).all_inner_texts() == [
        "What we see", "Interpretations for step 3", "What we think the student is working on", "Implications for classroom practice",
    ]
    page.get_by_role("link", name="The whole protocol, with its step timer").click()
    expect(page.locator("article h1")).to_contain_text("ATLAS: Learning from Student Work")
    assert page.url == f"{base_url}protocols/atlas/"
    shot(page, "handout-atlas-note-sheet-screen", full_page=True)


def test_each_protocol_page_links_to_both_handouts(protocol_page, page, base_url):
    for protocol_id in LIBRARY.protocols:
        links = protocol_page(protocol_id).locator(".lsw-handout-links").get_by_role("link")
        assert links.all_inner_texts() == ["facilitator's card", "note sheet"]
        assert [link.evaluate("a => a.href") for link in links.all()] == [f"{base_url}handouts/{protocol_id}-card/", f"{base_url}handouts/{protocol_id}-note-sheet/"]
    page.goto(f"{base_url}protocols/{protocol_id}/")
    page.get_by_role("link", name="facilitator's card", exact=True).click()
    expect(page.locator("article h1")).to_contain_text("Facilitator's card: ")  # instant navigation swaps the content
    title = " ".join(LIBRARY.protocols[protocol_id]["title"].split())
    assert page.locator("article h1").inner_text().rstrip("¶").strip() == f"Facilitator's card: {title}"


def test_the_handouts_page_is_in_the_nav_and_lists_every_protocols_two_handouts(page, base_url, site):
    page.goto(base_url)
    page.locator("nav.md-nav--primary").get_by_role("link", name="Handouts", exact=True).click()
    expect(page.locator("article h1")).to_contain_text("Handouts")
    assert page.url == f"{base_url}handouts/"
    items = page.locator("article li")
    assert items.count() == len(LIBRARY.protocols)
    for protocol_id, protocol in LIBRARY.protocols.items():
        item = items.filter(has=page.get_by_role("link", name=" ".join(protocol["title"].split()), exact=True))
        hrefs = [link.evaluate("a => a.href") for link in item.get_by_role("link").all()]
        assert hrefs == [f"{base_url}protocols/{protocol_id}/", f"{base_url}handouts/{protocol_id}-card/", f"{base_url}handouts/{protocol_id}-note-sheet/"]
    # The Handouts page is found by search; the handouts themselves repeat their protocol's page and are not.
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"handouts/"' in index.replace(" ", "")
    assert "handouts/atlas-card/" not in index
