CREATE TABLE members (
    id serial PRIMARY KEY,
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('adult', 'child', 'staff')),
    email text,
    card_number text NOT NULL UNIQUE
);

CREATE TABLE copies (
    id serial PRIMARY KEY,
    barcode text NOT NULL UNIQUE,
    isbn text NOT NULL,
    title text NOT NULL,
    branch text NOT NULL
);
