"""The partner file feed."""

from __future__ import annotations

from etljob import config, fetch


def test_download_orders() -> None:
    assert fetch.download("orders")["file"] == "orders"


def test_download_from_mirror() -> None:
    assert fetch.download("customers", config.mirror_url())["file"] == "customers"


def test_download_late_file() -> None:
    assert fetch.download("late")["file"] == "late"


def test_feed_status() -> None:
    assert fetch.feed_status()["file"] == "status"


def test_upload_report() -> None:
    assert fetch.upload("report.csv", {"rows": 3}) > 1000
