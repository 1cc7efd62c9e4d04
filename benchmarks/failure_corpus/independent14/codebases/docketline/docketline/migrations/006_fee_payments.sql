CREATE TABLE fee_payments (
    id serial PRIMARY KEY,
    case_id integer NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    filing_id integer REFERENCES filings (id),
    amount_cents integer NOT NULL CHECK (amount_cents >= 0),
    receipt_id text NOT NULL UNIQUE,
    paid_at timestamptz NOT NULL DEFAULT now()
);
