from datetime import datetime

import pytest

from meterhub.errors import FeedContractError
from meterhub.readings import parse_line, read_feed


def test_headend_south_lines(inbox):
    assert len(read_feed(inbox / "headend-south.jsonl")) == 7


def test_headend_meters(inbox):
    serials = {r["serial"] for r in read_feed(inbox / "headend-south.jsonl")}
    assert serials == {"HE-100", "HE-101", "HE-999"}


def test_headend_register_values(inbox):
    values = [r["kwh"] for r in read_feed(inbox / "headend-south.jsonl") if r["serial"] == "HE-100"]
    assert values == [1000.0, 1100.5, 1180.0, 1190.0]


def test_headend_north_times(inbox):
    times = [r["taken_at"] for r in read_feed(inbox / "headend-north.jsonl")]
    assert times[0] == datetime(2026, 11, 1)


def test_feed_line_contract():
    with pytest.raises(FeedContractError):
        parse_line('{"serial": "X-1", "ts": "2026-11-01T00:00:00Z"}')


def test_parse_line_utc():
    record = parse_line('{"serial": "X-1", "ts": "2026-11-01T06:30:00Z", "kwh": 3}')
    assert record["taken_at"] == datetime(2026, 11, 1, 6, 30)
