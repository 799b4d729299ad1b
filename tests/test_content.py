"""The library's content, pinned to its sources: a protocol that loses a step, its minutes,
its source or its prompts fails here, and so does a guidance page missing from the navigation."""

from __future__ import annotations

import re

import pytest

from macros.library import load_library

from .conftest import ROOT

LIBRARY = load_library(ROOT / "protocols")
SEEDS = ROOT.parent / "shared" / "seeds"

# Minutes of each step, in order, and which of them are the handbook's suggestion ("s")
# rather than the source's ("f"). Changing a protocol's steps means changing this on purpose.
STEPS = {
    "atlas": [(5, "s"), (10, "f"), (10, "f"), (10, "f"), (10, "f"), (5, "s")],
    "collaborative-assessment-conference": [(10, "s")] * 6 + [(5, "s")],
    "consultancy": [(5, "f"), (5, "s"), (5, "f"), (10, "f"), (15, "f"), (5, "s"), (5, "s")],
    "descriptive-review": [(5, "s"), (5, "s"), (10, "s"), (15, "s"), (5, "s"), (5, "s"), (15, "s"), (5, "s")],
    "dese-everyday": [(10, "f"), (15, "f"), (15, "f")],
    "dese-team-deep-dive": [(5, "s"), (5, "s"), (10, "s"), (25, "s"), (15, "s")],
    "notice-and-wonder": [(5, "s"), (10, "s"), (10, "f"), (10, "f"), (10, "f"), (10, "f"), (5, "s")],
    "success-analysis": [(10, "f"), (10, "s"), (5, "s"), (15, "s"), (5, "s"), (5, "s")],
    "tuning": [(10, "f"), (20, "f"), (5, "f"), (3, "f"), (15, "f"), (15, "f"), (10, "f")],
}

# Who each protocol is credited to.
SOURCES = {
    "atlas": ("National School Reform Faculty", ["Eric Buchovecky", "Gene Thompson-Grove"], 2000),
    "collaborative-assessment-conference": ("Project Zero", ["Steve Seidel"], 1999),
    "consultancy": ("National School Reform Faculty", ["Gene Thompson-Grove", "Paula Evans", "Faith Dunne"], None),
    "descriptive-review": ("Prospect Center", ["Patricia F. Carini"], 2011),
    "dese-everyday": ("Massachusetts Department of Elementary and Secondary Education", [], 2024),
    "dese-team-deep-dive": ("Massachusetts Department of Elementary and Secondary Education", [], 2024),
    "notice-and-wonder": ("National School Reform Faculty", ["Eric Buchovecky", "Dianne Leahy"], 2004),
    "success-analysis": ("National School Reform Faculty", ["Gene Thompson-Grove"], None),
    "tuning": ("Coalition of Essential Schools", ["David Allen", "Joseph McDonald"], None),
}

# The facilitator's questions the seeds give, which the protocols must keep word for word.
SEED_PROMPTS = {
    "atlas": ("002", 3),
    "dese-everyday": ("004", 3),
    "dese-team-deep-dive": ("004", 3),
}

GUIDANCE = {
    "guides/bringing-work.md": "Bringing student work",
    "guides/presenter-checklist.md": "checklist",
    "guides/equity-lens.md": "equity lens",
    "guides/facilitating.md": "Facilitating",
    "guides/reflecting.md": "Reflecting on the process",
    "guides/choosing.md": "Choosing a protocol",
    "glossary.md": "Glossary",
    "about.md": "About",
}


def normalise(value: str) -> str:
    value = value.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", value).strip().lower()


def test_the_library_has_every_protocol_the_handbook_promises():
    assert set(LIBRARY.protocols) == set(STEPS)


@pytest.mark.parametrize("protocol_id", sorted(STEPS))
def test_steps_and_minutes_are_as_the_sources_give_them(protocol_id):
    protocol = LIBRARY.protocols[protocol_id]
    found = [(step["minutes"], protocol.step_timing(step)[0]) for step in protocol["steps"]]
    assert found == STEPS[protocol_id]


@pytest.mark.parametrize("protocol_id", sorted(SOURCES))
def test_every_protocol_is_credited(protocol_id):
    name, authors, year = SOURCES[protocol_id]
    source = LIBRARY.protocols[protocol_id]["source"]
    assert name in source["name"]
    assert set(authors) <= set(source["authors"])
    assert source["year"] == year
    assert source["notes"], "the notes say which version the page follows and what the handbook added"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents (shared/seeds beside the repository) are not here")
@pytest.mark.parametrize("protocol_id", sorted(SEED_PROMPTS))
def test_facilitator_questions_are_quoted_from_the_seed(protocol_id):
    seed, count = SEED_PROMPTS[protocol_id]
    text = normalise(next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8"))
    prompts = [step["prompt"] for step in LIBRARY.protocols[protocol_id]["steps"] if step["prompt"]]
    quoted = [prompt for prompt in prompts if normalise(prompt) in text]
    assert len(quoted) >= count, f"{protocol_id}: {prompts}"


def test_atlas_keeps_the_presenter_silent_until_step_5():
    steps = LIBRARY.protocols["atlas"]["steps"]
    assert [step["presenter_silent"] for step in steps] == [False, True, True, True, False, False]
    assert [len(group["questions"]) for group in LIBRARY.protocols["atlas"]["debrief"]] == [3, 3, 3]


def test_every_protocol_is_complete():
    for protocol_id, protocol in LIBRARY.protocols.items():
        for field in ("norms", "roles", "bring", "preparation", "materials", "debrief", "tips", "purposes", "samples"):
            assert protocol[field], f"{protocol_id} has no {field}"
        assert any(step["prompt"] for step in protocol["steps"]), f"{protocol_id} has no prompts"
        assert any(step["speaks"] for step in protocol["steps"]), f"{protocol_id} says nowhere who speaks"


def test_guidance_pages_are_in_the_navigation(page, base_url):
    page.goto(base_url)
    nav = page.locator("nav.md-nav--primary")
    for path, title in GUIDANCE.items():
        link = nav.locator(f'a[href$="{path[:-3]}/"]')
        assert link.count() == 1, f"{path} is not in the navigation"
        assert title.lower() in link.inner_text().lower()
        assert (ROOT / "docs" / path).exists()


def test_home_page_has_an_entry_point_for_each_reader(page, base_url):
    page.goto(base_url)
    article = page.locator("article")
    for target in ("guides/facilitating/", "guides/bringing-work/", "reference/protocol-file/"):
        assert article.locator(f'a[href$="{target}"]').count() >= 1, target
