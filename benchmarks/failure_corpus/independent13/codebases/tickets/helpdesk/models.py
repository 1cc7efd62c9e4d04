"""Desk records as validated objects."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel


class Ticket(BaseModel):
    """One help-desk ticket."""

    id: int
    title: str
    status: Literal["open", "pending", "closed"]
    priority: Literal["low", "high", "urgent"]
    assignee: str | None = None
    created: datetime
