CREATE TABLE suppliers (id serial PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE items (
    sku text PRIMARY KEY,
    name text NOT NULL,
    supplier_id integer REFERENCES suppliers(id),
    qty integer NOT NULL CHECK (qty >= 0),
    unit_cost numeric(10, 2) NOT NULL DEFAULT 0
);
