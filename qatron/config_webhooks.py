"""``webhooks:`` of qatron.yml: receivers told when a run starts and ends.

::

    webhooks:
      ci-bot:
        url: https://bots.example.com/qatron/T0K3N
        secret_env: CI_BOT_SECRET         # signs the body (X-QAtron-Signature)
        events: [run.completed, run.failed]
        timeout: 10
        retries: 3

``events`` defaults to all three: ``run.started``, ``run.completed`` (the run ended
``completed``) and ``run.failed`` (any other final status).
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["RUN_COMPLETED", "RUN_EVENTS", "RUN_FAILED", "RUN_STARTED", "RunEvent", "RunWebhook"]

RunEvent = Literal["run.started", "run.completed", "run.failed"]
RUN_STARTED: RunEvent = "run.started"
RUN_COMPLETED: RunEvent = "run.completed"
RUN_FAILED: RunEvent = "run.failed"
#: Every event a receiver may ask for, in the order a run sends them.
RUN_EVENTS: tuple[RunEvent, ...] = (RUN_STARTED, RUN_COMPLETED, RUN_FAILED)
WEEK = 7 * 24 * 3600.0


class RunWebhook(BaseModel):
    """One receiver of run events: a URL, the secret that signs the body, which events."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    url: str
    secret_env: str | None = None
    events: list[RunEvent] = Field(default_factory=lambda: list(RUN_EVENTS), min_length=1)
    timeout: Annotated[float, Field(gt=0, le=WEEK)] = 10.0
    retries: int = Field(default=3, ge=0, le=10)

    @field_validator("url")
    @classmethod
    def _http(cls, url: str) -> str:
        if not re.match(r"https?://[^/]", url):
            raise ValueError("an http(s) URL, such as https://bots.example.com/qatron")
        return url

    def wants(self, event: str) -> bool:
        return event in self.events
