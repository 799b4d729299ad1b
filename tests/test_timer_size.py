"""What a protocol page loads for its timer stays under its compressed budget (benchmarks/timer_size.py)."""

from __future__ import annotations

from benchmarks import timer_size


def test_the_timer_is_under_its_budget_compressed():
    total = timer_size.measure()["total"]
    assert total["gzip"] <= timer_size.BUDGET, f"{total['gzip']} bytes gzip; the budget is {timer_size.BUDGET}"


def test_every_file_of_the_timer_is_counted():
    timer = timer_size.ASSETS / "javascripts" / "timer"
    # The projector window's script is loaded by docs/projector.html alone, not by a protocol page.
    scripts = set(timer.glob("*.js")) - {timer / "projector.js"}
    assert scripts and scripts <= set(timer_size.FILES), "a new timer script must be added to FILES"


def test_every_module_the_timer_shares_is_counted():
    javascripts = timer_size.ASSETS / "javascripts"
    shared = {*(javascripts / "browser").glob("*.js"), *(javascripts / "format").glob("*.js")}
    assert shared and shared <= set(timer_size.FILES), "a module the timer loads must be added to FILES"
