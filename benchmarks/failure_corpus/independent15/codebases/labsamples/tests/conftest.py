"""Fixtures of the tracker suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Sample, make_sample

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def incoming() -> Path:
    return ROOT / "data" / "incoming"


@pytest.fixture
def sample_batch() -> list[Sample]:
    return [make_sample("S-0301"), make_sample("S-0302", "plasma"), make_sample("S-0303")]
