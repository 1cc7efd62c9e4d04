from __future__ import annotations

from pathlib import Path

from camtrap.cards import pgm
from camtrap.thumbs import make_thumbnails


def test_thumbnails_for_card(tmp_path: Path) -> None:
    images = []
    for index in range(8):
        path = tmp_path / f"IMG_{index:04d}.PGM"
        path.write_bytes(pgm(256, 256, index))
        images.append(path)
    assert len(make_thumbnails(images)) == 8


def test_thumbnail_is_quarter_size(tmp_path: Path) -> None:
    source = tmp_path / "IMG_0001.PGM"
    source.write_bytes(pgm(256, 192, 3))
    [thumb] = make_thumbnails([source])
    assert thumb.read_bytes().startswith(b"P5 64 48 255\n")
