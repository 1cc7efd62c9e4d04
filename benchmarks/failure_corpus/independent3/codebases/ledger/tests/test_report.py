import json
import subprocess
import sys


def run_report(settings, *args):
    done = subprocess.run([sys.executable, "-m", "ledger.report", str(settings.database), *args],
                          capture_output=True, text=True, check=True, timeout=20)
    return done.stdout


def test_report_text(stocked, settings):
    out = run_report(settings)
    assert "cordless drill" in out and "4495.00" in out


def test_report_json(stocked, settings):
    items = json.loads(run_report(settings, "--format", "json"))
    assert {i["name"]: i["on_hand"] for i in items}["hex bolt M8"] == 50


def test_report_empty(db, settings):
    assert run_report(settings).splitlines() == ["item  on hand     value"]
