from __future__ import annotations

import asyncio

from housekeep import config
from housekeep.pms import departures, report_clean, room_statuses


def test_departures_for_day(settings: config.Settings) -> None:
    rooms = asyncio.run(departures(settings.pms_url, "2026-04-01", settings.timeout))
    assert rooms == [101, 104, 205, 310]


def test_room_status_feed(settings: config.Settings) -> None:
    feed = asyncio.run(room_statuses(settings.pms_url, settings.timeout))
    assert feed.errors == []
    assert feed.rooms[101] == "vacant dirty"


def test_status_feed_covers_every_room(settings: config.Settings) -> None:
    feed = asyncio.run(room_statuses(settings.pms_url, settings.timeout))
    assert (len(feed.rooms), feed.errors) == (4, [])


def test_report_room_clean(settings: config.Settings) -> None:
    response = asyncio.run(report_clean(settings.pms_url, 101, "Marta", settings.timeout))
    assert response.status_code == 200


def test_clean_report_is_acknowledged(settings: config.Settings) -> None:
    response = asyncio.run(report_clean(settings.pms_url, 104, "Joao", settings.timeout))
    assert response.status_code == 200
    assert response.json()["accepted"] is True
