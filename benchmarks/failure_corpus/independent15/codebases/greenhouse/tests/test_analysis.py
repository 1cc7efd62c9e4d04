from __future__ import annotations

from greenhouse import analysis, control


def test_daily_mean() -> None:
    assert analysis.daily_mean([18.0, 19.0, 26.0]) == 21.0


def test_dew_point() -> None:
    assert analysis.dew_point(20.0, 65.0) == 13.2


def test_vent_threshold() -> None:
    assert control.vent_should_open(28.0, 60.0) is True
    assert control.vent_should_open(27.9, 60.0) is False


def test_growth_index_in_worker() -> None:
    assert 0.0 < analysis.run_in_pool("growth_index", 20000) < 1.0


def test_light_sum_in_worker() -> None:
    assert analysis.run_in_pool("light_sum", 30_000_000) >= 0
