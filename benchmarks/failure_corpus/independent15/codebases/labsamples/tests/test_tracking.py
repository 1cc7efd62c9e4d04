from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from labsamples import tracking
from tests.helpers import Sample, make_labelled


def test_collected_local_time() -> None:
    assert tracking.collected_local(datetime(2026, 3, 2, 7, 15, tzinfo=UTC)) == "2026-03-02 08:15"


def test_status_transition_allowed() -> None:
    assert tracking.next_status("received", "stored") == "stored"


def test_status_transition_refused() -> None:
    assert tracking.next_status("received", "shipped") == "received"


@pytest.mark.timeout(3)
def test_move_sample_between_racks() -> None:
    registry = tracking.RackRegistry()
    assert asyncio.run(registry.move("S-0001", "R-1", 5)) == ("R-1", 5)


def test_instrument_bridge() -> None:
    assert tracking.run_bridge(1.5).startswith("bridge polled")


def test_batch_summary(sample_batch: list[Sample]) -> None:
    assert sum(sample.volume_ul for sample in sample_batch) == 750


def test_sample_summary_line() -> None:
    sample = make_labelled("S-0410", "plasma")
    assert f"{sample.barcode}/{sample.kind}" == "S-0410/plasma"
