import pytest
from sqlalchemy import Connection

from fleetcare.costs import estimate, metadata, set_cost


@pytest.fixture
def costs(seeded: Connection) -> Connection:
    metadata.create_all(seeded)
    set_cost(seeded, "van", 0.12)
    set_cost(seeded, "truck", 0.31)
    return seeded


@pytest.mark.parametrize("km,van,truck", [(1_000, 120.0, 310.0), (250, 30.0, 77.5)])
def test_estimate(costs: Connection, km: int, van: float, truck: float) -> None:
    fleet = [("WVN0001", "van", 0), ("WTR0003", "truck", 0)]
    assert estimate(costs, fleet, km) == {"WVN0001": van, "WTR0003": truck}
