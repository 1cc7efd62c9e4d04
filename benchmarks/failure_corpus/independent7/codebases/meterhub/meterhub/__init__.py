"""Meter readings, tariffs and invoices of a regional energy supplier."""
