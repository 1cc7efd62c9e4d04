"""The partner feeds delivered for tonight's run honour the contract."""

import csv

from ingest import readers


def test_orders_feed_conforms(config):
    events, _ = readers.read_orders(config.feed_dir / "orders.csv", strict=True)
    assert events


def test_orders_feed_has_unique_ids(config):
    with (config.feed_dir / "orders.csv").open() as handle:
        ids = [row["event_id"] for row in csv.DictReader(handle)]
    assert len(ids) == len(set(ids))


def test_shipments_feed_conforms(config):
    assert readers.read_shipments(config.feed_dir / "shipments.jsonl")


def test_shipments_reference_known_orders(config):
    with (config.feed_dir / "orders.csv").open() as handle:
        known = {row["event_id"] for row in csv.DictReader(handle)}
    shipments = readers.read_shipments(config.feed_dir / "shipments.jsonl")
    unknown = [s["shipment_id"] for s in shipments if s["event_id"] not in known]
    assert not unknown, f"shipments for unknown orders: {unknown}"
