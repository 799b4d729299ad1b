"""What a page hands its scripts, written here and nowhere else.

A protocol page hands its step timer its protocol; the finder's page hands the finder
every protocol and what to choose by; the planner's page hands the planner every
protocol; the timer and the planner also hand over where the Meeting records page is. Totals, durations, labels and addresses are worked out here, once, so the
scripts read them rather than work them out again. The shape is `schema.PAGE_DATA`.

Addresses are relative to the page that embeds the data: the MkDocs glue (`hooks`, the
macros) knows the pages' addresses and passes them in, so nothing here depends on the
engine.
"""

from __future__ import annotations

from . import markup, render, schema
from .library import Library, Protocol

# The Meeting records page: the step timer and the planner hand its address (`data-records`)
# to the chart paper, which opens a meeting's record there.
RECORDS_PAGE = "meetings.md"


def _tags(library: Library, kind: str, tags: list[str]) -> list[dict]:
    return [{"tag": tag, "label": library.label(kind, tag)} for tag in tags]


def _trust(level: str) -> dict:
    return {"level": level, "label": schema.TRUST_LEVELS[level]}


def facilitator(step: dict) -> dict:
    """What the facilitator's screen shows during a step, as the step's section of the page shows it."""
    guidance = markup.markdown_html(step["guidance"]).strip() if step["guidance"] else ""
    return {"guidance_html": guidance or None, "moves_html": render.facilitator_moves(step)}


def step(protocol: Protocol, step: dict, with_facilitator: bool = True) -> dict:
    return {
        "title": step["title"],
        "minutes": step["minutes"],
        "duration": render.duration(step["minutes"]),
        "speaks": step["speaks"],
        "presenter_silent": step["presenter_silent"],
        "prompt": step["prompt"],
        "suggested": protocol.step_timing(step) == "suggested",
        "facilitator": facilitator(step) if with_facilitator else None,
        "record": [{"label": chart["label"], "next_steps": chart["next_steps"]} for chart in step["record"]],
    }


def protocol(p: Protocol, library: Library, address: str, with_facilitator: bool = True) -> dict:
    """One protocol, its page at `address`: what the timer, the finder and the planner read.

    The finder runs no step, and asks for its protocols without the facilitator's text.
    """
    size = p["group_size"]
    return {
        "id": p.id,
        "address": address,
        "title": p["title"],
        "summary": p["summary"],
        "minutes": p.total_minutes,
        "duration": render.duration(p.total_minutes),
        "group_size": {"min": size["min"], "max": size.get("max")} if size else None,
        "group_size_label": render.group_size(size),
        "trust": _trust(p["trust"]) if p["trust"] else None,
        "purposes": _tags(library, "purposes", p["purposes"]),
        "samples": _tags(library, "samples", p["samples"]),
        "origin_note": render.origin_note(p, library),
        "steps": [step(p, each, with_facilitator) for each in p["steps"]],
    }


def protocols(library: Library, addresses: dict[str, str], with_facilitator: bool = True) -> list[dict]:
    """Every protocol, in the library's order; `addresses` holds each one's page by id."""
    return [protocol(p, library, addresses[p.id], with_facilitator) for p in library.protocols.values()]


def finder(library: Library, addresses: dict[str, str], planner: str) -> dict:
    """The finder's data: every protocol, every tag and level to choose by, and the planner's page."""
    return {
        "purposes": _tags(library, "purposes", list(library.vocabulary["purposes"])),
        "samples": _tags(library, "samples", list(library.vocabulary["samples"])),
        "trust": [_trust(level) for level in schema.TRUST_LEVELS],
        "planner": planner,
        "protocols": protocols(library, addresses, with_facilitator=False),
    }


def planner(library: Library, addresses: dict[str, str]) -> dict:
    return {"protocols": protocols(library, addresses)}
