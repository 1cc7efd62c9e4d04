"""Builders shared by the tests."""

from __future__ import annotations

from parcelhub.store import Parcel


def make_parcel(tracking_no: str, postcode: str = "20095", weight_g: int = 1200,
                carrier: str = "NRD", service: str = "standard") -> Parcel:
    """A parcel with plausible defaults."""
    return Parcel(tracking_no=tracking_no, carrier=carrier, recipient="A. Reader",
                  postcode=postcode, service=service, weight_g=weight_g)
