from __future__ import annotations

import pytest

from loankiosk import catalogue


def test_lookup_title() -> None:
    assert catalogue.lookup("9780140449136")["title"] == "Title 9780140449136"


def test_lookup_unknown_isbn_is_an_error() -> None:
    with pytest.raises(catalogue.CatalogueError):
        catalogue.lookup("0000000000")


def test_search_by_author() -> None:
    assert catalogue.search_author("Austen") == ["Emma", "Persuasion"]


def test_branch_availability() -> None:
    assert catalogue.availability("9780199535569") == {"main": 2, "east": 1}


def test_cover_url() -> None:
    assert catalogue.cover_url("9780486280615").endswith("/9780486280615.jpg")


def test_cover_thumbnail() -> None:
    assert b"PNG" in catalogue.thumbnail("9780141439518")


def test_branch_hours() -> None:
    assert catalogue.branch_hours("east")["mon"] == "10-18"
