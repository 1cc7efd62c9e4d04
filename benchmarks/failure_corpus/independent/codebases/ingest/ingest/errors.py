"""Errors of the ingest pipeline.

    IngestError
    ├── ContractViolation   a record breaks the feed contract
    ├── WarehouseError      sqlite3 failures, with the statement that failed
    │   └── WarehouseBusy   locked or unreachable warehouse file
    ├── RatesError          exchange-rate service problems
    │   ├── RatesUnavailable / RatesTimeout / RatesForbidden
    └── SpoolFull           rejected rows could not be written
"""


class IngestError(Exception):
    """Base of every error the pipeline raises."""


class ContractViolation(IngestError):
    def __init__(self, source: str, line: int, problem: str) -> None:
        super().__init__(f"{source}:{line}: {problem}")
        self.source, self.line, self.problem = source, line, problem


class WarehouseError(IngestError):
    """A warehouse statement failed (sqlite3)."""


class WarehouseBusy(WarehouseError):
    """The warehouse file is locked or cannot be opened."""


class RatesError(IngestError):
    """The exchange-rate service failed."""


class RatesUnavailable(RatesError):
    """The exchange-rate service answered 5xx or could not be reached."""


class RatesTimeout(RatesError):
    """The exchange-rate service did not answer in time."""


class RatesForbidden(RatesError):
    """The exchange-rate service refused the token."""


class SpoolFull(IngestError):
    """Rejected rows could not be written to the spool."""
