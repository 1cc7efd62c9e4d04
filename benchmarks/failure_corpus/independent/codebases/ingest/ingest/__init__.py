"""Nightly ingest of partner order and shipment feeds into the sales warehouse."""
