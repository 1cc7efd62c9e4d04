"""Domain errors of the metering service."""


class MeterHubError(Exception):
    """Base of the service's own errors."""


class StoreUnavailable(MeterHubError):
    """The meter store cannot be opened."""


class IngestError(MeterHubError):
    """A batch of readings could not be stored."""


class FeedContractError(MeterHubError):
    """A line of the head-end feed does not follow the agreed format."""


class TariffError(MeterHubError):
    """The tariff service could not give a price."""


class TariffAuthError(TariffError):
    """The tariff service refused our API key."""


class TariffUnavailable(TariffError):
    """The tariff service failed or could not be reached."""


class RegistryContractError(MeterHubError):
    """The meter registry answered with a payload we cannot use."""


class AlarmDeliveryError(MeterHubError):
    """The alarm dispatcher could not deliver an alarm."""
