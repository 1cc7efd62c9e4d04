"""Greenhouse sensor collector: gateway polling, caching, archiving, analysis and vent control."""
