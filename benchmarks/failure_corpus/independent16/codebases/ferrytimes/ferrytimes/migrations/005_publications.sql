CREATE TABLE publications (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    checksum text NOT NULL,
    sailings integer NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now()
);
