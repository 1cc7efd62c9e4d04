from __future__ import annotations

from labsamples import export, reports

ROWS = [{"analyte": "glucose", "value": 5.4, "unit": "mmol/L"}]


def test_render_report() -> None:
    assert reports.render("S-0001", ROWS) == "Report for S-0001\nglucose: 5.40 mmol/L\n"


def test_file_report() -> None:
    assert reports.file_report("S-0001", "Report") == "reports/S-0001.txt"


def test_export_results_json() -> None:
    assert export.export_results(ROWS).startswith(b'[{"analyte":"glucose"')


def test_render_label() -> None:
    from labsamples import labels

    assert str(labels.tube_label("S-0001", "<serum>")) == (
        "<div class='tube'><b>S-0001</b> &lt;serum&gt;</div>"
    )
