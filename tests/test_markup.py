"""Markdown fields: what the check reports, and what the sanitised HTML never holds."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from macros.markup import is_web_address, markdown_html, problems_in

ONLY_INLINE_TAGS = (
    "Markdown (HTML is not allowed here except the inline tags "
    "abbr, b, br, cite, code, em, i, kbd, mark, q, s, small, strong, sub, sup, u)"
)
FULL_ADDRESS = "a full web address starting with https://, http:// or mailto: (to point to another protocol, list it under related)"


class Elements(HTMLParser):
    """Every element and attribute in a piece of HTML, and the elements left open at its end."""

    VOID = frozenset({"br", "hr", "img", "input", "meta", "link"})

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.open = [], [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open}"
        self.open.pop()


HOSTILE = {
    "script": "Before <script>alert(1)</script> after",
    "img-onerror": '<img src="x" onerror="alert(2)">',
    "javascript-link": "[Open](javascript:alert(3))",
    "javascript-link-as-entities": "[Open](&#106;avascript:alert(3))",
    "on-attribute": '<b onmouseover="alert(4)">bold</b>',
    "unclosed-div": "<div class='x'>\nOpened and never closed.\n\nA second paragraph.",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_leaves_nothing_that_runs_and_nothing_open(text):
    html = markdown_html(text)
    elements = Elements(html)
    assert "script" not in elements.tags and "img" not in elements.tags and "div" not in elements.tags, html
    assert not [a for a in elements.attributes if a[1].startswith("on")], html
    assert not [a for a in elements.attributes if a[1] == "href" and not a[2].startswith(("https:", "http:", "mailto:"))], html
    assert elements.open == [], html


def test_script_content_is_dropped_and_text_around_it_kept():
    assert markdown_html("Before <script>alert(1)</script> after") == "<p>Before  after</p>"


def test_unclosed_div_keeps_its_text_and_closes_every_element():
    assert markdown_html("<div>\nOpened and never closed.\n\nA second paragraph.") == "\nOpened and never closed.\n\nA second paragraph."


def test_markdown_is_rendered_with_safe_links():
    html = markdown_html(
        "A **bold** and *slanted* word, `code`, <abbr title=\"Professional learning community\">PLC</abbr>,\n"
        "[the source](https://example.org/atlas) and <coach@school.example>.\n\n- one\n- two"
    )
    assert html == (
        "<p>A <strong>bold</strong> and <em>slanted</em> word, <code>code</code>, "
        '<abbr title="Professional learning community">PLC</abbr>,\n'
        '<a href="https://example.org/atlas" rel="noopener noreferrer">the source</a> and '
        '<a href="mailto:coach@school.example" rel="noopener noreferrer">coach@school.example</a>.</p>\n'
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    )


def test_relative_links_lose_their_address():
    assert markdown_html("[ATLAS](atlas.md)") == '<p><a rel="noopener noreferrer">ATLAS</a></p>'


REPORTED = {
    "script": ("Before <script>alert(1)</script> after", [("raw HTML <script>", ONLY_INLINE_TAGS)]),
    "img-onerror": ('<img src="x" onerror="alert(2)">', [("raw HTML <img>", ONLY_INLINE_TAGS)]),
    "javascript-link": ("[Open](javascript:alert(3))", [("a link to 'javascript:alert(3)'", FULL_ADDRESS)]),
    "javascript-link-as-entities": ("[Open](&#106;avascript:alert(3))", [("a link to 'javascript:alert(3)'", FULL_ADDRESS)]),
    "javascript-reference-link": ("[Open][x]\n\n[x]: javascript:alert(3)", [("a link to 'javascript:alert(3)'", FULL_ADDRESS)]),
    "data-link": ("[Open](data:text/html;base64,PHNjcmlwdD4=)", [("a link to 'data:text/html;base64,PHNjcmlwdD4='", FULL_ADDRESS)]),
    "relative-link": ("See [ATLAS](atlas.md).", [("a link to 'atlas.md'", FULL_ADDRESS)]),
    "anchor-link": ("See [step 2](#step-2).", [("a link to '#step-2'", FULL_ADDRESS)]),
    "address-without-host": ("[Open](https:///nowhere)", [("a link to 'https:///nowhere'", FULL_ADDRESS)]),
    "on-attribute": (
        '<b onmouseover="alert(4)">bold</b>',
        [("the attribute onmouseover on <b>", "<b> without attributes (the only one allowed is title on <abbr>)")],
    ),
    "unclosed-div": ("<div>\nOpened and never closed.", [("raw HTML <div>", ONLY_INLINE_TAGS)]),
    "stray-closing-tag": ("Text </div> more", [("raw HTML </div>", ONLY_INLINE_TAGS)]),
    "image": (
        "![A chart](https://example.org/chart.png)",
        [("an image ('https://example.org/chart.png')", "no image: a page loads nothing from other sites; link to the picture instead, as [words](https://address)")],
    ),
    "html-comment": ("Text <!-- a note -->", [("an HTML comment <!-- -->", "no HTML comment: a YAML comment is a line starting with #")]),
    "two-problems": (
        "<span>x</span> and [y](other.md)",
        [("raw HTML <span>", ONLY_INLINE_TAGS), ("a link to 'other.md'", FULL_ADDRESS)],
    ),
}


@pytest.mark.parametrize("text, expected", REPORTED.values(), ids=REPORTED.keys())
def test_problems_are_reported_in_a_coachs_words(text, expected):
    assert problems_in(text) == expected


ACCEPTED = {
    "plain": "Participants describe the work, then wonder about it.",
    "formatting": "**Bold**, *slanted*, `code`, lists:\n\n- one\n- two\n\n1. first\n2. second",
    "allowed-inline-tags": 'Press <kbd>Space</kbd>; <abbr title="English language learners">ELL</abbr> H<sub>2</sub>O <mark>here</mark><br>next',
    "web-and-mail-links": "[Source](https://example.org/a_(b)?c=1&d=2#e), [mail](mailto:coach@school.example), <https://example.org>",
    "angle-brackets-in-code": "Write `<em>` for emphasis, or:\n\n    <div>a code block</div>",
    "entities": "Fish &amp; chips, 3 &lt; 4, &lt;name> as written",
}


@pytest.mark.parametrize("text", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_markdown_a_coach_writes_has_no_problems(text):
    assert problems_in(text) == []


@pytest.mark.parametrize(
    "address",
    ["https://example.org", "http://example.org/path/file.pdf", "https://example.org/a_(b)?c=1&d=2#e", "https://ünï.example/é", "https://example.org:8443/x"],
)
def test_web_addresses_accepted(address):
    assert is_web_address(address)


@pytest.mark.parametrize(
    "address",
    [
        "ftp://example.org/file",
        "javascript:alert(1)",
        "HTTPS://example.org",
        "https://",
        "https:///path",
        "https:example.org",
        "https://example.org/a b",
        "https://example.org/<script>",
        'https://example.org/"quoted"',
        "https://example.org/'x'",
        "https://example.org/\nnext",
        "https://example.org/\u200b",
        "https://example.org:99999/",
        "http://[::1",
        "example.org",
        "atlas.md",
    ],
)
def test_web_addresses_refused(address):
    assert not is_web_address(address)
