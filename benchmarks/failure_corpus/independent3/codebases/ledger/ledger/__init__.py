"""A stock ledger: items and movements in SQLite, levels cached in Redis, supplier client."""
