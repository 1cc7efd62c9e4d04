"""Delivery channels, loaded by name."""

from __future__ import annotations

import importlib
from types import ModuleType

CHANNELS = {"email": "email", "slack": "slack", "teams": "teams"}


def load(name: str) -> ModuleType:
    return importlib.import_module(f"notifier.channels.{CHANNELS[name]}")
