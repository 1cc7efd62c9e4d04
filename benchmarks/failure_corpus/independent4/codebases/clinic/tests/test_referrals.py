import csv

import pytest

from clinic import referrals


@pytest.fixture
def batch(settings):
    return referrals.read(settings.feed_dir / "referrals.csv")


def test_feed_accepted(batch):
    assert len(batch.accepted) == 27
    assert len(batch.rejected) == 3


def test_rejected_rows_quarantined(batch, tmp_path):
    target = referrals.quarantine(batch, tmp_path / "quarantine")
    assert target is not None
    with target.open() as handle:
        assert len(list(csv.DictReader(handle))) == 3


def test_triage_emergencies_first(batch):
    ordered = [r["urgency"] for r in referrals.triage(batch)]
    assert ordered == sorted(ordered, key=referrals.URGENCY_ORDER.__getitem__)
    assert ordered[0] == "emergency"
