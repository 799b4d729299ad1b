"""Handouts to print: a facilitator's card and a note sheet per protocol, and the page listing them.

Plain functions, protocol in, page Markdown out, like `render`. Each handout is one printed
page: its stylesheet (docs/assets/stylesheets/handouts.css) is linked from the handout
itself, so only handout pages load it. Text from protocol files is escaped as on the
protocol page (`render.html_text`, `render.text`); facilitator moves are the protocol
page's own sanitised list (`render.facilitator_moves`).
"""

from __future__ import annotations

import html

from . import render
from .library import Library, Protocol

STYLESHEET = "assets/stylesheets/handouts.css"
# Not handouts/index.md: Material would make an index.md the link of its nav section.
INDEX = "handouts.md"
CARD = "card"
NOTE_SHEET = "note-sheet"
KINDS = {CARD: "Facilitator's card", NOTE_SHEET: "Note sheet"}


def address(protocol_id: str, kind: str) -> str:
    """The handout's page, as a path in docs/ (`handouts/atlas-card.md`)."""
    return f"handouts/{protocol_id}-{kind}.md"


def description(protocol: Protocol, kind: str) -> str:
    """The handout's page description, for search engines and link previews."""
    if kind == CARD:
        return f"A one-page facilitator's card for {protocol['title']}: each step with its minutes, who speaks, the prompt and the facilitator's moves, to print."
    return f"A one-page note sheet for {protocol['title']}: room to write what the group records in each step, to print."


def links(protocol_id: str, prefix: str) -> str:
    """The line on a protocol page that links to its two handouts; `prefix` leads from that page to docs/."""
    card, sheet = (f"{prefix}{address(protocol_id, kind)}" for kind in (CARD, NOTE_SHEET))
    return f"Handouts to print, one page each: [facilitator's card]({card}) · [note sheet]({sheet})\n{{: .lsw-handout-links }}"


def _stylesheet(address_: str) -> str:
    return f'<link rel="stylesheet" href="{html.escape(address_, quote=True)}">'


def _back(protocol: Protocol) -> str:
    """A link back to the protocol page, shown on screen only: on paper it leads nowhere."""
    return f"[The whole protocol, with its step timer](../protocols/{protocol.id}.md)\n{{: .lsw-handout__back }}"


def credit(protocol: Protocol) -> str:
    """Where the protocol comes from, in one line of text: name, authors, year (as on its page)."""
    source = protocol["source"]
    line = source["name"]
    if source["authors"]:
        line += ". " + ", ".join(source["authors"])
    line += f" ({source['year'] or 'n.d.'})"
    return f"Adapted from {line}." if protocol.origin == "shared" else f"Source: {line}."


def _minutes(step: dict, protocol: Protocol) -> str:
    return render.duration(step["minutes"]) + (" (suggested)" if protocol.step_timing(step) == "suggested" else "")


def _total(protocol: Protocol) -> str:
    suggested = [protocol.step_timing(step) == "suggested" for step in protocol["steps"]]
    note = " (suggested)" if all(suggested) else " (some steps suggested)" if any(suggested) else ""
    return f"{render.duration(protocol.total_minutes)} in all{note}"


# The facilitator's card: every step, with what the facilitator says and does in it.


def _card_step(step: dict, protocol: Protocol) -> str:
    parts = [f'<p class="lsw-card__title"><strong>{render.html_text(step["title"])}</strong> · {_minutes(step, protocol)}</p>']
    facts = []
    if step["speaks"]:
        facts.append(f"Who speaks: {render.html_text(step['speaks'])}")
    if step["presenter_silent"]:
        facts.append("<strong>Presenter silent</strong>")
    if facts:
        parts.append(f'<p class="lsw-card__facts">{" · ".join(facts)}</p>')
    if step["prompt"]:
        parts.append(f'<p class="lsw-card__prompt"><span class="lsw-label">Ask:</span> {render.html_text(step["prompt"])}</p>')
    moves = render.facilitator_moves(step)
    if moves:
        parts.append(f'<div class="lsw-card__moves">\n{moves}\n</div>')
    return '<li class="lsw-card__step">\n' + "\n".join(parts) + "\n</li>"


def card(protocol: Protocol, stylesheet: str) -> str:
    """The facilitator's card: title, total minutes and source in a line, then every step in order.

    `stylesheet` is the address of handouts.css from the card's page.
    """
    steps = "\n".join(_card_step(step, protocol) for step in protocol["steps"])
    body = (
        f'<div class="lsw-handout lsw-card">\n{_stylesheet(stylesheet)}\n'
        f'<p class="lsw-handout__facts">{_total(protocol)} · {render.html_text(credit(protocol))}</p>\n'
        f'<ol class="lsw-card__steps">\n{steps}\n</ol>\n</div>'
    )
    return f"# {KINDS[CARD]}: {render.text(protocol['title'])}\n\n{body}\n\n{_back(protocol)}\n"


# The note sheet: a box for each chart the group keeps, laid out as on chart paper.


def charts(protocol: Protocol) -> list[dict]:
    """The boxes of the note sheet, in step order: label, step number, step, next_steps, and
    the prompt to show under the label (None where a chart's label says what to write).

    A box for each chart the steps keep (their `record`). A protocol that names no chart
    still gets a useful sheet: a box for each step that puts a question to the group (its
    prompt), where the group has something to note; failing that, a box for each step.
    """
    steps = list(enumerate(protocol["steps"], start=1))
    boxes = [
        {"label": chart["label"], "number": n, "step": step, "next_steps": chart["next_steps"], "prompt": None}
        for n, step in steps
        for chart in step["record"]
    ]
    if boxes:
        return boxes
    asked = [(n, step) for n, step in steps if step["prompt"]] or steps
    # Without a chart's label, the step's question says what to note.
    return [{"label": step["title"], "number": n, "step": step, "next_steps": False, "prompt": step["prompt"]} for n, step in asked]


def rows(boxes: list[dict]) -> list[list[dict]]:
    """The boxes two to a row, side by side as chart paper's columns: a step's own charts
    together (ATLAS's what we see and the interpretations held for later; Tuning's warm and
    cool), and two steps that keep one chart each beside each other. A chart of next steps
    takes a row of its own."""
    plain = {}  # step number -> how many charts the step keeps that are not next steps
    for box in boxes:
        plain[box["number"]] = plain.get(box["number"], 0) + (not box["next_steps"])
    laid_out, waiting = [], None
    for box in boxes:
        if box["next_steps"]:
            laid_out += [[waiting], [box]] if waiting else [[box]]
            waiting = None
        elif waiting and (waiting["number"] == box["number"] or plain[waiting["number"]] == plain[box["number"]] == 1):
            laid_out.append([waiting, box])
            waiting = None
        else:
            if waiting:
                laid_out.append([waiting])
            waiting = box
    return laid_out + ([[waiting]] if waiting else [])


def _box(box: dict, protocol: Protocol) -> str:
    step = box["step"]
    cue = [f'Step {box["number"]}: {render.html_text(step["title"])} · {_minutes(step, protocol)}']
    if box["prompt"]:
        cue.append(render.html_text(box["prompt"]))
    parts = [
        f'<h2 class="lsw-sheet__label">{render.html_text(box["label"])}</h2>',
        f'<p class="lsw-sheet__step">{" · ".join(cue)}</p>',
    ]
    if box["next_steps"]:
        parts.append('<p class="lsw-sheet__next">Next steps: what the group agrees to do, to open its next meeting</p>')
    kind = " lsw-sheet__box--next" if box["next_steps"] else ""
    return f'<section class="lsw-sheet__box{kind}">\n' + "\n".join(parts) + "\n</section>"


def note_sheet(protocol: Protocol, stylesheet: str) -> str:
    """The note sheet: lines for the date, group and presenter, a reminder to write no
    student's name, and a box for each chart (`charts`), laid out in `rows`."""
    laid_out = "\n".join(
        f'<div class="lsw-sheet__row lsw-sheet__row--{len(row)}">\n' + "\n".join(_box(box, protocol) for box in row) + "\n</div>"
        for row in rows(charts(protocol))
    )
    fill = "\n".join(f'<span class="lsw-sheet__fill">{name}<span class="lsw-sheet__line"></span></span>' for name in ("Date", "Group", "Presenter"))
    body = (
        f'<div class="lsw-handout lsw-sheet">\n{_stylesheet(stylesheet)}\n'
        f'<p class="lsw-sheet__fills">\n{fill}\n</p>\n'
        '<p class="lsw-sheet__reminder">Write no student\'s name here: refer to each piece of work by its letter or number.</p>\n'
        f'<div class="lsw-sheet__boxes">\n{laid_out}\n</div>\n</div>'
    )
    return f"# {KINDS[NOTE_SHEET]}: {render.text(protocol['title'])}\n\n{body}\n\n{_back(protocol)}\n"


def handout(protocol: Protocol, kind: str, stylesheet: str) -> str:
    """The handout of `kind` (CARD or NOTE_SHEET) for `protocol`."""
    return {CARD: card, NOTE_SHEET: note_sheet}[kind](protocol, stylesheet)


# The page listing every handout.

INDEX_DESCRIPTION = "Handouts to print for every protocol: a one-page facilitator's card with steps, minutes, prompts and moves, and a one-page note sheet for the group's record."


def index(library: Library) -> str:
    """The Handouts page (`INDEX`): every protocol with links to its two handouts."""
    items = "\n".join(
        f"- [{render.text(p['title'])}](protocols/{p.id}.md): "
        f"[facilitator's card]({address(p.id, CARD)}) · [note sheet]({address(p.id, NOTE_SHEET)})"
        for p in library.protocols.values()
    )
    return (
        "# Handouts\n\n"
        "Two handouts for every protocol, each printed on one page of A4 or Letter. The "
        "**facilitator's card** lists the steps in order with their minutes, who speaks, the "
        "question to ask and the facilitator's moves. The **note sheet** has a box for each "
        "chart the group keeps, with lines for the date, the group and the presenter. Open a "
        "handout and print it from your browser: the page prints without the handbook's menus.\n\n"
        f"{items}\n"
    )

