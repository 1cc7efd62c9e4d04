CREATE TABLE orders (
    event_id TEXT PRIMARY KEY,
    occurred_at TEXT NOT NULL,
    customer_id INTEGER,
    amount_eur TEXT NOT NULL CHECK (CAST(amount_eur AS REAL) >= 0),
    channel TEXT NOT NULL
);
CREATE TABLE shipments (
    shipment_id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES orders(event_id),
    carrier TEXT NOT NULL,
    parcels INTEGER NOT NULL CHECK (parcels > 0)
);
