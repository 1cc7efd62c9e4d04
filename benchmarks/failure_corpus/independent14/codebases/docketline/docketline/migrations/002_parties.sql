CREATE TABLE parties (
    id serial PRIMARY KEY,
    case_id integer NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    name text NOT NULL,
    role text NOT NULL CHECK (role IN ('plaintiff', 'defendant', 'petitioner', 'respondent')),
    bar_number text
);
