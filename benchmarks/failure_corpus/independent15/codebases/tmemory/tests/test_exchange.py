from __future__ import annotations

import zipfile
from pathlib import Path

from tmemory import aligner, exchange


def test_import_tmx(incoming: Path) -> None:
    units = exchange.read_tmx(incoming / "acme.tmx")
    assert units[0]["de"] == "Schließen Sie das Ventil vor der Wartung."


def test_read_glossary_csv(incoming: Path) -> None:
    rows = exchange.read_glossary_csv(incoming / "acme_glossary.csv")
    assert ("gauge", "de", "Messgerät") in rows


def test_config_thresholds(config_file: Path) -> None:
    assert exchange.load_config(config_file)["fuzzy"]["minimum"] == 0.7


def test_export_zip() -> None:
    target = exchange.export_zip([("valve", "Ventil")], "acme-de")
    assert zipfile.ZipFile(target).read("acme-de.csv") == b"valve,Ventil\r\n"


def test_align_sentences(work_area: Path) -> None:
    source = [f"Sentence number {index} of the manual." for index in range(80)]
    target = [f"Satz Nummer {index} des Handbuchs." for index in range(80)]
    pairs = aligner.align(source, target, work_area)
    assert len(pairs) == 80
