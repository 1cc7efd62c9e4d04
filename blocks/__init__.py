"""Prefect Block types: environments, datasets, notification routes, artifact storage."""
