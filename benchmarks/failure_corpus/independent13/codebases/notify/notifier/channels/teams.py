"""The teams channel."""

from __future__ import annotations

NAME = "teams"
MAX_LENGTH = {"email": 100000, "slack": 4000, "teams": 28000}["teams"]


def fits(text: str) -> bool:
    return len(text) <= MAX_LENGTH
