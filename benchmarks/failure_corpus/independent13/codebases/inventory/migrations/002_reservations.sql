CREATE TABLE reservations (
    id serial PRIMARY KEY,
    sku text NOT NULL REFERENCES items(sku),
    qty integer NOT NULL,
    order_ref text NOT NULL UNIQUE
);
CREATE TABLE price_history (sku text NOT NULL, price numeric(10, 2) NOT NULL, seen_at timestamptz DEFAULT now());
