"""Sends alerts and digests by e-mail and webhooks, with de-duplication and rate limits."""
