"""Expected values shared by the crawler tests."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def expected_title(path: str) -> str:
    return f"Page {path}"


def run_async(coro: Coroutine[Any, Any, T], deadline: float = 3.0) -> T:
    """Run a coroutine to completion under the suite's deadline."""
    return asyncio.run(asyncio.wait_for(coro, timeout=deadline))
