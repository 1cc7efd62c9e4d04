CREATE TABLE fines (
    id serial PRIMARY KEY,
    loan_id integer NOT NULL REFERENCES loans (id),
    amount_cents integer NOT NULL CHECK (amount_cents >= 0),
    paid boolean NOT NULL DEFAULT false
);
