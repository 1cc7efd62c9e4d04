"""Nightly ETL of partner order files into the sales warehouse."""
