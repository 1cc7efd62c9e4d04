"""Parcel tracking for a regional depot: parcels, carrier events, quotes, labels and reports."""
