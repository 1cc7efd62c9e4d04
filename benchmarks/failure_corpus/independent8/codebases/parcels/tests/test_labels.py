from __future__ import annotations

from pathlib import Path

import pytest

from parcelhub.labels import render_batch, render_label
from parcelhub.render import bars


@pytest.fixture
def label_dir(outbox: Path, request: pytest.FixtureRequest) -> Path:
    return outbox / "labels" / request.node.name


def test_label_is_pbm(label_dir: Path) -> None:
    path = render_label("NRD000042", "20095", label_dir)
    assert path.read_bytes().startswith(b"P1\n")


def test_label_width_matches_barcode(label_dir: Path) -> None:
    path = render_label("SWX000043", "80331", label_dir)
    width = int(path.read_text().splitlines()[1].split()[0])
    assert width == len(bars("SWX000043")) + 20


def test_batch_renders_each(label_dir: Path) -> None:
    paths = render_batch([("NRD000050", "20095"), ("NRD000051", "22767"),
                          ("KRL000052", "50667")], label_dir)
    assert sorted(p.name for p in paths) == ["KRL000052.pbm", "NRD000050.pbm", "NRD000051.pbm"]


def test_barcode_has_start_and_stop() -> None:
    row = bars("A")
    assert row[:4] == [1, 0, 0, 0] and row[-1] == 0
