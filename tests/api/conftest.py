"""The Prefect API the Python API's runs use: the session's test server."""

from __future__ import annotations

import pytest

from qatron.server import QUIET_SETTINGS


@pytest.fixture
def api_env(prefect_api_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """PREFECT_API_URL names the session's server (``qatron.run_suite`` reads it, as
    ``qatron run`` does); what a run sets in the environment is undone afterwards."""
    monkeypatch.setenv("PREFECT_API_URL", prefect_api_url)
    monkeypatch.setenv("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    for key, value in QUIET_SETTINGS.items():
        monkeypatch.setenv(key, value)
    return prefect_api_url
