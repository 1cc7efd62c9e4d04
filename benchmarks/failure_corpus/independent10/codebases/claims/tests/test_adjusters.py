"""Assignment of claims to adjusters."""

from __future__ import annotations

import pytest

from claims.adjusters import AssignmentBoard


@pytest.mark.parametrize("region,expected", [
    ("north", ["Aino", "Bjorn", "Carla", "Aino"]),
    ("south", ["Dario", "Elena", "Dario", "Elena"]),
    ("east", ["Farid", "Greta", "Hanna", "Ivo"]),
    ("west", ["Jonas", "Jonas", "Jonas", "Jonas"]),
])
def test_round_robin(roster: dict[str, list[str]], region: str, expected: list[str]) -> None:
    board = AssignmentBoard(roster)
    assert [board.assign(f"C{i}", region) for i in range(4)] == expected


@pytest.mark.parametrize("workers", [2, 8])
def test_assign_all_balances(roster: dict[str, list[str]], workers: int) -> None:
    board = AssignmentBoard(roster)
    claims = [(f"C{i}", "east") for i in range(40)]
    board.assign_all(claims, workers=workers)
    assert sorted(board.load().values()) == [10, 10, 10, 10]


@pytest.mark.parametrize("region,chosen",
                         [("north", "Bjorn"), ("south", "Elena"), ("east", "Greta")])
def test_reassign(roster: dict[str, list[str]], region: str, chosen: str) -> None:
    board = AssignmentBoard(roster)
    board.assign("C1", region)
    assert board.reassign("C1", region) == chosen
