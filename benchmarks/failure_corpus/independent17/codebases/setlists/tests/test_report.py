from __future__ import annotations

from collections import Counter


def test_songs_played_per_city(tour_rows: list[dict[str, str]]) -> None:
    per_city = Counter(row["city"] for row in tour_rows)
    assert per_city == {"Porto": 2, "Lyon": 1}


def test_most_played_song(tour_rows: list[dict[str, str]]) -> None:
    counted = Counter(row["song"].lower() for row in tour_rows)
    assert counted.most_common(1)[0][0] == "the night drive"
