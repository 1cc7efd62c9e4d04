"""Bike-share dock balancer: reads dock telemetry, plans van moves, dispatches them."""
