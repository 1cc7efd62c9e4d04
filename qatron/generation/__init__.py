"""Test generation from code: ``generate_tests`` (Prefect-free; see engine.py)."""

from __future__ import annotations

from qatron.generation.engine import FunctionResult, GenerationReport, generate_tests
from qatron.generation.loading import GenerationError
from qatron.generation.strategies import STRATEGIES

__all__ = ["STRATEGIES", "FunctionResult", "GenerationError", "GenerationReport",
           "generate_tests"]
