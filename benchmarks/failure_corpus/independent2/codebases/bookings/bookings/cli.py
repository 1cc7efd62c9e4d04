"""Command line tools: export bookings (CSV, gzip'ed by the gzip tool) and render invoices."""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookings import config
from bookings.models import Booking, make_engine


def export(session: Session, since: date, out_dir: Path) -> Path:
    """Bookings checking in on or after `since` as out_dir/bookings-<since>.csv.gz."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"bookings-{since.isoformat()}.csv"
    rows = session.scalars(select(Booking).where(Booking.check_in >= since)
                           .order_by(Booking.id))
    with target.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["reference", "guest", "room", "check_in", "nights", "total_cents"])
        for b in rows:
            writer.writerow([b.reference, b.guest, b.room_code, b.check_in.isoformat(),
                             b.nights, b.total_cents])
    subprocess.run(["gzip", "-f", str(target)], check=True, capture_output=True)
    return target.with_suffix(".csv.gz")


def render_invoice(invoice: dict[str, object]) -> str:
    """Render through the renderer child process (isolates template code)."""
    done = subprocess.run([sys.executable, "-m", "bookings.render"],
                          input=json.dumps(invoice), capture_output=True, text=True,
                          check=True, timeout=30)
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bookings")
    parser.add_argument("command", choices=["export"])
    parser.add_argument("--since", type=date.fromisoformat, required=True)
    args = parser.parse_args(argv)
    settings = config.load()
    with Session(make_engine(settings.database_url)) as session:
        print(export(session, args.since, settings.export_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
