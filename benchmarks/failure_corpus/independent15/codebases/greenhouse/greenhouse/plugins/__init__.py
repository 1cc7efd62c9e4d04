"""Per-kind conversion plugins, loaded by name."""
