from __future__ import annotations

from decimal import Decimal

from recipecost import config
from recipecost.reporting import margin_report


def test_margin_report(settings: config.Settings) -> None:
    report = margin_report(settings.reporting_dsn, {"shortbread": Decimal("0.60")})
    assert report == {"shortbread": Decimal("0.300")}


def test_margin_report_skips_unpriced_recipes(settings: config.Settings) -> None:
    report = margin_report(settings.reporting_dsn, {"pancakes": Decimal("1.20")})
    assert list(report) == ["pancakes"]
