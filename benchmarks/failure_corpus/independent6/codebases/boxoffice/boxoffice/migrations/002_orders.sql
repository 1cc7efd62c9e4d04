CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id),
    customer TEXT NOT NULL,
    tier TEXT NOT NULL CHECK (tier IN ('standard', 'premium', 'concession')),
    seats INTEGER NOT NULL CHECK (seats > 0),
    total_cents INTEGER NOT NULL CHECK (total_cents >= 0)
);
