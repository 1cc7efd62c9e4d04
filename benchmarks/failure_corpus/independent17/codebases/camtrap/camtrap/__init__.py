"""Wildlife camera-trap catalogue: memory-card ingest, species identification, exports."""
