"""Fixtures of the help-desk suite."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpdesk.client import DeskClient
from helpdesk.models import Ticket
from helpdesk.settings import Settings
from helpdesk.store import TicketStore

DATA = Path(__file__).parent / "data"


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def client(settings: Settings) -> DeskClient:
    return DeskClient(settings)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[TicketStore]:
    st = TicketStore(str(tmp_path / "desk.db"))
    yield st
    st.close()


@pytest.fixture
def sample_ticket() -> Ticket:
    raw: dict[str, Any] = json.loads((DATA / "ticket_sample.json").read_text(encoding="utf-8"))
    return Ticket(id=raw["id"], title=raw["title"], status=raw["status"], priority=raw["priority"],
                  assignee=raw["assignee"], created=raw["created"])


def load_page(name: str) -> list[Ticket]:
    raw = json.loads((DATA / name).read_text(encoding="utf-8"))
    return [Ticket.model_validate(item) for item in raw["items"]]
