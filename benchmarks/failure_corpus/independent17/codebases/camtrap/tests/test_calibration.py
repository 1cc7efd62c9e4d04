from __future__ import annotations

from datetime import time

import pytest

from camtrap.sun import is_night

WINDOWS = [(time(5, 0), True), (time(12, 0), False), (time(23, 30), True)]


@pytest.mark.parametrize(("taken", "night"), WINDOWS)
def test_night_window(taken: time, night: bool) -> None:
    assert is_night(taken, time(6, 41), time(19, 58)) is night
