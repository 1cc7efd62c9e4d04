import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from clinic.insurer import InsurerClient


@pytest.fixture
def insurer(settings):
    return InsurerClient(settings)


@pytest.mark.parametrize("member", ["A123456789", "T987654321"])
def test_eligibility(insurer, member):
    answer = insurer.eligibility(member)
    assert answer["member"] == member
    assert answer["covered"] is True


def test_eligibility_copay_percent(insurer):
    assert 0 <= insurer.eligibility("A123456789")["copay_percent"] <= 20


def test_submit_claim(insurer):
    assert insurer.submit_claim("A123456789", "CONS-30", 6785).startswith("CLM-")


def test_claims_of_a_day_within_budget(insurer):
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=3) as pool:
        ids = list(pool.map(lambda fee: insurer.submit_claim("T987654321", "ECG-12", fee),
                            [2818, 2818, 3200]))
    assert len(set(ids)) == 3
    assert time.monotonic() - started < 1.5
