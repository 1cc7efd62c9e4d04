from collections.abc import Iterator
from uuid import uuid4

import pytest
from sqlalchemy import Engine

from fleetcare.config import Settings
from fleetcare.ledger import cost_per_vehicle, forget, open_ledger, record_completion


@pytest.fixture
def ledger(settings: Settings) -> Iterator[tuple[Engine, list[str]]]:
    engine = open_ledger(settings.history_db)
    refs: list[str] = []
    yield engine, refs
    forget(engine, refs)
    engine.dispose()


@pytest.mark.parametrize("ref,vin,cost", [
    ("WO-NORTH-0001", "WVN0001", 12_500), ("WO-NORTH-0002", "WVN0002", 8_000),
    ("WO-WEST-0003", "WTR0003", 31_000),
])
def test_record_completion(ledger: tuple[Engine, list[str]], ref: str, vin: str,
                           cost: int) -> None:
    engine, refs = ledger
    record_completion(engine, ref, vin, "oil_change", cost)
    refs.append(ref)
    assert cost_per_vehicle(engine, [ref]) == {vin: cost}


def test_costs_add_up_per_vehicle(ledger: tuple[Engine, list[str]]) -> None:
    engine, refs = ledger
    run = uuid4().hex[:8]
    for i, cost in enumerate([1_000, 2_500, 400]):
        refs.append(f"WO-{run}-{i}")
        record_completion(engine, refs[-1], "WTR0004", "brake_check", cost)
    assert cost_per_vehicle(engine, refs) == {"WTR0004": 3_900}
