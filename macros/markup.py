"""Markdown fields and web addresses: what the check accepts and what a page may show.

`problems_in` says, in a coach's words, what a Markdown field holds that it may not:
raw HTML beyond a few inline tags, links that are not full web addresses, images.
`markdown_html` renders a field and passes the HTML through Ammonia (nh3), so that even
what the check never saw cannot run script or leave an element open on the page.
`is_web_address` is the one rule for addresses, in Markdown links and in `Url` fields.
"""

from __future__ import annotations

import html
import unicodedata
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from markdown import util
from markdown.treeprocessors import Treeprocessor

from . import schema

WEB_SCHEMES = ("http", "https")
LINK_SCHEMES = (*WEB_SCHEMES, "mailto")
# Characters that may not appear in an address as written: they end a Markdown link or an
# HTML attribute early, and RFC 3986 does not allow them unencoded.
NOT_IN_ADDRESS = frozenset(" \"'<>\\^`{|}")

# What Markdown itself writes for short prose. Headings start at h3: a field sits under
# the page's own h2 sections.
MARKDOWN_TAGS = frozenset(
    {"p", "br", "hr", "ul", "ol", "li", "a", "em", "strong", "code", "pre", "blockquote", "h3", "h4", "h5", "h6"}
)
TAGS = MARKDOWN_TAGS | frozenset(schema.ALLOWED_HTML_TAGS)
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
EXTENSIONS = ["sane_lists"]

EXPECTED_MARKDOWN = "Markdown (HTML is not allowed here except the inline tags " + ", ".join(schema.ALLOWED_HTML_TAGS) + ")"
EXPECTED_LINK = "a full web address starting with https://, http:// or mailto: (to point to another protocol, list it under related)"
EXPECTED_NO_IMAGE = "no image: a page loads nothing from other sites; link to the picture instead, as [words](https://address)"


def is_web_address(value: str, schemes: tuple[str, ...] = WEB_SCHEMES) -> bool:
    """A full address with a host, written the way the build can put it into a page unchanged."""
    if any(c in NOT_IN_ADDRESS or unicodedata.category(c).startswith(("C", "Z")) for c in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number)
    except ValueError:
        return False
    if parts.scheme not in schemes or not value.startswith(parts.scheme + ":"):
        return False  # the scheme in lower case, as written
    if parts.scheme == "mailto":
        return "@" in parts.path
    return value.startswith(parts.scheme + "://") and bool(parts.hostname)


class _Links(Treeprocessor):
    """Records the links and images Markdown made (raw HTML is still in the stash here)."""

    def __init__(self, md):
        super().__init__(md)
        self.found: list[tuple[str, str]] = []  # (tag, address), emptied before each conversion

    def run(self, root):
        for element in root.iter():
            if element.tag in ("a", "img"):
                address = element.get("href" if element.tag == "a" else "src") or ""
                # Automatic mail links are written as entities; the browser reads them decoded.
                self.found.append((element.tag, html.unescape(address.replace(util.AMP_SUBSTITUTE, "&"))))


_MD = markdown.Markdown(extensions=EXTENSIONS)
_LINKS = _Links(_MD)
_MD.treeprocessors.register(_LINKS, "lsw-links", -1)  # after every other treeprocessor


def _convert(text: str) -> str:
    _MD.reset()
    _LINKS.found = []  # Markdown skips the treeprocessors for blank text
    return _MD.convert(text)


# One cleaner for every field: building it is most of the cost of a call to nh3.clean.
_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags={"script", "style"},
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    url_schemes=set(LINK_SCHEMES),
    url_relative="deny",
    link_rel="noopener noreferrer",
)


def markdown_html(text: str) -> str:
    """A Markdown field as sanitised, balanced HTML: safe to put into any page as it is."""
    return _CLEANER.clean(_convert(text))


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _RawHtml(HTMLParser):
    """Reads the raw HTML that Markdown set aside, noting what a Markdown field may not hold."""

    def __init__(self, found: dict):
        super().__init__(convert_charrefs=True)
        self.found = found

    def handle_starttag(self, tag, attrs):
        if tag not in schema.ALLOWED_HTML_TAGS:
            self.found.setdefault(f"raw HTML <{_shorten(tag)}>", EXPECTED_MARKDOWN)
            return
        for name, _ in attrs:
            if name not in ATTRIBUTES.get(tag, ()):
                self.found.setdefault(
                    f"the attribute {_shorten(name)} on <{tag}>",
                    f"<{tag}> without attributes (the only one allowed is title on <abbr>)",
                )

    def handle_endtag(self, tag):
        # A closing tag is worth its own message only where its opening tag was not seen.
        if tag not in schema.ALLOWED_HTML_TAGS and f"raw HTML <{_shorten(tag)}>" not in self.found:
            self.found.setdefault(f"raw HTML </{_shorten(tag)}>", EXPECTED_MARKDOWN)

    def handle_comment(self, data):
        self.found.setdefault("an HTML comment <!-- -->", "no HTML comment: a YAML comment is a line starting with #")

    def handle_decl(self, decl):
        self.found.setdefault(f"raw HTML <!{_shorten(decl)}>", EXPECTED_MARKDOWN)

    def unknown_decl(self, data):
        self.found.setdefault(f"raw HTML <![{_shorten(data)}]>", EXPECTED_MARKDOWN)

    def handle_pi(self, data):
        self.found.setdefault(f"raw HTML <?{_shorten(data)}>", EXPECTED_MARKDOWN)


def problems_in(text: str) -> list[tuple[str, str]]:
    """What a Markdown field holds that it may not, as (found, expected) pairs, each once."""
    if "<" not in text and "[" not in text:
        return []  # raw HTML starts with '<'; links and images need '[' or '<'
    found: dict[str, str] = {}
    _convert(text)
    for block in _MD.htmlStash.rawHtmlBlocks:
        parser = _RawHtml(found)
        parser.feed(str(block))
        parser.close()
    for tag, address in _LINKS.found:
        if tag == "img":
            found.setdefault(f"an image ({_shorten(address)!r})", EXPECTED_NO_IMAGE)
        elif not is_web_address(address, LINK_SCHEMES):
            found.setdefault(f"a link to {_shorten(address)!r}", EXPECTED_LINK)
    return list(found.items())
