"""Manifests that shippers deliver to the depot's inbox as CSV files."""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from parcelhub.errors import ManifestError
from parcelhub.store import SERVICES, Parcel, ParcelStore

log = logging.getLogger("parcelhub.manifest")

REQUIRED = ("tracking_no", "carrier", "recipient", "postcode", "service", "weight_g")


def read_manifest(path: Path) -> list[Parcel]:
    """Parse a manifest, checking its columns, service levels and weights."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise ManifestError(f"{path.name}: missing columns {', '.join(missing)}")
        parcels = []
        for line, row in enumerate(reader, start=2):
            service = row["service"].strip().lower()
            if service not in SERVICES:
                raise ManifestError(f"{path.name}:{line}: unknown service level {row['service']!r}")
            try:
                weight = int(row["weight_g"])
            except ValueError as exc:
                raise ManifestError(f"{path.name}:{line}: weight_g is not an integer") from exc
            parcels.append(
                Parcel(
                    tracking_no=row["tracking_no"].strip(),
                    carrier=row["carrier"].strip(),
                    recipient=row["recipient"].strip() or None,
                    postcode=row["postcode"].strip(),
                    service=service,
                    weight_g=weight,
                )
            )
    log.info("read %d parcels from %s", len(parcels), path.name)
    return parcels


def import_manifest(store: ParcelStore, path: Path) -> int:
    """Register every parcel of a manifest; return how many were registered."""
    parcels = read_manifest(path)
    return store.register_many(parcels)
