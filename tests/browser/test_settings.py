"""The ``driver`` fixture's settings from QATRON_BROWSER_* and where evidence goes."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.browser import BrowserError, BrowserSettings, evidence_folder, safe_name


def test_defaults_are_a_local_headless_browser_per_test() -> None:
    assert BrowserSettings.from_env({}) == BrowserSettings(
        grid_url=None, headless=True, window=(1280, 800), implicit_wait=0.0,
        page_load_timeout=30.0, reuse=False)


def test_every_variable_is_read() -> None:
    assert BrowserSettings.from_env({
        "QATRON_BROWSER_GRID_URL": "http://grid:4444", "QATRON_BROWSER_HEADLESS": "false",
        "QATRON_BROWSER_WINDOW": "1920x1080", "QATRON_BROWSER_IMPLICIT_WAIT": "2.5",
        "QATRON_BROWSER_PAGE_LOAD_TIMEOUT": "60", "QATRON_BROWSER_REUSE": "yes",
    }) == BrowserSettings(grid_url="http://grid:4444", headless=False, window=(1920, 1080),
                          implicit_wait=2.5, page_load_timeout=60.0, reuse=True)


@pytest.mark.parametrize(("name", "value", "message"), [
    ("QATRON_BROWSER_HEADLESS", "maybe", "QATRON_BROWSER_HEADLESS='maybe': expected true or "
                                        "false"),
    ("QATRON_BROWSER_WINDOW", "big", "QATRON_BROWSER_WINDOW='big': expected WIDTHxHEIGHT, "
                                     "such as 1280x800"),
    ("QATRON_BROWSER_IMPLICIT_WAIT", "-1", "QATRON_BROWSER_IMPLICIT_WAIT='-1': expected a "
                                           "number of seconds, such as 10"),
    ("QATRON_BROWSER_PAGE_LOAD_TIMEOUT", "soon", "QATRON_BROWSER_PAGE_LOAD_TIMEOUT='soon': "
                                                 "expected a number of seconds, such as 10"),
])
def test_a_bad_value_names_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(BrowserError) as info:
        BrowserSettings.from_env({name: value})
    assert str(info.value) == message


def test_evidence_goes_under_the_engines_folder_or_the_working_folder(tmp_path: Path) -> None:
    nodeid = "tests/e2e/test_shop.py::test_pay[card-visa]"
    assert evidence_folder(nodeid, {"QATRON_EVIDENCE_DIR": str(tmp_path)}) == (
        tmp_path / "tests_e2e_test_shop.py_test_pay_card-visa")
    assert evidence_folder(nodeid, {}) == (
        Path.cwd() / ".qatron-evidence" / "tests_e2e_test_shop.py_test_pay_card-visa")


def test_a_long_test_id_gets_a_short_distinct_name() -> None:
    one, two = (safe_name("tests/test_a.py::test_x[" + "y" * 200 + end + "]") for end in "12")
    assert len(one) == len(two) == 120 and one != two
