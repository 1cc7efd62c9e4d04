CREATE TABLE courtrooms (
    code text PRIMARY KEY,
    building text NOT NULL,
    capacity integer NOT NULL
);
CREATE TABLE hearings (
    id serial PRIMARY KEY,
    case_id integer NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    starts_at timestamp NOT NULL,
    minutes integer NOT NULL,
    kind text NOT NULL
);
