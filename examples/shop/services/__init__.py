"""The shop's two HTTP services and their shared business rules."""
