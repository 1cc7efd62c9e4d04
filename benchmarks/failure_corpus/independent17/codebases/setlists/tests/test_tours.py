from __future__ import annotations

from sqlalchemy.orm import Session

from setlists import config
from setlists.archive import create_tour, tour_legs
from setlists.feeds import tour_dates


def test_create_tour(session: Session) -> None:
    tour = create_tour(session, "Harbour Lights", "Low Tide Tour")
    assert tour.leg == "main"


def test_tour_legs(session: Session) -> None:
    create_tour(session, "Paper Moons", "Fold Tour", leg="europe")
    create_tour(session, "Paper Moons", "Fold Tour", leg="americas")
    assert tour_legs(session, "Paper Moons") == ["americas", "europe"]


def test_tour_dates(settings: config.Settings) -> None:
    assert len(tour_dates(settings.partner_url, "harbour-lights", settings.timeout)) == 3


def test_tour_dates_are_iso(settings: config.Settings) -> None:
    dates = tour_dates(settings.partner_url, "harbour-lights", settings.timeout)
    assert dates[0] == "2026-06-12"
