from __future__ import annotations

from setlists.titles import meta_flat


def test_meta_flat() -> None:
    assert meta_flat({"venue": "Coliseu", "doors": "20:00"}) == {"venue": "Coliseu",
                                                                 "doors": "20:00"}


def test_meta_flat_nested() -> None:
    flat = meta_flat({"support": {"name": "Tin Kites", "set": {"songs": 7}}})
    assert flat == {"support.name": "Tin Kites", "support.set.songs": 7}
