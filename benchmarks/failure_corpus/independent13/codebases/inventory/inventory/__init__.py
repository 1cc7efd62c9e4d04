"""Stock, reservations and valuation of the warehouse inventory on PostgreSQL."""
