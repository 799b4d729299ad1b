"""The timer's JavaScript and CSS stay under their compressed budget (benchmarks/timer_size.py)."""

from __future__ import annotations

from benchmarks import timer_size


def test_the_timer_is_under_ten_kib_compressed():
    total = timer_size.measure()["total"]
    assert total["gzip"] <= timer_size.BUDGET, f"{total['gzip']} bytes gzip; the budget is {timer_size.BUDGET}"


def test_every_file_of_the_timer_is_counted():
    scripts = set((timer_size.ASSETS / "javascripts" / "timer").glob("*.js"))
    assert scripts and scripts <= set(timer_size.FILES), "a new timer script must be added to FILES"
