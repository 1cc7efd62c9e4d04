"""Seeds the random-sampling test classes from recorded seeds so their draws are reproducible."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

SEEDS = Path(__file__).parent / "seeds.json"


@pytest.fixture(autouse=True)
def recorded_seed(request: pytest.FixtureRequest) -> Iterator[None]:
    cls = request.node.cls
    if cls is None or not cls.__name__.startswith(("Random", "Sample")):
        yield
        return
    seeds: dict[str, int] = json.loads(SEEDS.read_text())
    state = random.getstate()
    random.seed(seeds[cls.__name__])
    yield
    random.setstate(state)
