"""The slack channel."""

from __future__ import annotations

NAME = "slack"
MAX_LENGTH = {"email": 100000, "slack": 4000, "teams": 28000}["slack"]


def fits(text: str) -> bool:
    return len(text) <= MAX_LENGTH
