from __future__ import annotations

from camtrap.sheets import load_sheet

SHEET = """
camera: BSH-1003
site: MARSH-4
height_cm: 35
notes: facing the reed channel
"""


def test_load_deployment_sheet() -> None:
    sheet = load_sheet(SHEET)
    assert (sheet["camera"], sheet["height_cm"]) == ("BSH-1003", 35)


def test_sheet_defaults() -> None:
    assert load_sheet(SHEET)["facing"] == "N"
