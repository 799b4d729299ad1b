"""Turn the protocol model into page Markdown. Plain functions: protocol in, text out.

Fields the schema calls Text are data, not markup: they are HTML-escaped and
Markdown-escaped so that `<b>`, `*`, `{{` or `{%` in them appear exactly as written.
Fields the schema calls Markdown are rendered and sanitised by `markup.markdown_html`
and placed in the page as HTML blocks, each inside an element written here: MkDocs
leaves a block of HTML alone, so nothing the sanitiser let through as text (such as
`[x](javascript:...)` left over from stripped HTML) is read as Markdown again. Headings
stay Markdown, so the table of contents and anchors keep working.
"""

from __future__ import annotations

import html
import json
import re

from . import markup
from .library import Library, Protocol

# Characters that mean something to Markdown, attr_list or tables anywhere in a line,
# and those that start a list, heading or quote at the beginning of one.
_INLINE_SPECIALS = re.compile(r"[&<>\\`*_\[\]{}|]")
_LINE_START = re.compile(r"^([#>+-]|\d+(?=\.))")


def text(value: str) -> str:
    """Escape plain text for use inside Markdown (headings, list items, table cells).

    Numeric character references are never read as Markdown, so the text shows as written.
    """
    collapsed = " ".join(str(value).split())
    escaped = _INLINE_SPECIALS.sub(lambda m: f"&#{ord(m.group())};", collapsed)
    return _LINE_START.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), escaped)


def html_text(value: str) -> str:
    """Escape plain text for use inside an HTML element."""
    return html.escape(" ".join(str(value).split()))


def duration(value: float) -> str:
    """A length of time as facilitators say it: '1 minute', '45 minutes', '1 h', '1 h 10 min'.

    The browser says the lengths only it knows in the same words (format/index.js).
    """
    if value < 60:
        return f"{value:g} minute" if value == 1 else f"{value:g} minutes"
    hours, rest = divmod(value, 60)
    return f"{hours:g} h {rest:g} min" if rest else f"{hours:g} h"


def group_size(size: dict | None) -> str | None:
    if not size:
        return None
    low, high = size["min"], size.get("max")
    if high is None:
        return f"{low} or more people"
    return f"{low} people" if low == high else f"{low}–{high} people"


def _section(heading: str, anchor: str, body: str) -> str:
    return f"## {heading} {{#{anchor}}}\n\n{body.strip()}\n"


def _bullets(items, render=text) -> str:
    return "\n".join(f"- {render(item)}" for item in items)


def _prose(value: str) -> str:
    """A Markdown field standing on its own, as an HTML block: paragraphs, lists and the like."""
    return f'<div class="lsw-prose">\n{markup.markdown_html(value).strip()}\n</div>'


def _item(value: str, lead: str = "") -> str:
    """A Markdown field as one list item, after `lead` (HTML) if given.

    A single paragraph reads inline, as Markdown writes a short list item; longer text
    keeps its paragraphs, with the lead at the start of the first.
    """
    body = markup.markdown_html(value).strip()
    if lead:
        body = f"<p>{lead} {body[3:]}" if body.startswith("<p>") else f"<p>{lead}</p>\n{body}"
    if body.startswith("<p>") and body.endswith("</p>") and body.count("<p>") == 1:
        body = body[3:-4]
    return f"<li>{body}</li>"


def _html_list(items: list[str]) -> str:
    """List items from `_item`, as an HTML block."""
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def at_a_glance(protocol: Protocol, library: Library) -> str:
    suggested = [protocol.step_timing(step) == "suggested" for step in protocol["steps"]]
    note = " (suggested)" if all(suggested) else " (some steps suggested)" if any(suggested) else ""
    rows = [("Total time", duration(protocol.total_minutes) + note)]
    size = group_size(protocol["group_size"])
    if size:
        rows.append(("Group size", size))
    if protocol["roles"]:
        rows.append(("Roles", ", ".join(role["name"] for role in protocol["roles"])))
    if protocol["purposes"]:
        rows.append(("Best for", "; ".join(library.label("purposes", tag) for tag in protocol["purposes"])))
    if protocol["samples"]:
        rows.append(("Kinds of sample", "; ".join(library.label("samples", tag) for tag in protocol["samples"])))
    if protocol["trust"]:
        rows.append(("Trust needed", protocol["trust"].capitalize()))
    items = "\n".join(f"<dt>{html_text(name)}</dt><dd>{html_text(value)}</dd>" for name, value in rows)
    return f'<dl class="lsw-glance">\n{items}\n</dl>'


def timer_element(data: dict, records: str) -> str:
    """The step timer's mount point, holding its protocol's data (`page_data.protocol`) and
    the address of the Meeting records page, where its chart paper's record opens."""
    # An attribute, not a <script>: instant navigation re-runs every script in the content.
    return (
        f'<div class="lsw-timer" {_data_attribute("data-timer", data)} {_data_attribute("data-records", records)} id="timer">\n'
        '<p class="lsw-timer__fallback">The step timer needs JavaScript. The steps and their minutes are listed below.</p>\n'
        "</div>"
    )


def render_step(number: int, step: dict, protocol: Protocol) -> str:
    facts = [duration(step["minutes"]) + (" (suggested)" if protocol.step_timing(step) == "suggested" else "")]
    if step["speaks"]:
        facts.append(f"Who speaks: {html_text(step['speaks'])}")
    if step["presenter_silent"]:
        facts.append("<strong>Presenter silent</strong>")
    parts = [
        f"### {number}. {text(step['title'])} {{#step-{number}}}",
        f'<p class="lsw-step__facts">{" · ".join(facts)}</p>',
    ]
    if step["prompt"]:
        parts.append(f'<p class="lsw-step__prompt"><span class="lsw-label">Ask:</span> {html_text(step["prompt"])}</p>')
    if step["guidance"]:
        parts.append(_prose(step["guidance"]))
    if step["record"]:
        charts = "; ".join(html_text(chart["label"]) + (" <em>(next steps)</em>" if chart["next_steps"] else "") for chart in step["record"])
        parts.append(f'<p class="lsw-step__record"><span class="lsw-label">The group records:</span> {charts}</p>')
    moves = facilitator_moves(step)
    if moves:
        parts.append(f"**Facilitator moves**\n{{: .lsw-step__moves }}\n\n{moves}")
    return "\n\n".join(parts)


def facilitator_moves(step: dict) -> str | None:
    """A step's facilitator moves as an HTML list, each situation in bold; None when it has none.

    The step's section of the page and the timer's facilitator's screen show the same list.
    """
    if not step["facilitator_moves"]:
        return None
    return _html_list([_item(move["move"], lead=f"<strong>{html_text(move['when'])}:</strong>") for move in step["facilitator_moves"]])


def render_steps(protocol: Protocol) -> str:
    steps = "\n\n".join(render_step(n, step, protocol) for n, step in enumerate(protocol["steps"], start=1))
    note = ""
    if protocol.has_suggested_minutes:
        note = (
            '<p class="lsw-note">Minutes marked <em>suggested</em> are not fixed by the source: it gives '
            "no time for them, or offers its times only as a suggestion (the source section below says which). "
            "Adjust them to your group.</p>\n\n"
        )
    return note + steps


def render_source(protocol: Protocol) -> str:
    source = protocol["source"]
    name = text(source["name"])
    if source["url"]:
        name = f"[{name}](<{source['url']}>)"
    line = name
    if source["authors"]:
        line += ". " + text(", ".join(source["authors"]))
    # Citations say "n.d." where a source carries no date; a year is never guessed.
    line += f" ({source['year'] or 'n.d.'})"
    if protocol.origin == "shared":
        body = f"Adapted from {line}. Written in this handbook's own words; the questions in quotation marks are the source's."
    else:
        body = f"Source: {line}."
    if source["notes"]:
        body += "\n\n" + _prose(source["notes"])
    return body


def origin_note(protocol: Protocol, library: Library) -> str | None:
    """How a school's own protocol is marked on its page and in lists."""
    if protocol.origin != "school":
        return None
    name = library.school["name"] if library.school else "This school"
    return f"{name}'s version of this protocol" if protocol.replaces_shared else f"{name}'s own protocol"


def badge(note: str | None) -> str:
    return f'<span class="lsw-badge">{html_text(note)}</span>' if note else ""


def protocol_page(protocol: Protocol, library: Library, timer: dict, records: str, handouts: str | None = None) -> str:
    """The whole page for one protocol, always in the same order; empty sections left out.

    `timer` is the data its step timer reads (`page_data.protocol`), `records` the address of
    the Meeting records page from it; `handouts` is the
    Markdown line linking its handouts (`handouts.links`), shown below the summary.
    """
    p = protocol
    note = origin_note(p, library)
    sections = [
        f"# {text(p['title'])}",
        *([f'<p class="lsw-origin">{badge(note)}</p>'] if note else []),
        f'<p class="lsw-summary">{html_text(p["summary"])}</p>',
        *([handouts] if handouts else []),
        # On a phone the timer starts below the first screen: this link (shown on narrow screens) reaches it.
        '<p class="lsw-to-timer"><a href="#timer">Go to the timer</a></p>',
        _section("At a glance", "at-a-glance", at_a_glance(p, library)),
        timer_element(timer, records),
        _section("Purpose", "purpose", _prose(p["purpose"])),
    ]
    if p["norms"]:
        norms = [
            _item(n["description"], lead=f"<strong>{html_text(n['name'])}</strong>:") if n["description"] else f"<li><strong>{html_text(n['name'])}</strong></li>"
            for n in p["norms"]
        ]
        sections.append(_section("Norms", "norms", _html_list(norms)))
    if p["roles"]:
        roles = [_item(r["does"], lead=f"<strong>{html_text(r['name'])}</strong>:") for r in p["roles"]]
        sections.append(_section("Roles", "roles", _html_list(roles)))
    if p["bring"]:
        sections.append(_section("What work to bring", "what-to-bring", _prose(p["bring"])))
    if p["preparation"]:
        groups = [f"<p><strong>{html_text(g['role'])}</strong></p>\n\n{_html_list([_item(task) for task in g['tasks']])}" for g in p["preparation"]]
        sections.append(_section("Before the meeting", "before-the-meeting", "\n\n".join(groups)))
    if p["materials"]:
        sections.append(_section("Materials", "materials", _html_list([_item(m) for m in p["materials"]])))
    sections.append(_section("Steps", "steps", render_steps(p)))
    if p["debrief"]:
        sets = [
            (f"**{text(d['heading'])}**\n\n" if d["heading"] else "") + _bullets(d["questions"])
            for d in p["debrief"]
        ]
        sections.append(_section("Debrief", "debrief", "\n\n".join(sets)))
    if p["variations"]:
        variations = [
            f"### {text(v['name'])}" + (f" ({duration(v['minutes'])})" if v["minutes"] else "") + f"\n\n{_prose(v['description'])}"
            for v in p["variations"]
        ]
        sections.append(_section("Variations", "variations", "\n\n".join(variations)))
    if p["tips"]:
        sections.append(_section("Tips", "tips", _html_list([_item(tip) for tip in p["tips"]])))
    sections.append(_section("Source", "source", render_source(p)))
    if p["related"]:
        links = [f"[{text(library.protocols[ref]['title'])}]({ref}.md)" for ref in p["related"]]
        sections.append(_section("Related protocols", "related", _bullets(links, render=str)))
    return "\n\n".join(sections) + "\n"


def catalog(library: Library, link_prefix: str) -> str:
    """A table of every protocol: title, summary, total time, group size, purposes."""
    rows = ["| Protocol | What it does | Time | Group size | Best for |", "| --- | --- | --- | --- | --- |"]
    for p in library.protocols.values():
        purposes = ", ".join(library.label("purposes", tag) for tag in p["purposes"])
        rows.append(
            f"| [{text(p['title'])}]({link_prefix}{p.id}.md) {badge(origin_note(p, library))} | {text(p['summary'])} | "
            f"{duration(p.total_minutes)} | {text(group_size(p['group_size']) or '—')} | {text(purposes)} |"
        )
    return "\n".join(rows) + "\n"


def comparison(library: Library, link_prefix: str) -> str:
    """A table for choosing: time, size, trust, purposes and kinds of sample of every protocol."""
    rows = ["| Protocol | Time | Group size | Trust needed | Best for | Kinds of sample |", "| --- | --- | --- | --- | --- | --- |"]
    for p in library.protocols.values():
        purposes = ", ".join(library.label("purposes", tag) for tag in p["purposes"])
        samples = ", ".join(library.label("samples", tag) for tag in p["samples"])
        rows.append(
            f"| [{text(p['title'])}]({link_prefix}{p.id}.md) {badge(origin_note(p, library))} | {duration(p.total_minutes)} | "
            f"{text(group_size(p['group_size']) or '—')} | {(p['trust'] or '—').capitalize()} | {text(purposes)} | {text(samples)} |"
        )
    return "\n".join(rows) + "\n"


# The protocol finder and the meeting planner: the data `page_data` made for their scripts,
# shown as a list that reads without JavaScript. Their stylesheet is linked from the page
# itself, so only these two pages load it, with or without JavaScript.


def _data_attribute(name: str, value) -> str:
    # html.escape keeps the JSON from closing the attribute.
    return f'{name}="{html.escape(json.dumps(value, ensure_ascii=False, separators=(",", ":")), quote=True)}"'


def _stylesheet(address: str) -> str:
    return f'<link rel="stylesheet" href="{html.escape(address, quote=True)}">'


def finder(data: dict, stylesheet: str) -> str:
    """Every protocol in `data` (`page_data.finder`) with the facts that decide whether it fits; the browser filters the list."""
    items = []
    for p in data["protocols"]:
        note = p["origin_note"]
        facts = [p["duration"], p["group_size_label"] or "group size not stated"]
        if p["trust"]:
            facts.append(f"trust needed: {p['trust']['level']}")
        purposes = ", ".join(tag["label"] for tag in p["purposes"]) or "—"
        samples = ", ".join(tag["label"] for tag in p["samples"]) or "—"
        items.append(
            f'<div class="lsw-finder__item" data-protocol="{p["id"]}">\n'
            f'<p><strong><a href="{html.escape(p["address"], quote=True)}">{html_text(p["title"])}</a></strong>{" " + badge(note) if note else ""}</p>\n'
            f"<p>{html_text(p['summary'])}</p>\n"
            f'<p class="lsw-finder__facts">{html_text(" · ".join(facts))}</p>\n'
            f'<p class="lsw-finder__tags">Best for: {html_text(purposes)}. Kinds of sample: {html_text(samples)}.</p>\n'
            "</div>"
        )
    return f'<div class="lsw-finder" {_data_attribute("data-finder", data)}>\n{_stylesheet(stylesheet)}\n' + "\n".join(items) + "\n</div>\n"


def planner(data: dict, stylesheet: str, records: str) -> str:
    """The planner's mount point, with every protocol as data (`page_data.planner`) and the
    address of the Meeting records page, where the record of an agenda's run opens."""
    return (
        f'<div class="lsw-planner" {_data_attribute("data-planner", data)} {_data_attribute("data-records", records)}>\n{_stylesheet(stylesheet)}\n'
        '<p class="lsw-planner__fallback">The meeting planner runs in the browser and needs JavaScript. '
        "Without it, choose a protocol from the list of protocols and use the times on its page.</p>\n"
        "</div>\n"
    )
