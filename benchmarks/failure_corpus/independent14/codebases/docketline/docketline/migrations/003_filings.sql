CREATE TABLE filings (
    id serial PRIMARY KEY,
    case_id integer NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    seq integer NOT NULL,
    document_type text NOT NULL,
    title text NOT NULL,
    filed_by text NOT NULL,
    filed_at timestamptz NOT NULL,
    pages integer NOT NULL CHECK (pages > 0),
    UNIQUE (case_id, seq)
);
