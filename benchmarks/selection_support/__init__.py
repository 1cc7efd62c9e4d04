"""Helpers shared by the selection benchmarks (``benchmarks/selection*.py``)."""
