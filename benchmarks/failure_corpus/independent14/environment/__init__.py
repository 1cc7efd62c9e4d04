"""Partner services and deliveries that the e-filing service's CI job runs against."""
