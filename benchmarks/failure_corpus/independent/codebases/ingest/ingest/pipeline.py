"""The nightly run: read feeds, convert to EUR, load the warehouse, spool rejects."""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from ingest import readers
from ingest.config import IngestConfig
from ingest.contracts import OrderEvent, check_summary
from ingest.rates import RatesClient
from ingest.spool import spool_rejects
from ingest.warehouse import Warehouse

log = logging.getLogger(__name__)


@dataclass
class LoadedOrder:
    event_id: object
    occurred_at: object
    customer_id: int | None
    amount_eur: Decimal
    channel: object


@dataclass
class RunReport:
    run_id: str
    loaded: int = 0
    rejected: int = 0
    total_eur: Decimal = Decimal(0)
    by_channel: dict[str, Decimal] = field(default_factory=dict)
    spool_file: str | None = None

    @property
    def reject_rate(self) -> float:
        seen = self.loaded + self.rejected
        return self.rejected / seen if seen else 0.0

    def summary(self) -> dict:
        return check_summary({
            "run_id": self.run_id, "loaded": self.loaded, "rejected": self.rejected,
            "total_eur": f"{self.total_eur:.2f}",
            "by_channel": {k: f"{v:.2f}" for k, v in sorted(self.by_channel.items())}})


def to_eur(events: list[OrderEvent], rates: RatesClient) -> list[LoadedOrder]:
    return [LoadedOrder(e.event_id, e.occurred_at, e.customer_id,
                        rates.convert(e.amount, e.currency), e.channel) for e in events]


def run_orders(config: IngestConfig, rates: RatesClient, warehouse: Warehouse,
               feed: str = "orders.csv") -> RunReport:
    report = RunReport(run_id=f"run-{uuid.uuid4().hex[:8]}")
    events, rejected = readers.read_orders(config.feed_dir / feed, strict=False)
    loaded = to_eur(events, rates)
    report.loaded = warehouse.insert_orders(loaded)
    report.rejected = len(rejected)
    report.total_eur = sum((o.amount_eur for o in loaded), Decimal(0))
    report.by_channel = warehouse.totals_by_channel()
    if rejected:
        report.spool_file = str(spool_rejects(config.spool_dir, report.run_id, rejected))
    log.info("%s: loaded %s, rejected %s, %.2f EUR", report.run_id, report.loaded,
             report.rejected, report.total_eur)
    return report


def run_all(config: IngestConfig, rates: RatesClient, warehouse: Warehouse) -> RunReport:
    report = run_orders(config, rates, warehouse)
    warehouse.insert_shipments(readers.read_shipments(config.feed_dir / "shipments.jsonl"))
    return report


def stream_batches(items: list[int], batch_size: int, capacity: int = 2) -> list[list[int]]:
    """Producer/consumer hand-off of batches through a bounded queue."""
    handoff: queue.Queue[list[int] | None] = queue.Queue(maxsize=capacity)
    received: list[list[int]] = []

    def consume() -> None:
        while True:
            batch = handoff.get()
            if batch is None:
                return
            received.append(batch)

    consumer = threading.Thread(target=consume, daemon=True)
    consumer.start()
    for start in range(0, len(items), batch_size):
        handoff.put(items[start:start + batch_size])
    handoff.put(None)
    consumer.join()
    return received
