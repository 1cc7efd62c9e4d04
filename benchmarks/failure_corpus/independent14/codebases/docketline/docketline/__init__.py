"""Docketline: a court's e-filing intake, docket and hearing-calendar service."""
