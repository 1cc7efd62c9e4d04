import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from ingest import pipeline
from ingest.partitions import export_partitions

FIXTURES = Path(__file__).parent / "fixtures"


def feed_rows(config) -> int:
    with (config.feed_dir / "orders.csv").open() as handle:
        return sum(1 for _ in csv.DictReader(handle))


def test_pipeline_loads_orders_feed(config, rates, warehouse):
    report = pipeline.run_orders(config, rates, warehouse)
    assert (report.loaded, report.rejected) == (feed_rows(config), 0)


def test_pipeline_summary_matches_contract(config, rates, warehouse):
    summary = pipeline.run_orders(config, rates, warehouse).summary()
    assert summary["loaded"] == feed_rows(config)


def test_run_all_loads_shipments(config, rates, warehouse):
    pipeline.run_all(config, rates, warehouse)
    with (config.feed_dir / "shipments.jsonl").open() as handle:
        assert warehouse.count("shipments") == sum(1 for line in handle if line.strip())


def test_pipeline_converts_to_eur(make_feed, rates, warehouse):
    config = make_feed(["5b8a3c52-8d7e-4a43-9a55-0d1c7e6a9f01,2026-01-05T09:00:00Z,1,100,USD,web",
                        "0f4e2b7a-1c3d-4e5f-8a9b-2c3d4e5f6a7b,2026-01-05T10:00:00Z,2,10,EUR,app",
                        "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a,2026-01-06T10:00:00Z,,10,GBP,store"])
    report = pipeline.run_orders(config, rates, warehouse)
    expected = json.loads((FIXTURES / "expected_totals.json").read_text())
    assert report.total_eur == sum(Decimal(v) for v in expected.values())


def test_pipeline_rejects_bad_rows_to_spool(make_feed, rates, warehouse):
    config = make_feed(["5b8a3c52-8d7e-4a43-9a55-0d1c7e6a9f02,2026-01-05T09:00:00Z,1,12.5,EUR,web",
                        "not-a-uuid,2026-01-05T10:00:00Z,2,10,EUR,app"])
    report = pipeline.run_orders(config, rates, warehouse)
    assert report.rejected == 1
    assert report.spool_file and Path(report.spool_file).read_text().count("not-a-uuid") >= 1


def test_reject_rate_empty_feed(make_feed, rates, warehouse):
    report = pipeline.run_orders(make_feed([]), rates, warehouse)
    assert report.reject_rate == 0.0


@pytest.mark.parametrize("partitions,rows", [(2, 1500), (3, 2000)])
def test_partitioned_export(tmp_path, partitions, rows):
    sizes = export_partitions(tmp_path / "export", partitions, rows)
    assert sizes == [rows * 1021] * partitions


@pytest.mark.parametrize("count,batch", [(10, 3), (7, 7), (0, 4)])
def test_stream_batches_complete(count, batch):
    batches = pipeline.stream_batches(list(range(count)), batch)
    assert [item for b in batches for item in b] == list(range(count))
