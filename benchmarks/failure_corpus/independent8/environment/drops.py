"""The files partners deliver to the depot: shipper manifests, webhook batches, the depot DB."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

COLUMNS = ["tracking_no", "carrier", "recipient", "postcode", "service", "weight_g"]


def manifests() -> dict[str, list[dict[str, str]]]:
    """Tonight's four manifests, as rows, before anything is done to them."""
    north = [{"tracking_no": f"NRD1000{i:02d}", "carrier": "NRD", "recipient": f"Recipient {i}",
              "postcode": f"2{i % 5}0{i:02d}", "service": "express" if i % 3 == 0 else "standard",
              "weight_g": str(900 + 150 * i)} for i in range(12)]
    south = [{"tracking_no": f"SWX2000{i:02d}", "carrier": "SWX" if i % 2 else "KRL",
              "recipient": f"Recipient {i}", "postcode": f"8{i % 7}33{i}",
              "service": "standard", "weight_g": str(900 + 500 * i)} for i in range(10)]
    east = [{"tracking_no": f"NRD4000{i:02d}", "carrier": "NRD", "recipient": f"Recipient {i}",
             "postcode": f"0{i % 9}10{i}", "service": "economy" if i < 4 else "standard",
             "weight_g": "2000"} for i in range(8)]
    west = [{"tracking_no": f"KRL3000{i:02d}", "carrier": "KRL", "recipient": f"Recipient {i}",
             "postcode": f"5066{i}", "service": "economy", "weight_g": str(300 + 40 * i)}
            for i in range(9)]
    return {"north": north, "south": south, "east": east, "west": west}


def webhooks() -> list[dict[str, str]]:
    """The carrier's batch of delivery webhooks."""
    lines = [{"tracking_no": f"SWX7000{i:02d}", "status": "in_transit",
              "occurred_at": f"2026-03-03T0{i}:30:00Z", "location": "Hannover"} for i in range(6)]
    lines += [{"tracking_no": f"SWX7000{i:02d}", "status": "delivered",
               "occurred_at": f"2026-03-04T1{i}:05:00Z", "location": "Kassel",
               "signed_by": f"Signer {i}"} for i in range(3, 6)]
    return lines


def write_manifest(path: Path, rows: list[dict[str, str]],
                   columns: list[str] | None = None) -> None:
    """Write rows as a CSV manifest with the given columns."""
    cols = columns or COLUMNS
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def write_webhooks(path: Path, lines: list[dict[str, str]]) -> None:
    """Write webhooks as JSON lines."""
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


def provision_depot(path: Path, migrations: list[tuple[int, str]], upto: int) -> None:
    """Create the depot's shared database at a schema version, with carriers and 20 parcels."""
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    for version, script in migrations:
        if version <= upto:
            conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;")
    conn.executemany("INSERT INTO carriers(code, name) VALUES (?, ?)",
                     [("NRD", "Nordpost"), ("SWX", "Swift Express"), ("KRL", "Karl Logistics")])
    conn.executemany(
        "INSERT INTO parcels(tracking_no, carrier, recipient, postcode, service, weight_g, status)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(f"DEP9000{i:02d}", "NRD", f"Depot {i}", "20095", "standard", 1000 + i,
          "in_transit" if i < 8 else "registered") for i in range(20)],
    )
    conn.close()
