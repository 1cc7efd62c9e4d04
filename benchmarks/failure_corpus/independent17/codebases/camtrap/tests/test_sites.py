from __future__ import annotations

from camtrap import config
from camtrap.sites import permit, site_record


def test_site_registry_lookup(settings: config.Settings) -> None:
    assert site_record(settings.sites_url, "RIDGE-1", settings.timeout)["habitat"] == "heath"


def test_valley_site_lookup(settings: config.Settings) -> None:
    record = site_record(settings.sites_url, "VALLEY-3", settings.timeout)
    assert record["code"] == "VALLEY-3"


def test_valley_site_elevation(settings: config.Settings) -> None:
    assert site_record(settings.sites_url, "VALLEY-3", settings.timeout)["elevation_m"] == 212


def test_survey_permit_status(settings: config.Settings) -> None:
    assert permit(settings.permits_url, "RIDGE-1", settings.timeout)["status"] == "granted"


def test_survey_permit_expiry(settings: config.Settings) -> None:
    assert permit(settings.permits_url, "RIDGE-1", settings.timeout)["expires"] == "2026-12-31"
