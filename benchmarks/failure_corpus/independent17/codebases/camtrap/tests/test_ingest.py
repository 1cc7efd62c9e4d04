from __future__ import annotations

from pathlib import Path

from camtrap.cards import read_card


def test_ingest_card_0410(inbox: Path) -> None:
    card = read_card(inbox / "card-0410.zip")
    assert (card.camera, card.number, len(card.images)) == ("BSH-1001", 410, 4)


def test_ingest_card_0412(inbox: Path) -> None:
    assert read_card(inbox / "card-0412.zip").trigger == "motion"


def test_card_0412_image_count(inbox: Path) -> None:
    assert len(read_card(inbox / "card-0412.zip").images) == 6


def test_ingest_infrared_card_0415(inbox: Path) -> None:
    assert read_card(inbox / "card-0415.zip").camera == "BSH-1002"


def test_card_0415_trigger_mode(inbox: Path) -> None:
    assert read_card(inbox / "card-0415.zip").trigger == "infrared"
