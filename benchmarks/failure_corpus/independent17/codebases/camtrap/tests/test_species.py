from __future__ import annotations

from camtrap import config
from camtrap.cards import pgm
from camtrap.species import identify, identify_all


def test_identify_day_capture(settings: config.Settings) -> None:
    result = identify(settings.species_url, settings.species_token, "day", pgm(16, 16, 1),
                      settings.timeout)
    assert result["species"] == "roe deer"


def test_identify_night_capture(settings: config.Settings) -> None:
    result = identify(settings.species_url, settings.species_token, "night", pgm(16, 16, 2),
                      settings.timeout)
    assert result["species"] == "badger" and result["confidence"] > 0.5


def test_identify_batch_of_night_captures(settings: config.Settings) -> None:
    images = [pgm(16, 16, seed) for seed in range(3)]
    labels = identify_all(settings.species_url, settings.species_token, "night", images,
                          settings.timeout)
    assert labels == ["badger", "badger", "badger"]
