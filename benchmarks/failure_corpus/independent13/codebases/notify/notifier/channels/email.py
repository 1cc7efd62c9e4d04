"""The email channel."""

from __future__ import annotations

NAME = "email"
MAX_LENGTH = {"email": 100000, "slack": 4000, "teams": 28000}["email"]


def fits(text: str) -> bool:
    return len(text) <= MAX_LENGTH
