CREATE TABLE movements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sku TEXT NOT NULL REFERENCES items (sku),
    kind TEXT NOT NULL CHECK (kind IN ('receipt', 'shipment', 'adjustment')),
    qty INTEGER NOT NULL CHECK (qty > 0),
    at TEXT NOT NULL
);
CREATE INDEX movements_sku ON movements (sku, at);
