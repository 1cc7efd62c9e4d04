"""Applies the schema, loads the reference data and lays out the spool and price files."""

from __future__ import annotations

from pathlib import Path

from recipecost import config, db

PRICE_FILE = """sku,supplier,price_per_kg,valid_from
FLR-001,Mill & Sons,1.15,2026-04-01
SUG-001,Mill & Sons,0.92,2026-04-01
BTR-001,Dairy Lane,8.10,2026-04-01
MLK-001,Dairy Lane,1.05,2026-04-01
"""


def main() -> None:
    settings = config.load()
    db.migrate(settings.dsn)
    Path(settings.spool_dir).mkdir(parents=True, exist_ok=True)
    price_file = Path(settings.price_file)
    price_file.parent.mkdir(parents=True, exist_ok=True)
    price_file.write_text(PRICE_FILE)


if __name__ == "__main__":
    main()
