from decimal import Decimal
from pathlib import Path

import pytest

from payrun import render
from payrun.calc import Payslip
from payrun.config import Settings
from payrun.errors import RenderError

SLIPS = [
    Payslip("E001", "2026-11", Decimal("2500.00"), Decimal("300.00"), Decimal("125.00"),
            Decimal("2075.00")),
    Payslip("E002", "2026-11", Decimal("800.00"), Decimal("0.00"), Decimal("40.00"),
            Decimal("760.00")),
]


def test_layout_right_aligns_amounts() -> None:
    text = render.layout({"employee": "E001", "period": "2026-11", "gross": "2500.00",
                          "tax": "300.00", "pension": "125.00", "net": "2075.00"})
    lines = text.splitlines()
    assert lines[2].endswith(" 2500.00") and len(lines[2]) == render.WIDTH
    assert lines[5].startswith("Net")


def test_document_rendered(settings: Settings, out_dir: Path) -> None:
    target = render.render(SLIPS, out_dir, settings.render_cmd)
    pages = target.read_text().split("\f")
    assert len(pages) == 2
    assert "Employee: E002" in pages[1]


def test_document_keeps_source(settings: Settings, out_dir: Path) -> None:
    render.render(SLIPS, out_dir, settings.render_cmd)
    assert (out_dir / "payslips-2026-11.json").exists()


def test_nothing_to_render(out_dir: Path) -> None:
    with pytest.raises(RenderError):
        render.render([], out_dir)


def test_large_run_rendered(settings: Settings, out_dir: Path) -> None:
    many = [Payslip(f"E{i:04d}", "2026-12", Decimal("1000.00"), Decimal("100.00"),
                    Decimal("50.00"), Decimal("850.00")) for i in range(400)]
    target = render.render(many, out_dir, settings.render_cmd)
    assert target.read_text().count("\f") == 399
