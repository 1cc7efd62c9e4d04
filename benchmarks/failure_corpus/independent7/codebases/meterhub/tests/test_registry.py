from datetime import date


def test_meter_site(registry):
    assert registry.meter("HE-100")["site"] == "Dock 1"


def test_meter_kind(registry):
    assert registry.meter("HE-200")["kind"] == "heat"


def test_commissioned_date(registry):
    assert registry.meter("HE-101")["commissioned"] == date(2023, 4, 17)


def test_unknown_meter(registry):
    assert registry.meter("XX-000") is None


def test_sites(registry):
    assert registry.sites() == ["Dock 1", "Dock 2", "North Yard"]
