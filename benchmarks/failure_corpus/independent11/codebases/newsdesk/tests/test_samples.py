from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.contract import parse_wire_item


class TestSamples:
    def test_sample_items_parse(self, data_dir: Path) -> None:
        raw = json.loads((data_dir / "wire_sample.json").read_text(encoding="utf-8"))
        items = [parse_wire_item("sample", item) for item in raw["items"]]
        assert [item.byline for item in items] == ["Sample desk", None]

    @pytest.mark.parametrize("slug", ["sample-budget", "sample-derby"])
    def test_sample_slug_present(self, data_dir: Path, slug: str) -> None:
        raw = json.loads((data_dir / "wire_sample.json").read_text(encoding="utf-8"))
        assert slug in {item["slug"] for item in raw["items"]}
