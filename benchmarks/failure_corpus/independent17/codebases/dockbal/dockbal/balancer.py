"""Plans van moves that bring every station close to its target fill."""

from __future__ import annotations

from dataclasses import dataclass

from dockbal.feed import StationStatus


@dataclass(frozen=True)
class PlannedMove:
    from_code: str
    to_code: str
    bikes: int


DEFAULT_TARGET = 0.5


def target_for(station: StationStatus, overrides: dict[str, float]) -> int:
    """Bikes a station should hold: its override ratio or the default, of usable docks."""
    ratio = DEFAULT_TARGET
    if station.code in overrides:
        ratio = overrides[station.code]
    usable = station.capacity - station.broken_docks
    return round(usable * ratio)


def surplus(stations: list[StationStatus], overrides: dict[str, float]) -> dict[str, int]:
    """Bikes above (positive) or below (negative) target per station."""
    return {s.code: s.bikes - target_for(s, overrides) for s in stations}


def plan_moves(stations: list[StationStatus], van_capacity: int,
               overrides: dict[str, float] | None = None) -> list[PlannedMove]:
    """Pair the fullest stations with the emptiest until no move is worth a trip."""
    balance = surplus(stations, overrides or {})
    moves: list[PlannedMove] = []
    while True:
        donor = max(balance, key=lambda code: balance[code])
        taker = min(balance, key=lambda code: balance[code])
        count = min(balance[donor], -balance[taker], van_capacity)
        if count < 2:
            break
        moves.append(PlannedMove(donor, taker, count))
        balance[donor] -= count
        balance[taker] += count
    return moves


def spread_evenly(bikes: int, docks: list[int]) -> list[int]:
    """Share bikes over docks of the given capacities, one bike at a time, round robin."""
    placed = [0] * len(docks)
    remaining = min(bikes, sum(docks))
    index = 0
    while remaining > 0:
        if placed[index] < docks[index]:
            placed[index] += 1
            remaining -= 1
        index = (index + 1) % len(docks)
    return placed
