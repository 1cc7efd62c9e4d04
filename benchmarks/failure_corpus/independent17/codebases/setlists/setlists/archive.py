"""Songs, shows and tours on SQLAlchemy sessions; old shows move to the archive database."""

from __future__ import annotations

from datetime import date

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from setlists.models import Show, Song, Tour


def add_song(session: Session, artist: str, title: str, cover_of: str | None = None) -> Song:
    song = Song(artist=artist, title=title, cover_of=cover_of)
    session.add(song)
    session.flush()
    return song


def create_tour(session: Session, artist: str, name: str, leg: str = "main") -> Tour:
    tour = Tour(artist=artist, name=name, leg=leg)
    session.add(tour)
    session.flush()
    return tour


def tour_legs(session: Session, artist: str) -> list[str]:
    return sorted(session.scalars(select(Tour.leg).where(Tour.artist == artist)))


def archive_show(archive_url: str, artist: str, venue: str, played_on: date) -> int:
    """Store a show in the long-term archive database."""
    engine = create_engine(archive_url, connect_args={"connect_timeout": 2})
    try:
        with Session(engine) as session, session.begin():
            show = Show(artist=artist, venue=venue, played_on=played_on)
            session.add(show)
            session.flush()
            return show.id
    finally:
        engine.dispose()


def archived_venues(archive_url: str, artist: str) -> list[str]:
    engine = create_engine(archive_url, connect_args={"connect_timeout": 2})
    try:
        with Session(engine) as session:
            return sorted(set(session.scalars(select(Show.venue).where(Show.artist == artist))))
    finally:
        engine.dispose()
