"""Hypothesis properties that hold on every recorded example (filled in below)."""

from __future__ import annotations

from qatron.generation.engine import FunctionResult
from qatron.generation.loading import Target


def find_properties(target: Target, results: list[FunctionResult]) -> None:
    """Add to each result the property tests that hold for it."""
