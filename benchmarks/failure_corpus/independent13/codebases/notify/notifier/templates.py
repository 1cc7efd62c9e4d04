"""Message texts from partner events."""

from __future__ import annotations

import email.utils
from pathlib import Path
from string import Template
from typing import Any

REQUIRED = {"deploy": ("service", "version", "actor"), "incident": ("service", "severity")}
TEMPLATES = {
    "deploy": Template("$actor deployed $service $version"),
    "incident": Template("[$severity] incident on $service"),
}


class PayloadError(ValueError):
    """A partner event lacks a field its type requires."""


def render_event(event: dict[str, Any]) -> str:
    kind = event["type"]
    missing = [f for f in REQUIRED[kind] if f not in event]
    if missing:
        raise PayloadError(f"{kind} event {event.get('id')} lacks {missing}")
    return TEMPLATES[kind].substitute(event)


def subject_for(level: str) -> str:
    if level == "critical":
        prefix = "[CRIT]"
    elif level == "warning":
        prefix = "[WARN]"
    else:
        prefix = "[INFO]"
    return prefix + " notification"


def write_eml(folder: Path, to: str, subject: str, body: str) -> Path:
    path = folder / f"{abs(hash((to, subject))) % 10**8}.eml"
    date = email.utils.format_datetime(email.utils.localtime())
    path.write_text(f"To: {to}\nSubject: {subject}\nDate: {date}\n\n{body}\n", encoding="utf-8")
    return path
