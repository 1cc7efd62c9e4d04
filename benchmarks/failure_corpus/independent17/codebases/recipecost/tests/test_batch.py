from __future__ import annotations

from recipecost import config
from recipecost.batch import recost_planned, reserve_batch


def test_nightly_recost_of_planned_batches(settings: config.Settings) -> None:
    assert recost_planned(settings.batch_dsn) >= 2


def test_recost_is_repeatable(settings: config.Settings) -> None:
    first = recost_planned(settings.batch_dsn)
    assert recost_planned(settings.batch_dsn) == first


def test_reserve_batch_for_cook(settings: config.Settings) -> None:
    assert reserve_batch(settings.dsn, 4, "Ana") == "Ana"
