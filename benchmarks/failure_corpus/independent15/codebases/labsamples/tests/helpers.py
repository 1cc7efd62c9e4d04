"""Builders shared by the tracker's tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Sample:
    barcode: str
    kind: str
    volume_ul: int


def make_sample(barcode: str, kind: str = "serum") -> Sample:
    return Sample(barcode=barcode, kind=kind, volume_ul=250)


def make_labelled(barcode: str, kind: str) -> Sample:
    """A freshly labelled tube: full nominal volume."""
    return Sample(barcode=barcode, kind=kind, volume_ul=500)
