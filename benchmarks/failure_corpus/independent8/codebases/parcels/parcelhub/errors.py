"""Domain errors of the parcel hub."""


class ParcelHubError(Exception):
    """Base class of the hub's own errors."""


class CarrierError(ParcelHubError):
    """The carrier's tracking service could not serve a request."""


class CarrierTimeout(CarrierError):
    """The carrier's tracking service did not answer in time."""


class PayloadError(ParcelHubError):
    """A partner's payload does not follow the agreed contract."""


class ManifestError(ParcelHubError):
    """A delivered manifest file does not follow the agreed contract."""


class StoreError(ParcelHubError):
    """The parcel store could not complete a write."""


class RenderError(ParcelHubError):
    """The label renderer did not produce a label."""


class ExportError(ParcelHubError):
    """A report could not be written to the outbox."""
