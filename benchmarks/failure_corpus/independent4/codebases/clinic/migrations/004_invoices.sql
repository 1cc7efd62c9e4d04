CREATE TABLE invoices (
    id              serial PRIMARY KEY,
    appointment_id  integer NOT NULL UNIQUE REFERENCES appointments (id) ON DELETE CASCADE,
    net_cents       integer NOT NULL,
    tax_cents       integer NOT NULL,
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'void'))
);
