"""Client, cache and SLA rules for the facilities help desk."""
