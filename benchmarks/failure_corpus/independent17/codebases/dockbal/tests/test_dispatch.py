from __future__ import annotations

from dockbal import config
from dockbal.balancer import PlannedMove
from dockbal.dispatch import dispatch

MOVES = [PlannedMove("CT-01", "HB-02", 6), PlannedMove("UN-04", "EA-03", 4)]


def test_dispatch_moves(settings: config.Settings) -> None:
    result = dispatch(settings.dispatch_url, MOVES, settings.timeout)
    assert result["accepted"] is True


def test_dispatch_sends_every_move(settings: config.Settings) -> None:
    result = dispatch(settings.dispatch_url, MOVES, settings.timeout)
    assert len(result["received"]["moves"]) == 2


def test_priority_dispatch(settings: config.Settings) -> None:
    result = dispatch(settings.dispatch_url, MOVES[:1], settings.timeout, priority=True)
    assert result["accepted"] is True


def test_priority_dispatch_is_urgent(settings: config.Settings) -> None:
    result = dispatch(settings.dispatch_url, MOVES[:1], settings.timeout, priority=True)
    assert result["received"]["urgent"] is True
