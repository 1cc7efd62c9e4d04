CREATE TABLE cases (
    id serial PRIMARY KEY,
    case_number text NOT NULL UNIQUE,
    title text NOT NULL,
    case_type text NOT NULL CHECK (case_type IN ('civil', 'criminal', 'family', 'probate')),
    opened_on date NOT NULL DEFAULT current_date,
    status text NOT NULL DEFAULT 'open'
);
