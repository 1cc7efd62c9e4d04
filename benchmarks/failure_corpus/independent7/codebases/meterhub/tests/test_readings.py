import logging
from datetime import datetime

import pytest

from meterhub.readings import (
    consumption,
    ingest,
    latest_reading,
    read_feed,
    readings_for,
    register_meter,
)


@pytest.fixture
def sample_meters(session):
    return {
        "SF-1": register_meter(session, "SF-1", "Test Lane 1", multiplier=2.0),
        "SF-2": register_meter(session, "SF-2", "Test Lane 2"),
        "SF-3": register_meter(session, "SF-3", "Test Lane 3", kind="heat"),
    }


def test_sample_feed_ingest(session, sample_meters, sample_feed):
    assert ingest(session, read_feed(sample_feed), "sample") == 6


def test_ingest_skips_known_readings(session, sample_meters, sample_feed, caplog):
    records = read_feed(sample_feed)
    ingest(session, records, "sample")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="meterhub.readings"):
        assert ingest(session, records, "sample") == 0
    assert sum("skipped" in r.getMessage() for r in caplog.records) == 7


def test_unknown_meter_logged(session, sample_meters, sample_feed, caplog):
    with caplog.at_level(logging.WARNING, logger="meterhub.readings"):
        ingest(session, read_feed(sample_feed), "sample")
    assert any("SF-9" in r.getMessage() for r in caplog.records)


def test_negative_reading_rejected(session, sample_meters, sample_feed, caplog):
    with caplog.at_level(logging.WARNING, logger="meterhub.readings"):
        ingest(session, read_feed(sample_feed), "sample")
    assert [r.value_kwh for r in readings_for(session, sample_meters["SF-2"])] == [75.0]
    assert "negative reading" in caplog.text


def test_consumption_applies_multiplier(session, sample_meters, sample_feed):
    ingest(session, read_feed(sample_feed), "sample")
    used = consumption(session, sample_meters["SF-1"], datetime(2026, 10, 1),
                       datetime(2026, 10, 31))
    assert used == 603.0


def test_consumption_within_day(session, sample_meters, sample_feed):
    ingest(session, read_feed(sample_feed), "sample")
    used = consumption(session, sample_meters["SF-3"], datetime(2026, 10, 5),
                       datetime(2026, 10, 5, 23, 59))
    assert used == 8.5


def test_latest_reading(session, sample_meters, sample_feed):
    ingest(session, read_feed(sample_feed), "sample")
    latest = latest_reading(session, sample_meters["SF-1"])
    assert latest is not None and latest.value_kwh == 2301.5


def test_readings_in_time_order(session, meter):
    records = [
        {"serial": meter.serial, "taken_at": datetime(2026, 11, day), "kwh": float(day)}
        for day in (9, 3, 6)
    ]
    ingest(session, records, "manual")
    assert [r.taken_at.day for r in readings_for(session, meter)] == [3, 6, 9]
