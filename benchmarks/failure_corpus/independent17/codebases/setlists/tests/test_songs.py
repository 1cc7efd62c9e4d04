from __future__ import annotations

from sqlalchemy.orm import Session

from setlists.archive import add_song
from setlists.titles import distinct_songs, normalise


def test_add_song(session: Session) -> None:
    song = add_song(session, "Harbour Lights", "The Night Drive")
    assert song.id is not None and song.added_at is not None


def test_add_cover_song(session: Session) -> None:
    song = add_song(session, "Harbour Lights", "Heroes", cover_of="David Bowie")
    assert song.cover_of == "David Bowie"


def test_distinct_songs_ignore_case() -> None:
    assert distinct_songs(["The Night Drive", "the night drive", "Heroes"]) == 2


def test_distinct_songs_trim_spaces() -> None:
    assert distinct_songs(["Heroes ", "Heroes", " Heroes"]) == 1


def test_normalise_alias() -> None:
    assert normalise("TND") == "the night drive"


def test_normalise_plain_title() -> None:
    assert normalise("Yellow Stairwell") == "yellow stairwell"


def test_normalise_strips_punctuation() -> None:
    assert normalise("Heroes!") == "heroes"
