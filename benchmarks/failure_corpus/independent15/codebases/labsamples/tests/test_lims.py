from __future__ import annotations

import asyncio

from labsamples import lims


def test_submit_order() -> None:
    response = asyncio.run(lims.submit_order("S-0001", "lipids"))
    assert response.status_code == 201, response.text


def test_panel_definition() -> None:
    assert "ldl" in asyncio.run(lims.panel("lipids"))["analytes"]


def test_fetch_result() -> None:
    assert asyncio.run(lims.result("R-100"))["value"] == 5.4


def test_result_units() -> None:
    assert asyncio.run(lims.result("R-200"))["unit"] == "mmol/L"


def test_patient_consent() -> None:
    assert asyncio.run(lims.consent("P-77")) is True


def test_worklist() -> None:
    assert asyncio.run(lims.worklist("chemistry")) == ["S-0001", "S-0009"]
