"""Domain exceptions of the fleet-maintenance service."""

from __future__ import annotations


class FleetError(Exception):
    """Base class of the service's errors."""


class PartsAuthError(FleetError):
    """The parts supplier refused the depot's API key."""


class PartsContractError(FleetError):
    """The parts supplier answered with a payload that breaks its contract."""


class TelematicsAuthError(FleetError):
    """The telematics provider refused the token."""


class TelematicsContractError(FleetError):
    """The telematics provider answered with a payload that breaks its contract."""


class InspectionContractError(FleetError):
    """A delivered inspection report breaks the report contract."""


class LedgerError(FleetError):
    """The maintenance history ledger could not record a completion."""


class PlanningError(FleetError):
    """The maintenance plan could not be computed."""
