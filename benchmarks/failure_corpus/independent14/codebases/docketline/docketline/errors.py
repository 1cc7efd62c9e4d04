"""Domain exceptions of the e-filing service."""


class DocketError(Exception):
    """Base of every error the service raises on purpose."""


class StoreUnavailable(DocketError):
    """The case database could not be used."""


class DuplicateFiling(DocketError):
    """A document with the same sequence number is already on the docket."""


class PartnerError(DocketError):
    """A partner service (payments, bar registry) failed."""


class PartnerTimeout(PartnerError):
    """A partner service did not answer within the client timeout."""


class PartnerUnavailable(PartnerError):
    """A partner service answered with a server error or could not be reached."""


class PartnerRejected(PartnerError):
    """A partner service refused the service's credentials."""


class ContractViolation(DocketError):
    """A payload or a delivered file does not follow its declared contract."""


class SchedulingConflict(DocketError):
    """No hearing slot satisfies the request."""
