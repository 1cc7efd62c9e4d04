CREATE TABLE meters (
    id INTEGER PRIMARY KEY,
    serial TEXT NOT NULL UNIQUE,
    site TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('electricity', 'gas', 'heat')),
    customer TEXT NOT NULL CHECK (customer IN ('domestic', 'business')),
    multiplier FLOAT NOT NULL DEFAULT 1.0 CHECK (multiplier > 0)
);
