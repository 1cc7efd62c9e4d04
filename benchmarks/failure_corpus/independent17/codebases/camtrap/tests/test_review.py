from __future__ import annotations

from camtrap.review import review_all


def test_review_queue_drains() -> None:
    files = [f"IMG_{i:04d}.PGM" for i in range(12)]
    tags = review_all(files, lambda name: "empty" if name.endswith("0.PGM") else "animal")
    assert sum(1 for t in tags.values() if t == "empty") == 2


def test_review_of_nothing() -> None:
    assert review_all([], lambda name: "animal") == {}
