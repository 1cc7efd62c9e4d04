"""Domain exceptions of the claims service."""


class ClaimsError(Exception):
    """Base class of every error the claims service raises on purpose."""


class UpstreamError(ClaimsError):
    """A partner service answered with an error."""

    def __init__(self, service: str, status: int, body: str) -> None:
        super().__init__(f"{service} answered HTTP {status}: {body[:200]}")
        self.service = service
        self.status = status


class UpstreamTimeout(ClaimsError):
    """A partner service did not answer in time."""


class UpstreamUnavailable(ClaimsError):
    """A partner service could not be reached."""


class AuthRejected(ClaimsError):
    """A partner service refused our credentials."""


class ContractError(ClaimsError):
    """A payload or a delivered file does not match its declared contract."""


class StorageError(ClaimsError):
    """A file the service writes could not be written."""


class LedgerUnavailable(ClaimsError):
    """The reserves ledger database cannot be used."""


class WorkerCrashed(ClaimsError):
    """A child worker process ended without producing its result."""
