"""Appointments, billing and patient communication of a group practice."""
