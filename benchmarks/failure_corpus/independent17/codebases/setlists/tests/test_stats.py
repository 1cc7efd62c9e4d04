from __future__ import annotations

from setlists import config
from setlists.stats import tour_transitions, transitions

SHOWS = [["Intro", "The Night Drive", "Heroes", "Yellow Stairwell"],
         ["Intro", "The Night Drive", "Low Tide", "Yellow Stairwell"]]


def test_transitions_of_one_show() -> None:
    assert transitions(SHOWS[0])[("Intro", "The Night Drive")] == 1


def test_tour_transitions(settings: config.Settings) -> None:
    counted = tour_transitions(SHOWS, settings.worker_memory_mb)
    assert counted[("Intro", "The Night Drive")] == 2
