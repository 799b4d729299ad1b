"""The protocol finder on the built site, used as a facilitator uses it, in Chromium.

Expectations come from the data the page itself embeds, so a school's own protocols are
checked as well as the handbook's. Set SCREENSHOTS to a folder to keep screenshots.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from macros.render import duration

from .helpers import axe_in_both_palettes, embedded_json, open_context, palette, shot


@pytest.fixture(scope="module")
def data(site) -> dict:
    """What the finder knows of every protocol, as the built page embeds it."""
    return embedded_json(site, "plan/finder", "lsw-finder", "data-finder")


@pytest.fixture
def finder(page, base_url):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base_url}plan/finder/")
    yield page
    assert errors == []




def labels(data, kind: str) -> dict[str, str]:
    """The labels of the finder's tags of one kind ("purposes" or "samples"), by tag."""
    return {entry["tag"]: entry["label"] for entry in data[kind]}


def tags(protocol, kind: str) -> list[str]:
    return [entry["tag"] for entry in protocol[kind]]


def trust(protocol) -> str | None:
    return protocol["trust"] and protocol["trust"]["level"]


def shown(page, data) -> list[str]:
    """The titles of the protocols the page shows, in its order."""
    titles = {protocol["title"] for protocol in data["protocols"]}
    links = page.locator("article").get_by_role("link").all()
    return [link.inner_text() for link in links if link.is_visible() and link.inner_text() in titles]


def count(page) -> str:
    return page.get_by_role("status").inner_text()


def result(page, title):
    """The listed protocol whose link is `title`: its whole entry."""
    return page.locator("article div").filter(has=page.get_by_role("link", name=title, exact=True)).last


def test_without_javascript_the_page_lists_every_protocol_with_its_facts(browser, site, base_url, data):
    context = open_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}plan/finder/")
    assert sorted(shown(page, data)) == sorted(p["title"] for p in data["protocols"])
    for protocol in data["protocols"]:
        entry = result(page, protocol["title"]).inner_text()
        assert protocol["summary"] in entry
        if protocol["trust"]:
            assert f"trust needed: {trust(protocol)}" in entry
        for tag in tags(protocol, "purposes"):
            assert labels(data, "purposes")[tag] in entry
    assert page.get_by_label("Minutes you have").count() == 0
    context.close()


def test_with_no_choice_made_every_protocol_is_listed(finder, data):
    assert sorted(shown(finder, data)) == sorted(p["title"] for p in data["protocols"])
    assert count(finder) == f"All {len(data['protocols'])} protocols. Choose above to narrow them."
    for name in ["What you want from the meeting", "Kind of sample", "Minutes you have", "People in the group", "Trust the group has built"]:
        assert finder.get_by_label(name).is_visible(), name


def test_choices_narrow_and_widen_the_results_and_survive_a_reload(finder, data):
    everything = len(data["protocols"])
    samples = labels(data, "samples")
    sample = "class-set" if "class-set" in samples else next(iter(samples))
    finder.get_by_label("Kind of sample").select_option(label=samples[sample])
    with_sample = [p["title"] for p in data["protocols"] if sample in tags(p, "samples")]
    assert sorted(shown(finder, data)) == sorted(with_sample)
    assert 0 < len(with_sample) < everything, "pick a sample that narrows the list"
    assert count(finder) == f"{len(with_sample)} of {everything} protocols fit."
    for title in with_sample:
        assert f"works with “{samples[sample]}”" in result(finder, title).inner_text()

    finder.get_by_label("Minutes you have").fill("45")
    narrowed = shown(finder, data)
    assert set(narrowed) <= set(with_sample)
    for protocol in data["protocols"]:
        if sample in tags(protocol, "samples") and protocol["minutes"] <= 45:
            assert protocol["title"] in narrowed, f"{protocol['title']} fits in 45 minutes"
            why = result(finder, protocol["title"]).inner_text()
            assert f"takes {duration(protocol['minutes'])}, within your 45 minutes" in why

    finder.get_by_label("Kind of sample").select_option(label="Any kind of sample")
    widened = shown(finder, data)
    assert set(narrowed) < set(widened), "the wider choice should bring protocols back"
    assert "meeting=45" in finder.url and "sample=" not in finder.url

    finder.get_by_label("Kind of sample").select_option(label=samples[sample])
    before = shown(finder, data)
    finder.reload()
    assert finder.get_by_label("Minutes you have").input_value() == "45"
    assert finder.get_by_label("Kind of sample").input_value() == sample
    assert shown(finder, data) == before
    shot(finder, "finder-choices", full_page=True)


def test_a_link_with_choices_shows_the_same_results(finder, base_url, data, browser):
    purpose = data["purposes"][0]["tag"]
    finder.get_by_label("What you want from the meeting").select_option(purpose)
    finder.get_by_label("People in the group").fill("6")
    finder.get_by_label("Trust the group has built").select_option("medium")
    chosen = shown(finder, data)
    context = open_context(browser)
    other = context.new_page()
    other.goto(finder.url)
    assert other.get_by_label("What you want from the meeting").input_value() == purpose
    assert other.get_by_label("People in the group").input_value() == "6"
    assert shown(other, data) == chosen
    context.close()


def test_each_result_says_why_it_fits(finder, data):
    finder.get_by_label("People in the group").fill("6")
    finder.get_by_label("Trust the group has built").select_option("low")
    titles = shown(finder, data)
    assert titles
    for protocol in data["protocols"]:
        visible = protocol["title"] in titles
        size = protocol["group_size"]
        too_many = size and (6 < size["min"] or (size["max"] and 6 > size["max"]))
        assert visible == (trust(protocol) in (None, "low") and not too_many), protocol["title"]
        if visible:
            why = result(finder, protocol["title"]).inner_text()
            assert "Why it fits:" in why
            assert "needs low trust" in why or "trust needed not stated" in why
            assert "group size not stated" in why or re.search(r"for \d+(–\d+| or more) people", why)


def test_a_protocol_that_fits_only_shortened_says_so_and_opens_fitted(finder, data):
    protocol = max(data["protocols"], key=lambda p: p["minutes"])
    minutes = round(protocol["minutes"] * 3 / 4)
    finder.get_by_label("Minutes you have").fill(str(minutes))
    entry = result(finder, protocol["title"])
    assert f"Fits when shortened from {duration(protocol['minutes'])} to your {duration(minutes)}, every step" in entry.inner_text()
    # Those that fit in full come first.
    titles = shown(finder, data)
    full = [p["title"] for p in data["protocols"] if p["minutes"] <= minutes]
    assert titles[: len(full)] == full
    link = finder.get_by_role("article").get_by_role("link", name=protocol["title"], exact=True)
    assert link.get_attribute("href") == f"../../protocols/{protocol['id']}/?meeting={minutes}"
    link.click()
    timer = finder.get_by_role("region", name="Step timer")
    timer.wait_for()
    assert f"left of {duration(minutes)}." in timer.inner_text()
    steps = timer.get_by_role("listitem").all_inner_texts()
    fitted = [int(re.search(r": (\d+) min", step)[1]) for step in steps]
    assert sum(fitted) == minutes
    assert all(2 * f >= s["minutes"] for f, s in zip(fitted, protocol["steps"], strict=True))
    assert "(protocol: " in timer.inner_text()


def test_a_link_made_before_minutes_were_named_meeting_still_chooses_them(finder, base_url, data):
    finder.goto(f"{base_url}plan/finder/?meeting=30")
    fitting = shown(finder, data)
    assert 0 < len(fitting) < len(data["protocols"]), "30 minutes should narrow the list"
    finder.goto(f"{base_url}plan/finder/?minutes=30")
    assert finder.get_by_label("Minutes you have").input_value() == "30"
    assert shown(finder, data) == fitting
    finder.get_by_label("People in the group").fill("6")
    expect(finder).to_have_url(re.compile(r"/plan/finder/\?meeting=30&people=6$"))


def test_a_protocol_is_not_shortened_below_half_its_length(finder, data):
    protocol = max(data["protocols"], key=lambda p: p["minutes"])
    finder.get_by_label("Minutes you have").fill(str(protocol["minutes"] // 2 - 1))
    assert protocol["title"] not in shown(finder, data)
    finder.get_by_label("Minutes you have").fill(str(protocol["minutes"] - 1))
    assert protocol["title"] in shown(finder, data)


def test_a_protocol_page_without_fit_keeps_its_own_minutes(page, base_url, data):
    protocol = data["protocols"][0]
    page.goto(f"{base_url}protocols/{protocol['id']}/")
    timer = page.get_by_role("region", name="Step timer")
    assert f"left of {duration(protocol['minutes'])}." in timer.inner_text()
    assert "(protocol: " not in timer.inner_text()


def test_clear_choices_lists_every_protocol_again(finder, data):
    finder.get_by_label("Minutes you have").fill("20")
    finder.get_by_label("Trust the group has built").select_option("low")
    assert len(shown(finder, data)) < len(data["protocols"])
    finder.get_by_role("button", name="Clear choices").click()
    assert len(shown(finder, data)) == len(data["protocols"])
    assert finder.get_by_label("Minutes you have").input_value() == ""
    assert "?" not in finder.url


def test_a_choice_that_fits_nothing_says_what_to_do(finder, data):
    finder.get_by_label("Minutes you have").fill("1")
    assert shown(finder, data) == []
    assert count(finder).startswith("No protocol fits all of these choices.")


def test_axe_finds_no_violation_with_choices_made(browser, site, base_url):
    """In both palettes (helpers.axe_in_both_palettes): every WCAG 2.2 A and AA rule in the
    light palette, the rules that read colours in the dark one. The page opens dark, as the
    system asks."""
    context = open_context(browser, color_scheme="dark")
    page = context.new_page()
    page.goto(f"{base_url}plan/finder/?meeting=45&people=6&sample=class-set")
    assert palette(page) == "dark"
    assert axe_in_both_palettes(page) == {"light": [], "dark": []}
    context.close()


def test_a_phone_shows_the_choices_and_results_without_sideways_scrolling(browser, site, base_url):
    context = open_context(browser, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{base_url}plan/finder/?meeting=45&people=6&sample=class-set")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.get_by_label("Minutes you have").is_visible()
    shot(page, "finder-phone", full_page=True)
    context.close()


# Links hold anything: values and names that are Object's own members are unknown choices.

PROTO = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]


@pytest.mark.parametrize("word", PROTO)
def test_a_link_with_object_member_names_lists_every_protocol(finder, base_url, data, word):
    finder.goto(f"{base_url}plan/finder/?purpose={word}&sample={word}&trust={word}&meeting={word}&minutes={word}&people={word}&{word}=1")
    assert count(finder) == f"All {len(data['protocols'])} protocols. Choose above to narrow them."
    assert sorted(shown(finder, data)) == sorted(p["title"] for p in data["protocols"])
    assert finder.get_by_label("What you want from the meeting").input_value() == ""
    assert finder.get_by_label("Trust the group has built").input_value() == ""


def test_a_link_mixing_known_and_unknown_choices_filters_by_the_known_ones(finder, base_url, data):
    purpose = data["purposes"][0]["tag"]
    finder.goto(f"{base_url}plan/finder/?purpose={purpose}&sample=constructor&trust=__proto__&__proto__=toString")
    with_purpose = [p["title"] for p in data["protocols"] if purpose in tags(p, "purposes")]
    assert 0 < len(with_purpose) < len(data["protocols"]), "pick a purpose that narrows the list"
    assert sorted(shown(finder, data)) == sorted(with_purpose)
    assert count(finder) == f"{len(with_purpose)} of {len(data['protocols'])} protocols fit."
    # The page goes on working: a further choice narrows the list again.
    finder.get_by_label("Minutes you have").fill("1")
    assert shown(finder, data) == []
