CREATE TABLE orders (
    id SERIAL PRIMARY KEY,
    external_ref TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    status TEXT NOT NULL DEFAULT 'new',
    total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
    payment_id TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT now()
);
