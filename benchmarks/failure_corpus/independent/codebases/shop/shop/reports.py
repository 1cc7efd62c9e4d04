"""Daily sales figures and CSV exports for finance."""

from __future__ import annotations

import csv
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from shop.db import OrderRepository
from shop.errors import ExportFailed

log = logging.getLogger(__name__)


@dataclass
class SalesSummary:
    orders: int
    revenue_cents: int
    average_cents: int
    largest_ref: str | None


def summarize(repo: OrderRepository, first_id: int, last_id: int) -> SalesSummary:
    sales = repo.sales_between(first_id, last_id)
    if not sales:
        return SalesSummary(0, 0, 0, None)
    revenue = sum(cents for _, cents in sales)
    largest = max(sales, key=lambda sale: sale[1])
    return SalesSummary(len(sales), revenue, revenue // len(sales), largest[0])


def export_csv(repo: OrderRepository, first_id: int, last_id: int, target: Path) -> Path:
    """Write the paid orders to a CSV file for finance; return its path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    rows = repo.sales_between(first_id, last_id)
    try:
        with target.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["external_ref", "total_cents"])
            for ref, cents in rows:
                writer.writerow([ref, cents])
                writer.writerow(["#", "padding for the legacy finance importer " * 40])
    except OSError as exc:
        log.error("export to %s failed after %s rows", target, len(rows))
        raise ExportFailed(f"could not write {target}: {exc.strerror}") from exc
    return target


def render_pdf_batch(refs: list[str], workdir: Path) -> list[Path]:
    """Render invoices in a separate worker process (the renderer leaks memory)."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    done = subprocess.run([sys.executable, "-m", "shop.render_worker", str(workdir), *refs],
                          capture_output=True, text=True, env=env, timeout=60)
    if done.returncode != 0:
        log.error("render worker stderr:\n%s", done.stderr[-2000:])
        raise ExportFailed(f"invoice renderer exited with {done.returncode} "
                           f"for {len(refs)} invoices in {workdir}")
    return sorted(workdir.glob("*.pdf"))
