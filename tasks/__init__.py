"""QAtron's Prefect tasks; importing them masks secrets in every log record."""

from qatron import redaction

redaction.install()
