CREATE TABLE items (
    sku TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    unit_cents INTEGER NOT NULL CHECK (unit_cents >= 0),
    reorder_point INTEGER NOT NULL DEFAULT 0
);
