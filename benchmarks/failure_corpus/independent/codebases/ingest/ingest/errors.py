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
    pass


class ContractViolation(IngestError):
    def __init__(self, source: str, line: int, problem: str) -> None:
        super().__init__(f"{source}:{line}: {problem}")
        self.source, self.line, self.problem = source, line, problem


class WarehouseError(IngestError):
    pass


class WarehouseBusy(WarehouseError):
    pass


class RatesError(IngestError):
    pass


class RatesUnavailable(RatesError):
    pass


class RatesTimeout(RatesError):
    pass


class RatesForbidden(RatesError):
    pass


class SpoolFull(IngestError):
    pass
