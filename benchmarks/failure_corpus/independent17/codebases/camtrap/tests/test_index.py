from __future__ import annotations

import json
from pathlib import Path


def test_nightly_index_lists_every_card(inbox: Path) -> None:
    index = json.loads((inbox / "index.json").read_text())
    cards = sorted(int(p.stem.split("-")[1]) for p in inbox.glob("card-*.zip"))
    assert index["cards"] == cards
