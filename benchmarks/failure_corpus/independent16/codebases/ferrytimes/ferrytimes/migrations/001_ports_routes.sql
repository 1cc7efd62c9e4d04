CREATE TABLE ports (
    code text PRIMARY KEY CHECK (code ~ '^[A-Z]{3,8}$'),
    name text NOT NULL,
    sea_area text NOT NULL
);
CREATE TABLE routes (
    id serial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    origin text NOT NULL REFERENCES ports (code),
    destination text NOT NULL REFERENCES ports (code),
    crossing_minutes integer NOT NULL CHECK (crossing_minutes > 0),
    CHECK (origin <> destination)
);
