CREATE TABLE payments (
    id SERIAL PRIMARY KEY,
    booking_id INTEGER NOT NULL REFERENCES bookings (id),
    amount_cents INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('charge', 'refund'))
);
